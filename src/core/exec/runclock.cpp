#include "core/exec/runclock.h"

#include <chrono>

namespace throttle {

void RunClock::start()
{
    QMutexLocker lock(&m_mutex);
    m_timer.start();
    m_startEpochNs = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    m_pausedNs = 0;
    m_pauseStartedNs = -1;
}

void RunClock::pause()
{
    QMutexLocker lock(&m_mutex);
    if (m_timer.isValid() && m_pauseStartedNs < 0)
        m_pauseStartedNs = m_timer.nsecsElapsed();
}

void RunClock::resume()
{
    QMutexLocker lock(&m_mutex);
    if (m_pauseStartedNs >= 0) {
        m_pausedNs += m_timer.nsecsElapsed() - m_pauseStartedNs;
        m_pauseStartedNs = -1;
    }
}

bool RunClock::started() const
{
    QMutexLocker lock(&m_mutex);
    return m_timer.isValid();
}

qint64 RunClock::elapsedNs() const
{
    QMutexLocker lock(&m_mutex);
    if (!m_timer.isValid())
        return 0;
    const qint64 now = m_pauseStartedNs >= 0 ? m_pauseStartedNs : m_timer.nsecsElapsed();
    return now - m_pausedNs;
}

qint64 RunClock::epochMsAt(qint64 elapsedMs) const
{
    QMutexLocker lock(&m_mutex);
    return (m_startEpochNs + m_pausedNs + elapsedMs * 1000000) / 1000000;
}

qint64 RunClock::elapsedMs() const
{
    return elapsedNs() / 1000000;
}

} // namespace throttle
