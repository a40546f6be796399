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
    for (Vu *vu : m_vus)
        vu->activate(this);
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
    if (!anyRunning() && activeVus() == 0)
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

bool PerVuIterationsExecutor::finish()
{
    // Iterations never started because maxDuration cut them off (0 on a normal end).
    emitDropped(droppedIterations());
    m_finished.store(true);
    return true;
}

} // namespace throttle
