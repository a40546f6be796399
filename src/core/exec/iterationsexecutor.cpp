#include "core/exec/iterationsexecutor.h"

namespace throttle {

qint64 IterationsExecutor::preAllocatedVus() const
{
    return m_config.segmentVUs();
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
    // Paused: idle because paused, not because the iterations ran out; only maxDuration may end
    // a pause that has not taken effect yet (the clock still runs).
    const bool paused = m_paused.load();
    if (paused && (pauseSettled() || elapsedMs < m_config.maxDurationSetting()))
        return false;
    // Over when every VU ran out of iterations, or at maxDuration plus gracefulStop.
    const bool over = (!paused && allVusIdle()) ||
                      (elapsedMs >= m_config.maxDurationSetting() && finishAfterGracefulStop(elapsedMs));
    if (!over)
        return false;
    emitDropped(droppedIterations());   // never-started iterations (0 on a normal end)
    m_finished.store(true);
    return true;
}

} // namespace throttle
