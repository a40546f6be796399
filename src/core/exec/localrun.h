#pragma once
// LocalRun: a test run in this process. Implements RunControl (the one control surface;
// localruncontrol.cpp: it validates and locks, SteeringPolicy decides which scenario a change goes
// to) and RunHooks (what VUs may ask of the run). Owns the VU pool, the executors, the memory guard,
// setup()/teardown() with the setup data (SetupTeardown) and the run thread (localrun.cpp), which
// walks the phases of control-api.md §2.2 and, while scenarios run, ticks them every 50 ms, samples
// the vus gauges every second, evaluates thresholds every 2 s and trims the heap every 10 s:
//
// | phase            | status | next on normal path        | on stop()                | on --paused resume |
// |------------------|--------|----------------------------|--------------------------|--------------------|
// | init VUs         | 1      | 2, 3                       | 10 after init, no setup  | -                  |
// | waiting (paused) | 4      | (waits)                    | 10, no setup/teardown    | 5                  |
// | started/setup    | 5, 6   | 7                          | 10 after setup, teardown | -                  |
// | running          | 7      | 8 when every scenario ends | 8 (hard stop), then 10   | -                  |
// | teardown         | 8      | 9                          | 10                       | -                  |
// | ended            | 9/10   | -                          | no-op (exit code kept)   | -                  |
//
// A pause while running (control-api.md §2.4): pause() stops new iterations and then waits without
// holding the control lock; the run thread completes it once no iteration of a paused scenario is
// running (completePauseIfIdle: only then the clock stops). Until then the clock runs, so the
// duration may end the run, and stop(), a signal or resume() act at once; the pause then answers
// 500 "the test run has already finished" (stop, end) or 200 (cancelled by a resume).

#include "core/exec/executor.h"
#include "core/exec/memoryguard.h"
#include "core/exec/runclock.h"
#include "core/exec/runcontrol.h"
#include "core/exec/setupteardown.h"
#include "core/exec/steeringaction.h"
#include "core/exec/steeringpolicy.h"
#include "core/exec/vupool.h"
#include "core/metrics/thresholdset.h"
#include "core/script/runhooks.h"
#include "core/script/scriptcontext.h"

#include <QMutex>
#include <atomic>
#include <condition_variable>
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
    // --max-vus-ceiling / THROTTLE_MAX_VUS: the most VUs this process initialises (0 = no
    // ceiling; the machine's limits still apply, VuCapacity).
    qint64 maxVusCeiling = VuCapacity::kDefaultCeiling;
    // --max-memory / THROTTLE_MAX_MEMORY: the run is aborted (exit code 107) when Throttle's
    // resident memory reaches it; 0 = only the machine's limits (MemoryGuard).
    qint64 maxMemoryBytes = 0;
};

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
    // SIGINT/SIGTERM: exit code 105; k6's name of the signal ("interrupt", "terminated").
    void abortBySignal(const QString &signalName = QStringLiteral("interrupt"));
    // Thresholds evaluated every 2 s (tainted, abortOnFail) and once at the end (exit code 99).
    void setThresholds(const ThresholdSet *thresholds) { m_thresholds = thresholds; }
    ThresholdSet::Evaluation lastEvaluation() const;
    // Told about every accepted pause, resume, VU / rate / mode change and stop (the run history);
    // null = nobody. Set before start(); must outlive the run.
    void setSteeringObserver(SteeringObserver *observer) { m_observer.store(observer); }

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
    // The run thread (localrun.cpp), in the order it runs them.
    void runThread();
    bool initPhase();
    bool waitForResume();
    bool setupPhase();
    void scenarioPhase();
    std::vector<std::vector<Vu *>> reserveInitialVus();
    bool tickScenarios(std::vector<std::vector<Vu *>> &reserved);   // m_controlMutex taken
    void endScenarios();
    void teardownPhase();
    void finish();
    void abort(int exitCode, const QString &message);
    void failInit(int exitCode, const QString &message);
    bool aborted() const { return m_stopped.load(); }
    void emitVuGauges();
    void evaluateThresholds(bool final);
    Executor *executorNamed(const QString &scenario) const;   // nullptr if there is none
    qint64 initializedVus() const;
    void setPhase(ExecStatus s);
    void logError(const QString &msg);

    // The control side (localruncontrol.cpp).
    RunPosition position() const;
    QList<ScenarioStatus> scenarioStatuses() const;
    ControlError awaitPause(quint64 generation);
    void completePauseIfIdle();   // run thread, m_controlMutex held
    struct SteerState {           // what steer() may change, for the steering log
        qint64 vus = 0;
        qint64 vusMax = 0;
        QList<ScenarioStatus> scenarios;
    };
    SteerState steerState() const;   // m_controlMutex held
    void noteSteering(const QString &action, const QString &scenario, const QString &oldValue,
                      const QString &newValue) const;
    void noteSteeringChanges(const StatusPatch &patch, const SteerState &before, const SteerState &after,
                             bool accepted) const;

    ScriptContext &m_ctx;
    QList<ScenarioConfig> m_scenarios;
    RunSettings m_settings;
    IterationCounters m_counters;
    RunClock m_clock;
    std::unique_ptr<VuPool> m_pool;
    std::vector<std::unique_ptr<Executor>> m_executors;
    std::unique_ptr<SteeringPolicy> m_steering;   // over m_executors; m_controlMutex held
    std::vector<Vu *> m_initialVus;     // made by initPhase, handed to the executors at their start
    std::thread m_thread;
    std::unique_ptr<MemoryGuard> m_memoryGuard;
    std::unique_ptr<SetupTeardown> m_setupTeardown;

    QMutex m_controlMutex;              // one control change at a time (a pause holds it only to begin)
    mutable QMutex m_mutex;             // guards the fields below and the run thread's waits
    std::condition_variable_any m_wake;   // on m_mutex; not QWaitCondition, see Vu::m_wake
    std::atomic<int> m_phase{0};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_stopped{false};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_scenariosOver{false};
    std::atomic<bool> m_done{false};
    std::atomic<int> m_exitCode{0};
    std::atomic<qint64> m_vusMax{0};
    // A pause waits for the in-flight iterations without holding m_controlMutex: pending from
    // pause() until the run thread sees every paused scenario idle (then the clock stops), a
    // resume cancels it (new generation), a stop or the end answers it with an error.
    bool m_pausePending = false;
    quint64 m_pauseGeneration = 0;
    const ThresholdSet *m_thresholds = nullptr;
    ThresholdSet::Evaluation m_evaluation;     // guarded by m_mutex
    std::atomic<bool> m_tainted{false};
    std::atomic<SteeringObserver *> m_observer{nullptr};
};

} // namespace throttle
