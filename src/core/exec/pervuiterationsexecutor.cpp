#include "core/exec/pervuiterationsexecutor.h"

namespace throttle {

bool PerVuIterationsExecutor::acquireIteration(Vu &vu)
{
    if (!mayStart())
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

} // namespace throttle
