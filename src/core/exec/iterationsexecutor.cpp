#include "core/exec/iterationsexecutor.h"

namespace throttle {

int IterationsExecutor::preAllocatedVus() const
{
    return int(m_config.segmentVUs());
}

void IterationsExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    m_started.store(true);
    activateAll();
}

bool IterationsExecutor::tick(qint64 elapsedMs)
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
