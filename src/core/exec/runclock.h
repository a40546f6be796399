#pragma once
// RunClock: the test-run clock. Elapsed time excludes paused time (control-api.md §2.4: the clock
// stops from the moment a pause is complete). Thread-safe; read by VUs (k6/execution), the REST
// API and the progress line, driven by LocalRun.

#include <QElapsedTimer>
#include <QMutex>

namespace throttle {

class RunClock {
public:
    void start();
    void pause();
    void resume();
    bool started() const;
    qint64 elapsedMs() const;
    double elapsedSec() const { return double(elapsedNs()) / 1e9; }
    qint64 elapsedNs() const;
    // Unix time in ms at which the clock showed elapsedMs, counting the pauses completed so far
    // (so a moment before the current pause, if any). One wall-clock reading at start(): two
    // moments elapsedMs apart are exactly that many ms apart, however late they are asked for.
    qint64 epochMsAt(qint64 elapsedMs) const;

private:
    mutable QMutex m_mutex;
    QElapsedTimer m_timer;
    qint64 m_startEpochNs = 0;
    qint64 m_pausedNs = 0;
    qint64 m_pauseStartedNs = -1;   // >= 0 while paused
};

} // namespace throttle
