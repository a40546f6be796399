#include "core/script/vueventloop.h"

#include "core/script/promisejobs.h"

#include <chrono>

namespace throttle {

VuEventLoop::VuEventLoop(const std::atomic<bool> &interrupted, std::function<void(QDeadlineTimer)> wait)
    : m_interrupted(interrupted), m_wait(std::move(wait))
{
}

VuEventLoop::~VuEventLoop() = default;

qint64 VuEventLoop::now()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

bool VuEventLoop::runJobs()
{
    if (!m_jobs)
        m_jobs = std::make_unique<PromiseJobs>();
    return m_jobs->drain(m_interrupted);
}

void VuEventLoop::discard()
{
    m_timers.clear();
    PromiseJobs::discard();
}

VuEventLoop::End VuEventLoop::run(const std::function<bool(int id)> &fire, const std::function<bool()> &done)
{
    for (;;) {
        if (!runJobs())
            return End::Interrupted;
        if (done && done())
            return End::Done;
        const std::optional<qint64> next = m_timers.nextDeadline();
        if (!next)
            return End::Empty;
        const qint64 left = *next - now();
        if (left > 0)
            m_wait(QDeadlineTimer(std::chrono::nanoseconds(left), Qt::PreciseTimer));
        if (m_interrupted.load(std::memory_order_acquire))
            return End::Interrupted;
        // k6 runs the promise jobs after every callback, before the next timer's.
        bool threw = false;
        m_timers.runDue(now(), [&](int id) {
            if (!fire(id)) {
                threw = true;
                return false;
            }
            return runJobs() && !(done && done());
        });
        if (threw)
            return End::TimerThrew;
        if (m_interrupted.load(std::memory_order_acquire))
            return End::Interrupted;
    }
}

} // namespace throttle
