#pragma once
// LocalRun: a test run in this process. Implements RunControl (the one control surface) and
// RunHooks (what VUs may ask of the run). Owns the VU pool, the executors and the run thread,
// which walks the phases of control-api.md §2.2:
//
// | phase            | status | next on normal path        | on stop()                | on --paused resume |
// |------------------|--------|----------------------------|--------------------------|--------------------|
// | init VUs         | 1      | 2, 3                       | 10 after init, no setup  | -                  |
// | waiting (paused) | 4      | (waits)                    | 10, no setup/teardown    | 5                  |
// | started/setup    | 5, 6   | 7                          | 10 after setup, teardown | -                  |
// | running          | 7      | 8 when every scenario ends | 8 (hard stop), then 10   | -                  |
// | teardown         | 8      | 9                          | 10                       | -                  |
// | ended            | 9/10   | -                          | no-op                    | -                  |

#include "core/exec/executor.h"
#include "core/exec/runclock.h"
#include "core/exec/runcontrol.h"
#include "core/exec/vupool.h"
#include "core/metrics/thresholdset.h"
#include "core/script/runhooks.h"
#include "core/script/scriptcontext.h"

#include <QMutex>
#include <QWaitCondition>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace throttle {

struct RunSettings {
    bool startPaused = false;
    bool noSetup = false;
    bool noTeardown = false;
    qint64 setupTimeoutMs = 60000;
    qint64 teardownTimeoutMs = 60000;
    // --strict-k6 / THROTTLE_STRICT_K6=1: pause and scale answer exactly as k6 (only the
    // externally-controlled executor can be steered), no additive status attributes, and
    // rate/mode/scenario in a PATCH are ignored.
    bool strictK6 = false;
};

class ExternallyControlledExecutor;

class LocalRun : public RunControl, public RunHooks {
    Q_OBJECT
public:
    // ctx must outlive the run; scenarios in execution order.
    LocalRun(ScriptContext &ctx, QList<ScenarioConfig> scenarios, RunSettings settings, QObject *parent = nullptr);
    ~LocalRun() override;

    void start();              // starts the run thread
    void waitFinished();       // blocks until the run thread ended
    int exitCode() const { return m_exitCode.load(); }
    bool isFinished() const { return m_done.load(); }
    const RunClock &clock() const { return m_clock; }
    QStringList scenarioDescriptions() const;
    // The run's scenarios, with this instance's execution segment attached (ScenarioConfig::segment).
    const QList<ScenarioConfig> &scenarios() const { return m_scenarios; }
    double progress() const;   // 0..1 over the longest scenario, for the progress line
    qint64 maxDurationMs() const;
    void abortBySignal();      // SIGINT/SIGTERM: exit code 105
    // Thresholds evaluated every 2 s (tainted, abortOnFail) and once at the end (exit code 99).
    void setThresholds(const ThresholdSet *thresholds) { m_thresholds = thresholds; }
    ThresholdSet::Evaluation lastEvaluation() const;

    // RunControl
    RunStatus status() const override;
    ControlError pause() override;
    ControlError resume() override;
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override;
    ControlError steer(const StatusPatch &patch) override;
    bool strictK6() const override { return m_settings.strictK6; }
    ControlError stop() override;
    ControlError stopAsRequested(const QString &note) override;
    std::optional<QByteArray> setupData() const override;
    void setSetupData(std::optional<QByteArray> json) override;
    ControlError runSetup() override;
    ControlError runTeardown() override;

    // RunHooks
    double testRunDurationMs() const override { return double(m_clock.elapsedNs()) / 1e6; }
    qint64 iterationsCompleted() const override { return m_counters.completed.load(); }
    qint64 iterationsInterrupted() const override { return m_counters.interrupted.load(); }
    qint64 vusActive() const override;
    qint64 vusInitialized() const override { return m_vusMax.load(); }
    void abortTest(const QString &reason) override;
    double scenarioStartTimeMs(const QString &scenario) const override;
    double scenarioProgress(const QString &scenario) const override;

signals:
    void finished(int exitCode);

private:
    void runThread();
    bool initPhase();
    bool waitForResume();
    bool setupPhase();
    void scenarioPhase();
    void teardownPhase();
    void finish();
    void setPhase(ExecStatus s);
    void abort(int exitCode, const QString &message);
    bool aborted() const { return m_stopped.load(); }
    void emitVuGauges();
    CallResult callPseudo(const QString &fn, const QByteArray &arg, const QString &group);
    ExternallyControlledExecutor *firstExternallyControlled() const;
    Executor *executorNamed(const QString &scenario) const;   // nullptr if there is none
    // Throttle's steering (README "Steering every executor"); m_controlMutex held.
    ControlError scaleK6(std::optional<qint64> vus, std::optional<qint64> vusMax);
    ControlError steerLocked(const StatusPatch &patch);
    ControlError steerVus(Executor *named, const StatusPatch &patch);
    ControlError steerRate(Executor *named, qint64 rate);
    ControlError steerMode(Executor *named, const QString &mode);
    // The first scenario (execution order) with the capability that has not finished; *over is
    // set when such scenarios exist but all have finished.
    Executor *firstCapable(int capability, bool *over) const;
    int capabilitiesOf(const Executor &e) const;
    QList<ScenarioStatus> scenarioStatuses() const;
    void logError(const QString &msg);
    qint64 initializedVus() const;
    void evaluateThresholds(bool final);

    ScriptContext &m_ctx;
    QList<ScenarioConfig> m_scenarios;
    RunSettings m_settings;
    IterationCounters m_counters;
    RunClock m_clock;
    std::unique_ptr<VuPool> m_pool;
    std::vector<std::unique_ptr<Executor>> m_executors;
    std::thread m_thread;

    QMutex m_controlMutex;              // one control change at a time
    mutable QMutex m_mutex;             // guards the fields below and the run thread's waits
    QWaitCondition m_wake;
    std::atomic<int> m_phase{0};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_stopped{false};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_scenariosOver{false};
    std::atomic<bool> m_done{false};
    std::atomic<int> m_exitCode{0};
    std::atomic<qint64> m_vusMax{0};
    std::optional<QByteArray> m_setupData;
    const ThresholdSet *m_thresholds = nullptr;
    ThresholdSet::Evaluation m_evaluation;     // guarded by m_mutex
    std::atomic<bool> m_tainted{false};
};

} // namespace throttle
