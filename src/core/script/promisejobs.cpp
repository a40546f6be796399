#include "core/script/promisejobs.h"

#include <QCoreApplication>
#include <QEventLoop>

namespace throttle {

PromiseJobs::PromiseJobs() : m_loop(std::make_unique<QEventLoop>())
{
}

PromiseJobs::~PromiseJobs() = default;

bool PromiseJobs::drain(const std::atomic<bool> &stop)
{
    // Posted events only: no timers or socket notifiers of the thread (setup() and handleSummary()
    // may run on a thread that has some), no user input.
    constexpr auto flags = QEventLoop::ExcludeUserInputEvents | QEventLoop::ExcludeSocketNotifiers
        | QEventLoop::X11ExcludeTimers;
    // One call delivers the events queued when it started; the jobs those run queue the next round.
    while (!stop.load(std::memory_order_acquire)) {
        if (!m_loop->processEvents(flags))
            return true;
    }
    return false;
}

void PromiseJobs::discard()
{
    QCoreApplication::removePostedEvents(nullptr, 0);
}

} // namespace throttle
