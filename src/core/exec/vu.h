#pragma once
// Vu: one virtual user. It is a long-running task on the run's VU QThreadPool: run() creates the
// VuRuntime (QJSEngine, HTTP transport) on that pool thread, evaluates the init context, then
// waits for commands. Controllers (executors, on the run thread or a RunControl caller) talk to
// it only through the atomic command + wake-up below; they never touch its engine.
//
// VU state table (input x state -> next state). "soft" = finish the current iteration first;
// "hard" = interrupt it (cut HTTP, stop JS, wake sleep; the iteration counts as interrupted).
//
// | state \ input | activate(job)    | deactivate(soft)      | deactivate(hard)      | retire()   | interruptInit() | job refuses nextIteration |
// |---------------|------------------|-----------------------|-----------------------|------------|-----------------|---------------------------|
// | Initializing  | queued, runs     | no-op                 | no-op                 | exits after init (hard: init interrupted, Failed) | init interrupted: Failed | - |
// | Idle          | Running          | no-op                 | no-op                 | Exited     | no-op           | -                         |
// | Running       | re-bound to job  | Idle after iteration  | Idle within ms (also after a soft one) | Exited (hard) | no-op | Idle              |
// | Failed/Exited | ignored          | no-op                 | no-op                 | no-op      | no-op           | -                         |

#include "core/script/executiontuple.h"
#include "core/script/vuruntime.h"

#include <QMutex>
#include <QRunnable>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace throttle {

class Vu;
class RunHooks;

// What a VU runs while active; implemented by executors. Called on the VU's thread.
class VuJob {
public:
    virtual ~VuJob() = default;
    virtual const ScenarioBinding &binding() const = 0;
    // May this VU start another iteration now? false sends the VU back to Idle.
    virtual bool acquireIteration(Vu &vu) = 0;
    virtual void iterationDone(Vu &vu, IterationOutcome outcome) = 0;

    // The numbers of an iteration a VU has just acquired: 0, 1, 2... over all the job's VUs in
    // this instance (exec.scenario.iterationInInstance), and that number's place in the whole
    // test's iterations (iterationInTest: k6's SegmentedIndex, so that the instances of a
    // segmented run never collide). One atomic counter per job: no lock on the hot path.
    ScenarioIteration takeIterationNumbers()
    {
        const qint64 n = m_iterationsStarted.fetch_add(1, std::memory_order_relaxed);
        return {n, m_iterationStripe.globalIndex(n)};
    }

protected:
    void setIterationStripe(const ExecutionTuple &stripe) { m_iterationStripe = stripe; }   // before any VU runs

private:
    std::atomic<qint64> m_iterationsStarted{0};
    ExecutionTuple m_iterationStripe;   // unsegmented: globalIndex(n) == n
};

class Vu : public QRunnable {
public:
    enum class State { Initializing, Idle, Running, Failed, Exited };

    Vu(const ScriptContext &ctx, int id, RunHooks *hooks);
    ~Vu() override;

    void run() override;   // pool thread

    int id() const { return m_id; }
    State state() const;
    QString initError() const;
    // Blocks until init finished; false when it failed.
    bool waitInitialized();

    void setSetupData(const QByteArray &json);   // before activation
    void activate(VuJob *job);
    void deactivate(bool hard);
    void waitIdle();              // until Idle, Failed or Exited
    void retire(bool hard);       // thread leaves; engine destroyed on its thread
    // Until run() has returned for good: after this the Vu may be deleted (VuPool::release).
    void waitExited();
    // Stops the init code if it is still running (the run was aborted); init then fails.
    void interruptInit();
    bool isActive() const { return m_cmd.load(std::memory_order_acquire) == Cmd::Run; }

private:
    enum class Cmd { Idle, Run, Retire };
    // Opened by run() as the very last thing it does, through its own reference: once open, run()
    // touches nothing of the Vu any more, so the Vu may be destroyed while the latch lives on.
    struct ExitLatch {
        std::mutex mutex;
        std::condition_variable opened;
        bool open = false;
    };
    void runOnThread();
    void setState(State s);

    const ScriptContext &m_ctx;
    const int m_id;
    RunHooks *m_hooks;
    VuRuntime *m_rt = nullptr;           // valid while the thread runs; guarded by m_mutex for interrupt
    mutable QMutex m_mutex;
    // Waits on m_mutex through std::condition_variable_any, not QWaitCondition: Qt's wait releases
    // the QMutex inside libQt6Core, unseen by ThreadSanitizer (installer/tsan.sh), which then
    // takes the mutex for held and every later lock for a double lock.
    std::condition_variable_any m_wake;      // VU waits for commands
    std::condition_variable_any m_changed;   // controllers wait for state changes
    std::atomic<Cmd> m_cmd{Cmd::Idle};
    quint64 m_gen = 0;                   // bumped on every command
    VuJob *m_job = nullptr;
    State m_state = State::Initializing;
    QString m_initError;
    QByteArray m_setupData;
    bool m_setupDirty = true;
    bool m_initInterrupted = false;
    std::shared_ptr<ExitLatch> m_exit = std::make_shared<ExitLatch>();
};

} // namespace throttle
