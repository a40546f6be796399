#include "api/controlqueue.h"

namespace throttle {

ControlQueue::ControlQueue()
    : m_thread([this] { loop(); })
{
}

ControlQueue::~ControlQueue()
{
    shutdown();
}

void ControlQueue::post(Job job, Done done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_quit)
            return;
        m_entries.push_back({std::move(job), std::move(done)});
    }
    m_wake.notify_one();
}

void ControlQueue::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_entries.clear();
        m_results.clear();
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

int ControlQueue::pending() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size()) + (m_busy ? 1 : 0);
}

void ControlQueue::loop()
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
        ApiResponse response = e.job();
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            if (m_quit)
                return;
            m_results.push_back({std::move(e.done), std::move(response)});
        }
        // Only a wake-up: the answer waits in m_results. shutdown() joins this thread before the
        // object goes, and Qt drops calls queued for a deleted object.
        QMetaObject::invokeMethod(this, "deliver", Qt::QueuedConnection);
    }
}

void ControlQueue::deliver()
{
    std::deque<Result> ready;
    {
        std::lock_guard lock(m_mutex);
        ready.swap(m_results);
    }
    for (Result &r : ready)
        r.done(r.response);   // may post more work, or delete a connection: outside the lock
}

} // namespace throttle
