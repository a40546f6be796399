#pragma once
// SharedArrayStore: the SharedArray contents of one run (k6/data), keyed by name. Each array is
// kept once, as one immutable JSON text per element; every VU reads those same texts (QString
// data is shared, never copied per VU). Owned by the run's ScriptContext; thread-safe (VUs
// initialise on many threads).

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace throttle {

class SharedArrayStore {
public:
    using Items = std::shared_ptr<const QStringList>;   // one JSON text per element
    // Producer of an array's element texts; false = failed (nothing is stored).
    using Producer = std::function<bool(QStringList *)>;

    // The array stored under `name`; when there is none yet, runs produce() — once per run: other
    // threads asking for any array wait meanwhile — and stores what it made. Null on failure.
    Items getOrCreate(const QString &name, const Producer &produce);
    Items find(const QString &name) const;

private:
    QRecursiveMutex m_produceMutex;   // recursive: a producer may open another SharedArray
    mutable QMutex m_mutex;           // guards m_arrays
    QHash<QString, Items> m_arrays;
};

} // namespace throttle
