#include "core/script/sharedarraystore.h"

namespace throttle {

SharedArrayStore::Items SharedArrayStore::getOrCreate(const QString &name, const Producer &produce)
{
    if (Items found = find(name))
        return found;
    QMutexLocker produceLock(&m_produceMutex);
    if (Items found = find(name))   // made by another thread while we waited
        return found;
    auto items = std::make_shared<QStringList>();
    if (!produce(items.get()))
        return nullptr;
    QMutexLocker lock(&m_mutex);
    m_arrays.insert(name, items);
    return items;
}

SharedArrayStore::Items SharedArrayStore::find(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return m_arrays.value(name);
}

} // namespace throttle
