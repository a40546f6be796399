#include "core/exec/iterationsexecutor.h"

namespace throttle {

int IterationsExecutor::preAllocatedVus() const
{
    return int(m_config.segmentVUs());
}

void IterationsExecutor::start(std::vector<Vu *> vus, bool paused)
{
    m_paused.store(paused);
    setVus(std::move(vus));
    m_started.store(true);
    if (!paused)
        activateAll();
}

bool IterationsExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    if (m_paused.load())
        return false;   // idle because paused, not because the iterations ran out
    // Over when every VU ran out of iterations, or at maxDuration plus gracefulStop.
    const bool over = allVusIdle() ||
                      (elapsedMs >= m_config.maxDurationSetting() && finishAfterGracefulStop(elapsedMs));
    if (!over)
        return false;
    emitDropped(droppedIterations());   // never-started iterations (0 on a normal end)
    m_finished.store(true);
    return true;
}

} // namespace throttle
