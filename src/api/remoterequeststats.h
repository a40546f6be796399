#pragma once
// RemoteRequestStats: polls an attached run's /v1/throttle/requests and /v1/throttle/failures
// (docs/rest-extensions.md) for the desktop's Requests and Failures views. A k6 process, or a
// Throttle run in strict-k6 mode, answers 404: then supported() turns false and polling stops
// (the k6 REST API exposes no per-request data). Owns its QNetworkAccessManager and timer on the
// thread that creates it (the GUI thread); the getters may be called from any thread.

#include "core/metrics/requeststatssnapshot.h"

#include <QMutex>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <optional>

class QNetworkReply;

namespace throttle {

class RemoteRequestStats : public QObject
{
    Q_OBJECT
public:
    explicit RemoteRequestStats(const QString &address, QObject *parent = nullptr);   // polls at once
    ~RemoteRequestStats() override;

    void poll();
    std::optional<bool> supported() const;    // nullopt until the first answer
    RequestStatsSnapshot snapshot() const;
    double elapsedSec() const;                // the run time the remote counts its rates over

signals:
    void changed();

private:
    void onReply(QNetworkReply *reply, bool requests);

    QString m_address;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QPointer<QNetworkReply> m_requestsReply;
    QPointer<QNetworkReply> m_failuresReply;
    mutable QMutex m_mutex;
    std::optional<bool> m_supported;
    RequestStatsSnapshot m_snapshot;
    double m_elapsed = 0;
};

} // namespace throttle
