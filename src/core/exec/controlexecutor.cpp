#include "core/exec/controlexecutor.h"

namespace throttle {

ControlExecutor::ControlExecutor()
    : m_thread([this] { loop(); })
{
}

ControlExecutor::~ControlExecutor()
{
    shutdown();
}

void ControlExecutor::postErased(std::function<void()> job, std::function<void()> done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_quit)
            return;
        m_entries.push_back({std::move(job), std::move(done)});
    }
    m_wake.notify_one();
}

void ControlExecutor::waitForDone()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_quit || (m_entries.empty() && !m_busy); });
}

void ControlExecutor::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_entries.clear();
        m_results.clear();
    }
    m_wake.notify_one();
    m_idle.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

int ControlExecutor::pending() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size()) + (m_busy ? 1 : 0);
}

void ControlExecutor::loop()
{
    for (;;) {
        Entry e;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_quit || !m_entries.empty(); });
            if (m_quit)
                return;
            e = std::move(m_entries.front());
            m_entries.pop_front();
            m_busy = true;
        }
        e.job();
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            if (m_quit)
                return;
            m_results.push_back(std::move(e.done));
        }
        m_idle.notify_all();
        // Only a wake-up: the answer waits in m_results. shutdown() joins this thread before the
        // object goes, and Qt drops calls queued for a deleted object.
        QMetaObject::invokeMethod(this, "deliver", Qt::QueuedConnection);
    }
}

void ControlExecutor::deliver()
{
    std::deque<std::function<void()>> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_results);
    }
    for (const std::function<void()> &done : ready)
        done();   // may post more work, or delete a connection: outside the lock
}

} // namespace throttle
