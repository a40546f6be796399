#include "demo/democounters.h"

namespace throttle {

void DemoCounters::countRequest(const QByteArray &path)
{
    m_requests.fetch_add(1, std::memory_order_relaxed);
    QMutexLocker lock(&m_pathMutex);
    // Bound the table: a scan of random paths must not grow it without limit.
    auto it = m_byPath.find(path);
    if (it != m_byPath.end())
        ++it.value();
    else if (m_byPath.size() < 10000)
        m_byPath.insert(path, 1);
}

qint64 DemoCounters::requests(const QString &path) const
{
    QMutexLocker lock(&m_pathMutex);
    return m_byPath.value(path.toUtf8(), 0);
}

void DemoCounters::reset()
{
    QMutexLocker lock(&m_pathMutex);
    m_byPath.clear();
    m_requests.store(0);
    m_connections.store(0);
}

} // namespace throttle
