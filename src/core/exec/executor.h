#pragma once
// Executor: runs one scenario on the VUs it is given. One subclass per k6 executor, one file each
// (STYLE.md). Scheduling calls (start, tick, abort) come from the run thread; control calls
// (pause, resume, scale, setManualVus, setManualRate, holdManual, backToSchedule) from RunControl
// callers, serialised with the ticks by LocalRun's control lock; acquireIteration and
// iterationDone from VU threads.
//
// Beyond k6, every executor can pause (README "Steering every executor"). A pause takes effect in
// two steps (control-api.md §2.4: the run clock stops only once the pause is complete):
// beginPause() (RunControl caller) stops new iterations at once and lets the running ones finish;
// pauseTookEffect() (run thread) follows when none is left running, and only then the clock and
// the schedule stand still. The generic pause, shared by all but the externally-controlled
// executor's own table:
// | state \ input | beginPause                       | pauseTookEffect | resume                  | tick                                    |
// |---------------|----------------------------------|-----------------|-------------------------|-----------------------------------------|
// | Running       | Pausing: no new iteration        | -               | (LocalRun: 500)         | schedule                                |
// | Pausing       | (LocalRun: 500)                  | Paused          | Running: resumeVus()    | only the end: time up ends the scenario  |
// | Paused        | (LocalRun: 500)                  | -               | Running: resumeVus()    | false: not over; the run clock is stopped |
// All times an executor uses (schedule, maxDuration, gracefulStop, ramp-down grace) are the
// scenario's elapsed time that tick() receives, which excludes paused time.

#include "core/exec/runcontrol.h"
#include "core/exec/steeringtarget.h"
#include "core/exec/vu.h"
#include "core/metrics/metric.h"
#include "core/script/scenarioconfig.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QStringList>
#include <atomic>
#include <vector>

namespace throttle {

class VuPool;
class RunClock;
class MetricsEngine;
class LogSink;

// What an executor may use of its run besides VUs: the metrics engine (dropped_iterations), the
// log (k6's executor warnings) and the run tags. Null pointers are allowed (nothing is emitted).
struct ExecutorServices {
    MetricsEngine *metrics = nullptr;
    LogSink *log = nullptr;
    QList<QPair<QString, QString>> runTags;
};

struct IterationCounters {
    std::atomic<qint64> completed{0};
    std::atomic<qint64> interrupted{0};
};

class Executor : public VuJob, public SteeringTarget {
public:
    Executor(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters,
             ExecutorServices services = {});
    ~Executor() override = default;

    const ScenarioConfig &config() const { return m_config; }
    const ScenarioBinding &binding() const override { return m_binding; }
    QString name() const override { return m_config.name; }
    QString executorName() const override { return m_config.executorName(); }

    // VUs to initialise before the run starts.
    virtual qint64 preAllocatedVus() const = 0;
    // Scenario start; vus are the pre-allocated VUs reserved for this scenario.
    virtual void start(std::vector<Vu *> vus, bool paused) = 0;
    // Called about every 50 ms with the scenario's elapsed time (paused time excluded);
    // returns true once the scenario is over and all its VUs are idle.
    virtual bool tick(qint64 elapsedMs) = 0;
    // Run aborted: interrupt everything now.
    virtual void abort();

    // k6's answer: only the externally-controlled executor pauses after its start (strict mode).
    bool canPauseAfterStart() const override { return false; }
    int capabilities() const override { return CapPause; }
    // Mid-run pause/resume (generic: see the table above). beginPause() does not wait; the run
    // thread calls pauseTookEffect() once idleForPause() holds for every paused executor.
    virtual void beginPause();
    virtual void pauseTookEffect();
    virtual ControlError resume();
    bool paused() const { return m_paused.load(); }
    // true while paused and the pause has taken effect (the schedule stands still).
    bool pauseSettled() const { return m_paused.load() && m_pauseSettled.load(); }
    // No iteration of this scenario is running any more.
    virtual bool idleForPause() const { return !anyRunning(); }
    // k6's live scale (externally-controlled only): stored before start, applied at once after.
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override;

