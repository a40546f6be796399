#pragma once
// Executor: runs one scenario on the VUs it is given. One subclass per k6 executor, one file each
// (STYLE.md). Scheduling calls (start, tick, abort) come from the run thread; control calls
// (pause, resume, scale) from RunControl callers, serialised by LocalRun; acquireIteration and
// iterationDone from VU threads.

#include "core/exec/runcontrol.h"
#include "core/exec/vu.h"
#include "core/metrics/metric.h"
#include "core/script/scenarioconfig.h"

#include <QElapsedTimer>
#include <QMutex>
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

class Executor : public VuJob {
public:
    Executor(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters,
             ExecutorServices services = {});
    ~Executor() override = default;

    const ScenarioConfig &config() const { return m_config; }
    const ScenarioBinding &binding() const override { return m_binding; }
    QString name() const { return m_config.name; }

    // VUs to initialise before the run starts.
    virtual int preAllocatedVus() const = 0;
    // Scenario start; vus are the pre-allocated VUs reserved for this scenario.
    virtual void start(std::vector<Vu *> vus, bool paused) = 0;
    // Called about every 50 ms with the scenario's elapsed time (paused time excluded);
    // returns true once the scenario is over and all its VUs are idle.
    virtual bool tick(qint64 elapsedMs) = 0;
    // Run aborted: interrupt everything now.
    virtual void abort();

    virtual bool canPauseAfterStart() const { return false; }
    virtual bool canScale() const { return false; }
    // Mid-run pause/resume; only called when canPauseAfterStart().
    virtual ControlError pause() { return {}; }
    virtual ControlError resume() { return {}; }
    // Stored before start; applied at once while running (externally-controlled only).
    virtual ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax);

    virtual qint64 activeVus() const;
    virtual qint64 initializedVus() const;
    bool started() const { return m_started.load(); }
    bool finished() const { return m_finished.load(); }

    // VuJob
    bool acquireIteration(Vu &vu) override;
    void iterationDone(Vu &vu, IterationOutcome outcome) override;

protected:
    void deactivateAll(bool hard);
    void activateAll();                  // start every VU of the scenario (the looping executors)
    // The scenario's time is up: no new iterations; running ones get gracefulStop to finish and
    // are interrupted after it. Call on every tick from then on; true once finished.
    bool finishAfterGracefulStop();
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
    QElapsedTimer m_graceTimer;          // valid once the scenario's time is up
    void setVus(std::vector<Vu *> vus);
    std::atomic<bool> m_started{false};
    std::atomic<bool> m_finished{false};
    std::atomic<bool> m_accepting{true};    // false: VUs finish their iteration and go idle
};

} // namespace throttle
