#include "core/exec/constantvusexecutor.h"

namespace throttle {

int ConstantVusExecutor::preAllocatedVus() const
{
    return int(m_config.vusOrDefault());
}

void ConstantVusExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    m_started.store(true);
    for (Vu *vu : m_vus)
        vu->activate(this);
}

bool ConstantVusExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    const qint64 duration = m_config.durationMs.value_or(0);
    if (elapsedMs < duration)
        return false;
    if (!m_graceTimer.isValid()) {
        // Time is up: no new iterations; running ones may finish within gracefulStop.
        m_accepting.store(false);
        deactivateAll(false);
        m_graceTimer.start();
    }
    if (anyRunning() && m_graceTimer.elapsed() < m_config.gracefulStop())
        return false;
    deactivateAll(true);
    waitAllIdle();
    m_finished.store(true);
    return true;
}

} // namespace throttle
