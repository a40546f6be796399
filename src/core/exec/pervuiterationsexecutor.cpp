#include "core/exec/pervuiterationsexecutor.h"

namespace throttle {

int PerVuIterationsExecutor::preAllocatedVus() const
{
    return int(m_config.vusOrDefault());
}

void PerVuIterationsExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    m_started.store(true);
    activateAll();
}

bool PerVuIterationsExecutor::acquireIteration(Vu &vu)
{
    if (!m_accepting.load(std::memory_order_acquire))
        return false;
    QMutexLocker lock(&m_countMutex);
    qint64 &n = m_perVu[vu.id()];
    if (n >= m_config.iterationsOrDefault())
        return false;
    ++n;
    return true;
}

qint64 PerVuIterationsExecutor::droppedIterations() const
{
    QMutexLocker lock(&m_countMutex);
    qint64 started = 0;
    for (qint64 n : m_perVu)
        started += n;
    return std::max<qint64>(0, qint64(m_vus.size()) * m_config.iterationsOrDefault() - started);
}

bool PerVuIterationsExecutor::tick(qint64 elapsedMs)
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
