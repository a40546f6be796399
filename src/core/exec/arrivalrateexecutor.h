#pragma once
// ArrivalRateExecutor: what constant- and ramping-arrival-rate share (script-api.md §3.2, §3.3).
// Iterations start at the times nextArrivalMs() gives, independent of response times. Each start
// hands one idle VU a ticket for exactly one iteration; a start that finds no idle VU is dropped
// (one dropped_iterations sample) and, while fewer than maxVUs exist, asks the initialiser thread
// for one more VU for later starts (k6 v0.49 behaviour); once none are left it logs k6's
// `Insufficient VUs` warning once.
//
// Threads: start/tick/abort on the run thread; a scheduling thread (precise waits on the steady
// clock; the 50 ms tick is far too coarse for high rates); an initialiser thread (VuPool::grow
// blocks while the new VU runs its init code); acquireIteration/iterationDone on VU threads.
//
// Steering (Throttle; README "Steering every executor"). The scheduling thread runs on its own
// timeline: m_t0 is moved forward by every pause (from the moment it took effect), so starts due
// while paused, or while a pause waits for in-flight iterations, are neither started nor dropped,
// and the schedule, the duration and the manual rate all exclude paused time.
// Mode table (input x mode -> next; every input wakes the scheduling thread, which re-plans):
// | mode \ input   | setManualRate(r >= 0)               | holdManual()             | backToSchedule()                       | pause / resume |
// |----------------|-------------------------------------|--------------------------|----------------------------------------|----------------|
// | Schedule       | Manual(r): starts at now + k*unit/r | Manual(scheduled rate now) | no-op                                 | pause took effect: timeline frozen; resume: shifted |
// | Manual(r0)     | Manual(r)                           | no-op                    | Schedule: starts due before now skipped (not dropped) | same |
// r = 0 starts nothing until the next change. The duration (stages' total for ramping) still
// ends the scenario.
//
// VU table (event x state -> next state):
// | state \ event | start (arrival)        | acquireIteration       | iterationDone | abort / grace over | pause |
// |---------------|------------------------|------------------------|---------------|--------------------|-------|
// | Free          | Ticketed, activated    | false (stays idle)     | -             | -                  | -     |
// | Ticketed      | (not free: not chosen) | true -> Busy           | -             | refused -> Free    | refused -> Free (not dropped) |
// | Busy          | (not free: not chosen) | false after the 1 iteration | Free     | interrupted        | finishes its iteration (pause waits) |

#include "core/exec/executor.h"

#include <QElapsedTimer>
#include <QSet>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace throttle {

class ArrivalRateExecutor : public Executor {
public:
    using Executor::Executor;
    ~ArrivalRateExecutor() override;

    qint64 preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    void abort() override;
    qint64 activeVus() const override { return m_busy.load(); }

    int capabilities() const override { return CapPause | CapRate; }
    void beginPause() override;
    void pauseTookEffect() override;
    ControlError resume() override;
    ControlError setManualRate(qint64 rate) override;
    ControlError holdManual() override;
    ControlError backToSchedule() override;
    bool manual() const override;
    qint64 vusLimit() const override { return m_config.maxVUsSetting(); }
    std::optional<double> currentRate() const override;

    bool acquireIteration(Vu &vu) override;
    void iterationDone(Vu &vu, IterationOutcome outcome) override;

    qint64 startedIterations() const { return m_startedIterations.load(); }
    qint64 droppedIterations() const { return m_droppedIterations.load(); }

protected:
    // Offset from the scenario start of the next start, in ms; called in order on the scheduling
    // thread only. nullopt: no more starts.
    virtual std::optional<double> nextArrivalMs() = 0;
    virtual qint64 durationMs() const = 0;
    // Starts per ms the schedule asks for at `ms` after the scenario start; any thread.
    virtual double scheduledRatePerMs(double ms) const = 0;
    // Joins the threads. Subclass destructors call it first: the scheduler calls their overrides.
    void stopThreads();

    // Segmented runs: this instance's start k is start m_stripe.globalIndex(k) of the test-wide
    // schedule, so the instances of a sequence together start exactly the unsegmented starts.
    const ExecutionTuple m_stripe = m_config.arrivalTuple();

private:
    using Clock = std::chrono::steady_clock;

    void scheduleLoop();
    std::optional<double> planNext();
    double timelineMs() const;   // scenario time on the scheduler's timeline; m_mutex held
    void changed();              // wake the scheduler to re-plan; m_mutex held
    void initLoop();
    void startOne(std::vector<Sample> &drops);
    Vu *initializeVu();

    std::thread m_scheduler;
    std::thread m_initializer;

    mutable std::mutex m_mutex;         // guards the members down to m_warned
    std::condition_variable m_wake;     // stop, for both threads; init requests; steering
    Clock::time_point m_t0;             // scenario start, moved forward by each pause
    bool m_timelineStarted = false;
    bool m_timelinePaused = false;
    Clock::time_point m_pausedAt;
    quint64 m_changes = 0;              // bumped by every steering input
    double m_manualRate = -1;           // starts per timeUnit; < 0 = follow the schedule
    double m_manualAnchorMs = 0;        // manual start k is due at anchor + k * timeUnit / rate
    qint64 m_manualIndex = 0;
    bool m_resync = false;              // back to schedule: skip starts due before now
    std::optional<double> m_pending;    // the next planned start, timeline ms
    std::vector<Vu *> m_free;
    QSet<const Vu *> m_tickets;
    bool m_stop = false;
    bool m_initRequested = false;
    qint64 m_unplanned = 0;             // VUs that may still be initialised (maxVUs - VUs)
    bool m_warned = false;

    std::atomic<bool> m_timeUp{false};
    std::atomic<qint64> m_busy{0};
    std::atomic<qint64> m_startedIterations{0};
    std::atomic<qint64> m_droppedIterations{0};
};

} // namespace throttle
