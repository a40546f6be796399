#include "core/exec/constantvusexecutor.h"

namespace throttle {

int ConstantVusExecutor::preAllocatedVus() const
{
    return int(m_config.segmentVUs());
}

void ConstantVusExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    m_started.store(true);
    activateAll();
}

bool ConstantVusExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    const qint64 duration = m_config.durationMs.value_or(0);
    if (elapsedMs < duration)
        return false;
    return finishAfterGracefulStop();
}

} // namespace throttle
