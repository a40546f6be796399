#pragma once
// waitRunClock: blocks the test thread until a LocalRun is running and its clock (paused time
// excluded) has reached ms; false if the run finished first or nothing happened for ms + 20 s.

#include "core/exec/localrun.h"

#include <QDeadlineTimer>
#include <chrono>
#include <thread>

namespace throttle {

inline bool waitRunClock(LocalRun &run, qint64 ms)
{
    QDeadlineTimer deadline(ms + 20000);
    while (run.clock().elapsedMs() < ms || run.status().status < int(ExecStatus::Running)) {
        if (deadline.hasExpired() || run.isFinished())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace throttle
