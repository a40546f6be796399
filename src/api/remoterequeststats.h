#pragma once
// RemoteRequestStats: polls an attached run's /v1/throttle/requests, /v1/throttle/failures and
// /v1/throttle/thresholds (docs/rest-extensions.md) for the desktop's Requests, Failures and
// Thresholds views. A k6 process, or a Throttle run in strict-k6 mode, answers 404: then
// supported() turns false and polling stops (the k6 REST API exposes no per-request data and
// only a tainted flag per thresholded metric). Owns its QNetworkAccessManager and timer on the
// thread that creates it (the GUI thread); the getters may be called from any thread.

#include "core/metrics/requeststatssnapshot.h"
#include "core/metrics/thresholdreading.h"

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
    // The last /v1/throttle/thresholds; nullopt until answered, or when the remote has none.
    std::optional<QList<ThresholdReading>> thresholds() const;

signals:
    void changed();

private:
    enum class Resource { Requests, Failures, Thresholds };
    void onReply(QNetworkReply *reply, Resource resource);

    QString m_address;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    QPointer<QNetworkReply> m_requestsReply;
    QPointer<QNetworkReply> m_failuresReply;
    QPointer<QNetworkReply> m_thresholdsReply;
    mutable QMutex m_mutex;
    std::optional<bool> m_supported;
    RequestStatsSnapshot m_snapshot;
    double m_elapsed = 0;
    std::optional<QList<ThresholdReading>> m_thresholds;
};

} // namespace throttle
