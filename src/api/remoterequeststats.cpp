#include "api/remoterequeststats.h"

#include "api/requeststatsdocument.h"

#include <QNetworkProxy>
#include <QNetworkReply>

namespace throttle {

namespace {

constexpr int kPollMs = 1000;   // a table, not a chart: once a second is plenty

} // namespace

RemoteRequestStats::RemoteRequestStats(const QString &address, QObject *parent)
    : QObject(parent), m_address(address.trimmed())
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &RemoteRequestStats::poll);
    m_timer.start();
    QTimer::singleShot(0, this, &RemoteRequestStats::poll);
}

RemoteRequestStats::~RemoteRequestStats()
{
    m_timer.stop();
    for (QNetworkReply *r : {m_requestsReply.data(), m_failuresReply.data()})
        if (r) {
            r->disconnect(this);
            r->abort();
        }
}

void RemoteRequestStats::poll()
{
    if (supported() == false) {
        m_timer.stop();
        return;
    }
    const auto get = [this](QPointer<QNetworkReply> *slot, const char *path, bool requests) {
        if (*slot)
            return;
        QNetworkRequest req(QUrl(QStringLiteral("http://") + m_address + QLatin1String(path)));
        req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("throttle-desktop"));
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        *slot = m_nam.get(req);
        QNetworkReply *r = *slot;
        connect(r, &QNetworkReply::finished, this, [this, r, requests] { onReply(r, requests); });
    };
    get(&m_requestsReply, "/v1/throttle/requests", true);
    get(&m_failuresReply, "/v1/throttle/failures", false);
}

void RemoteRequestStats::onReply(QNetworkReply *reply, bool requests)
{
    reply->deleteLater();
    (requests ? m_requestsReply : m_failuresReply) = nullptr;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (http == 404) {   // k6, or strict-k6: no such resource
        QMutexLocker lock(&m_mutex);
        m_supported = false;
    } else if (http == 200) {
        QMutexLocker lock(&m_mutex);
        bool ok = false;
        if (requests)
            ok = RequestStatsDocument::decodeRequests(body, &m_snapshot.requests, &m_elapsed, &m_snapshot.truncated);
        else
            ok = RequestStatsDocument::decodeFailures(body, &m_snapshot.failures);
        if (ok)
            m_supported = true;
    }
    emit changed();
}

std::optional<bool> RemoteRequestStats::supported() const
{
    QMutexLocker lock(&m_mutex);
    return m_supported;
}

RequestStatsSnapshot RemoteRequestStats::snapshot() const
{
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

double RemoteRequestStats::elapsedSec() const
{
    QMutexLocker lock(&m_mutex);
    return m_elapsed;
}

} // namespace throttle
