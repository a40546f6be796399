#pragma once

#include "executiontuple.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace throttle {

// ScenarioConfig: one entry of `options.scenarios` (script-api.md §3) after strict parsing,
// with k6's defaults, validation messages, one-line description and VU/duration needs.
//
// A plain value type (public fields, copied freely between threads; nothing is shared).
// Fields that k6 keeps as "null" types are std::optional so that "not given" stays
// distinguishable from a given default: k6's validation and descriptions depend on it
// (e.g. `exec: x` is only shown when exec was given). Durations are milliseconds.
// Parsing lives in ScenarioParser; consolidation in OptionsConsolidator.
class ScenarioConfig
{
public:
    enum class Executor {
        ConstantVUs,
        RampingVUs,
        SharedIterations,
        PerVUIterations,
        ConstantArrivalRate,
        RampingArrivalRate,
        ExternallyControlled,
    };

    // One `{duration, target}` stage; target is VUs or an iteration rate per timeUnit.
    struct Stage
    {
        std::optional<qint64> durationMs;
        std::optional<qint64> target;
        bool operator==(const Stage &) const = default;
    };

    static constexpr qint64 kMinDurationMs = 1000;
    static constexpr qint64 kDefaultGracefulStopMs = 30000;

    QString name;
    Executor executor = Executor::PerVUIterations;

    // Common keys (§3.1).
    std::optional<qint64> startTimeMs;
    std::optional<qint64> gracefulStopMs;
    std::optional<QString> exec;
    QMap<QString, QString> env;
    QMap<QString, QString> tags;
    QJsonObject scenarioOptions; // `options` (browser settings), kept raw

    // Executor keys (§3.2); which ones are allowed depends on the executor.
    std::optional<qint64> vus;
    std::optional<qint64> durationMs;
    std::optional<qint64> iterations;
    std::optional<qint64> maxDurationSettingMs; // the `maxDuration` key
    std::optional<qint64> startVUs;
    QList<Stage> stages;
    std::optional<qint64> gracefulRampDownMs;
    std::optional<qint64> rate;
    std::optional<qint64> timeUnitMs;
    std::optional<qint64> preAllocatedVUs;
    std::optional<qint64> maxVUsValue;
    std::optional<qint64> startRate;

    // This instance's execution segment (script-api.md §2.2 `executionSegment`); nullptr when
    // the run is not segmented. Set on the run's copy only; the key values above stay the
    // test-wide ones (validation and exec.test.options use them), the segment* accessors below
    // give this instance's share the way k6's executors compute it.
    std::shared_ptr<const ExecutionTuple> segment;

    static QString executorName(Executor executor);
    static std::optional<Executor> executorFromName(const QString &name);
    // The JSON keys accepted for an executor, common keys included (strict parsing).
    static QStringList allowedKeys(Executor executor);

    QString executorName() const { return executorName(executor); }
    // The exported function to run: exec, or "default" when not given or empty.
    QString execFunction() const;
    qint64 startTime() const { return startTimeMs.value_or(0); }
    qint64 gracefulStop() const { return gracefulStopMs.value_or(kDefaultGracefulStopMs); }
    // Key values with k6's per-executor defaults applied.
    qint64 vusOrDefault() const;
    qint64 iterationsOrDefault() const { return iterations.value_or(1); }
    qint64 maxDurationSetting() const { return maxDurationSettingMs.value_or(600000); }
    qint64 startVUsOrDefault() const { return startVUs.value_or(1); }
    qint64 gracefulRampDown() const { return gracefulRampDownMs.value_or(30000); }
    qint64 timeUnit() const { return timeUnitMs.value_or(1000); }
    qint64 startRateOrDefault() const { return startRate.value_or(0); }
    // maxVUs for the arrival-rate and externally-controlled executors (default: the
    // pre-allocated VUs, resp. vus).
    qint64 maxVUsSetting() const;

    // This instance's share of a test-wide count (k6 ExecutionTuple.ScaleInt64).
    qint64 scaled(qint64 value) const { return segment ? segment->scale(value) : value; }
    // vus (constant-vus, shared-/per-vu-iterations, externally-controlled), scaled.
    qint64 segmentVUs() const { return scaled(vusOrDefault()); }
    // Iterations this instance runs: shared-iterations re-cuts the segment sequence by its VUs
    // first (k6), so instances with no VU get no iterations; per-vu-iterations: per VU, unscaled.
    qint64 segmentIterations() const;
    qint64 segmentPreAllocatedVUs() const { return scaled(preAllocatedVUs.value_or(0)); }
    qint64 segmentMaxVUs() const { return scaled(maxVUsSetting()); }
    // The striping of arrival-rate starts: the tuple re-cut by maxVUs (k6's arrival-rate Init).
    // Start k of this instance is start globalIndex(k) of the whole test.
    ExecutionTuple arrivalTuple() const;
    // The striping of iteration numbers (exec.scenario.iterationInTest = globalIndex of
    // iterationInInstance), as k6's executors Init their SegmentedIndex: re-cut by vus for
    // shared-iterations, by maxVUs for the arrival-rate executors, the run's segment otherwise.
    ExecutionTuple iterationTuple() const;
    // False when this instance's share of the scenario is empty: k6 then skips the scenario.
    bool hasWork() const;

    // k6's checks for this scenario, in k6's order; empty when valid.
    QStringList validate() const;
    // k6's one-line description, e.g. "10 looping VUs for 30s (gracefulStop: 30s)".
    QString description() const;
    // Longest run time of the scenario itself (startTime excluded), graceful stop included.
    qint64 maxDurationMs() const;
    // The sum of the stages' durations (ramping executors).
    qint64 stagesDurationMs() const;
    // startTime + maxDurationMs(): when the scenario is over at the latest.
    qint64 endOffsetMs() const { return startTime() + maxDurationMs(); }
    // VUs this instance's share of the scenario may need at once (k6 initialises this many
    // before the start).
    qint64 maxVUs() const;
    // The highest of start and every stage target (ramping executors), unscaled.
    qint64 stagesMaxTarget(qint64 start) const;
    // The scenario as k6 shows it in exec.test.options (unset keys as null).
    QJsonObject toJson() const;

private:
    QStringList validateBase() const;
    QStringList validateExecutor() const;
    QStringList validateStages() const;
    QStringList validatePreAllocated() const;
    QStringList validateExternallyControlled() const;
    QString baseInfo(QStringList facts) const;
    QString maxVUsRange() const;
    double segmentLength() const;
};

} // namespace throttle