    // Manual override (Throttle): hold `vus` active VUs / `rate` starts per timeUnit from now on,
    // instead of the schedule. Bounds are checked here with k6-style messages (400 Config update
    // error). Before the start the value is stored; while paused it applies on resume.
    ControlError setManualVus(qint64 vus) override;
    ControlError setManualRate(qint64 rate) override;
    ControlError holdManual() override;      // mode "manual": hold the current values
    ControlError backToSchedule() override;  // mode "schedule": follow the schedule from now on
    virtual bool manual() const { return false; }
    virtual QString mode() const { return manual() ? QStringLiteral("manual") : QStringLiteral("schedule"); }
    // The upper bound of a VU change (status "vus-max" of the scenario).
    qint64 vusLimit() const override { return preAllocatedVus(); }
    // Arrival-rate executors: the current starts per timeUnit.
    virtual std::optional<double> currentRate() const { return std::nullopt; }
    // The checks every VU change shares (k6's messages): the run is over; vus outside 0..max.
    ControlError vuChangeError(qint64 vus, qint64 max) const;

    virtual qint64 activeVus() const;
    virtual qint64 initializedVus() const;
    bool started() const { return m_started.load(); }
    bool finished() const override { return m_finished.load(); }

    // exec.scenario.startTime and .progress (k6/execution); LocalRun marks the start and passes
    // every tick's elapsed time (paused time excluded). Any thread.
    void markStartedAt(qint64 epochMs) { m_startEpochMs.store(epochMs, std::memory_order_release); }
    void noteElapsed(qint64 elapsedMs) { m_elapsedMs.store(elapsedMs, std::memory_order_release); }
    qint64 startEpochMs() const { return m_startEpochMs.load(std::memory_order_acquire); }
    // 0..1, as k6's progress: iterations done ÷ iterations for the iteration-bounded executors,
    // elapsed ÷ scheduled duration for the others (0 when the duration is unbounded); 1 once over.
    double progress() const;

    // VuJob
    bool acquireIteration(Vu &vu) override;
    void iterationDone(Vu &vu, IterationOutcome outcome) override;

protected:
    void deactivateAll(bool hard);
    void activateAll();                  // start every VU of the scenario (the looping executors)
    // After a pause: start the VUs again (default: activateAll()).
    virtual void resumeVus() { activateAll(); }
    // The scenario's time is up: no new iterations; running ones get gracefulStop to finish and
    // are interrupted after it. Call on every tick from then on; true once finished.
    bool finishAfterGracefulStop(qint64 elapsedMs);
    // true while the gracefulStop period that began at the first call has not run out.
    bool inGracePeriod(qint64 elapsedMs);
    // May a VU start an iteration now (not stopping, not paused)?
    bool mayStart() const { return m_accepting.load(std::memory_order_acquire) && !m_paused.load(std::memory_order_acquire); }
    // For executors that hand out iterations themselves: no VU active or running any more.
    bool allVusIdle() const { return !anyRunning() && activeVus() == 0; }
    void waitAllIdle();
    bool anyRunning() const;
    // dropped_iterations samples (Counter, tags: run tags + scenario); any thread.
    Sample droppedSample(qint64 count) const;
    void emitDropped(qint64 count) const;
    void emitSamples(std::vector<Sample> &&batch) const;
    void logWarning(const QString &message) const;

    ScenarioConfig m_config;
    ScenarioBinding m_binding;
    VuPool &m_pool;
    IterationCounters &m_counters;
    ExecutorServices m_services;
    TagSetId m_droppedTags = 0;
    // m_vus changes only under LocalRun's control lock, plus m_vusMutex so that status readers
    // on other threads (REST, GUI) never see it mid-change.
    std::vector<Vu *> m_vus;
    mutable QMutex m_vusMutex;
    std::atomic<qint64> m_startEpochMs{0};
    std::atomic<qint64> m_elapsedMs{0};
    std::atomic<qint64> m_done{0};   // iterations of this scenario that ended (any outcome)
    qint64 m_graceStartMs = -1;          // elapsed ms when the scenario's time was up; -1 = not yet
    void setVus(std::vector<Vu *> vus);
    std::vector<Vu *> vusCopy() const;
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_finished{false};
    std::atomic<bool> m_accepting{true};    // false: VUs finish their iteration and go idle
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_pauseSettled{false};   // see pauseSettled()
};

} // namespace throttle
