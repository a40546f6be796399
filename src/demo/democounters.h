#pragma once
// DemoCounters: what the demo server has received, for tests and the demo UI. Written by the
// accept thread (connections) and every worker thread (requests), read from any thread.
// Totals are lock-free atomics; the per-path table takes a short mutex (one lookup per request).

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>

namespace throttle {

class DemoCounters {
public:
    void countConnection() { m_connections.fetch_add(1, std::memory_order_relaxed); }
    void countRequest(const QByteArray &path);

    qint64 connections() const { return m_connections.load(std::memory_order_relaxed); }
    qint64 requests() const { return m_requests.load(std::memory_order_relaxed); }
    qint64 requests(const QString &path) const;
    void reset();

private:
    std::atomic<qint64> m_connections{0};
    std::atomic<qint64> m_requests{0};
    mutable QMutex m_pathMutex;
    QHash<QByteArray, qint64> m_byPath;
};

} // namespace throttle
