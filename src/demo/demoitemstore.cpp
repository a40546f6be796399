#include "demo/demoitemstore.h"

namespace throttle {

DemoItemStore::DemoItemStore()
{
    // A few items so that a first GET in an example has something to show.
    create(QJsonObject{{"name", "apple"}, {"price", 1.25}});
    create(QJsonObject{{"name", "bread"}, {"price", 2.5}});
    create(QJsonObject{{"name", "coffee"}, {"price", 7}});
}

QJsonArray DemoItemStore::list() const
{
    QMutexLocker lock(&m_mutex);
    QJsonArray out;
    for (const QJsonObject &item : m_items)
        out.append(item);
    return out;
}

QJsonObject DemoItemStore::create(QJsonObject item)
{
    QMutexLocker lock(&m_mutex);
    const qint64 id = m_nextId++;
    item.insert("id", id);
    m_items.insert(id, item);
    return item;
}

std::optional<QJsonObject> DemoItemStore::get(qint64 id) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_items.constFind(id);
    if (it == m_items.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonObject> DemoItemStore::replace(qint64 id, QJsonObject item)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_items.find(id);
    if (it == m_items.end())
        return std::nullopt;
    item.insert("id", id);
    it.value() = item;
    return item;
}

bool DemoItemStore::remove(qint64 id)
{
    QMutexLocker lock(&m_mutex);
    return m_items.remove(id) > 0;
}

} // namespace throttle
