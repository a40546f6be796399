#pragma once
// VuEventLoop: one VU's event loop, as k6 v1 runs one per VU: the promise jobs the engine queued
// (PromiseJobs) and the setTimeout/setInterval timers (TimerQueue). run() alternates the two until
// nothing is left — an iteration, setup() or the init context ends only then — or until the VU
// is interrupted (stop, scale-down: the wait for the next timer is the VU's interruptible wait,
// so it is cut within milliseconds, like sleep()), or a timer callback throws, or the caller's
// `done` check says to stop (the exported function's promise was rejected). The loop itself
// neither blocks nor calls JavaScript: the VU hands in how to wait and how to fire a timer, so
// the same loop can later wait by yielding a fiber. Lives on the VU's thread with its VuRuntime.

#include "core/script/timerqueue.h"

#include <QDeadlineTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace throttle {

class PromiseJobs;

class VuEventLoop {
public:
    // interrupted: the VU's flag (set from any thread); wait: blocks until the deadline or until
    // the VU is interrupted.
    VuEventLoop(const std::atomic<bool> &interrupted, std::function<void(QDeadlineTimer)> wait);
    ~VuEventLoop();

    TimerQueue &timers() { return m_timers; }
    static qint64 now();   // the timers' clock: steady nanoseconds

    enum class End { Empty, Interrupted, TimerThrew, Done };
    // fire(id) runs timer `id`'s callback and returns false when it threw. `done`, checked after
    // every round of promise jobs, ends the loop early (End::Done) when it returns true.
    End run(const std::function<bool(int id)> &fire, const std::function<bool()> &done = {});
    // Runs the queued promise jobs (and those they queue); false when interrupted first.
    bool runJobs();
    // Drops every queued job and timer: what an interrupted iteration left must not run later.
    void discard();

private:
    const std::atomic<bool> &m_interrupted;
    std::function<void(QDeadlineTimer)> m_wait;
    TimerQueue m_timers;
    std::unique_ptr<PromiseJobs> m_jobs;   // made on first use: it gives the thread an event dispatcher
};

} // namespace throttle
