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

void ControlQueue::post(Job job, QObject *receiver, Done done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_quit)
            return;
        m_entries.push_back({std::move(job), receiver, std::move(done)});
    }
    m_wake.notify_one();
}

void ControlQueue::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_entries.clear();
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
        const ApiResponse response = e.job();
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            // Posting under the lock: shutdown() (run by the receiver's owner) cannot finish
            // while the receiver is being addressed.
            QMetaObject::invokeMethod(e.receiver, [done = std::move(e.done), response] { done(response); },
                                      Qt::QueuedConnection);
        }
    }
}

} // namespace throttle
