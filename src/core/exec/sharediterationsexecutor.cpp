#include "core/exec/sharediterationsexecutor.h"

namespace throttle {

int SharedIterationsExecutor::preAllocatedVus() const
{
    return int(m_config.vusOrDefault());
}

void SharedIterationsExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    m_started.store(true);
    activateAll();
}

bool SharedIterationsExecutor::acquireIteration(Vu &)
{
    if (!m_accepting.load(std::memory_order_acquire))
        return false;
    // Claim one of the shared iterations; the VU goes idle once they are all taken.
    return m_claimed.fetch_add(1, std::memory_order_acq_rel) < m_config.iterationsOrDefault();
}

qint64 SharedIterationsExecutor::droppedIterations() const
{
    return std::max<qint64>(0, m_config.iterationsOrDefault() - std::min(m_claimed.load(), m_config.iterationsOrDefault()));
}

bool SharedIterationsExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    // Over when every VU ran out of iterations, or at maxDuration plus gracefulStop.
    const bool over = allVusIdle() ||
                      (elapsedMs >= m_config.maxDurationSetting() && finishAfterGracefulStop());
    if (!over)
        return false;
    emitDropped(droppedIterations());   // never-started iterations (0 on a normal end)
    m_finished.store(true);
    return true;
}

} // namespace throttle
