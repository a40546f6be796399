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
    for (Vu *vu : m_vus)
        vu->activate(this);
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
    const bool allIdle = !anyRunning() && activeVus() == 0;
    if (allIdle)
        return finish();
    if (elapsedMs < m_config.maxDurationSetting())
        return false;
    if (!m_graceTimer.isValid()) {
        m_accepting.store(false);
        deactivateAll(false);
        m_graceTimer.start();
    }
    if (anyRunning() && m_graceTimer.elapsed() < m_config.gracefulStop())
        return false;
    deactivateAll(true);
    waitAllIdle();
    return finish();
}

bool SharedIterationsExecutor::finish()
{
    // Iterations never started because maxDuration cut them off (0 on a normal end).
    emitDropped(droppedIterations());
    m_finished.store(true);
    return true;
}

} // namespace throttle
