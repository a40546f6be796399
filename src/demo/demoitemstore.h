#pragma once
// DemoItemStore: the in-memory collection behind /api/items for CRUD examples. Shared by all
// worker threads of one DemoTarget; every method locks one mutex (the data is tiny).

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QMutex>

#include <optional>

namespace throttle {

class DemoItemStore {
public:
    DemoItemStore();

    QJsonArray list() const;
    QJsonObject create(QJsonObject item);  // assigns "id"
    std::optional<QJsonObject> get(qint64 id) const;
    std::optional<QJsonObject> replace(qint64 id, QJsonObject item);
    bool remove(qint64 id);

private:
    mutable QMutex m_mutex;
    QMap<qint64, QJsonObject> m_items;
    qint64 m_nextId = 1;
};

} // namespace throttle
