#pragma once
// SharedArrayStore: the SharedArray contents of one run (k6/data), keyed by name. Each array is
// kept once, as one immutable JSON text; every VU reads that same text. Owned by the run's
// ScriptContext; thread-safe (VUs initialise on many threads).

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <functional>
#include <memory>

namespace throttle {

class SharedArrayStore {
public:
    using Items = std::shared_ptr<const QByteArray>;   // the array as JSON text
    // Producer of an array's JSON text; false = failed (nothing is stored).
    using Producer = std::function<bool(QByteArray *)>;

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
