#include "api/remoterequeststats.h"

#include "api/requeststatsdocument.h"
#include "api/restclient.h"
#include "api/thresholdsdocument.h"

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
    for (QNetworkReply *r : {m_requestsReply.data(), m_failuresReply.data(), m_thresholdsReply.data()})
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
    const auto get = [this](QPointer<QNetworkReply> *slot, const char *path, Resource resource) {
        if (*slot)
            return;
        // The run's token too: a run started with --api-token answers nothing without it.
        const RestClient client(m_address, RestClient::environmentToken(), QByteArrayLiteral("throttle-desktop"));
        *slot = m_nam.get(client.request(QLatin1String(path)));
        QNetworkReply *r = *slot;
        connect(r, &QNetworkReply::finished, this, [this, r, resource] { onReply(r, resource); });
    };
    get(&m_requestsReply, "/v1/throttle/requests", Resource::Requests);
    get(&m_failuresReply, "/v1/throttle/failures", Resource::Failures);
    get(&m_thresholdsReply, "/v1/throttle/thresholds", Resource::Thresholds);
}

void RemoteRequestStats::onReply(QNetworkReply *reply, Resource resource)
{
    reply->deleteLater();
    (resource == Resource::Requests ? m_requestsReply : resource == Resource::Failures ? m_failuresReply
                                                                                      : m_thresholdsReply) = nullptr;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (http == 404) {   // k6, or strict-k6: no such resource
        QMutexLocker lock(&m_mutex);
        m_supported = false;
        m_thresholds.reset();
    } else if (http == 200) {
        QMutexLocker lock(&m_mutex);
        bool ok = false;
        if (resource == Resource::Requests) {
            ok = RequestStatsDocument::decodeRequests(body, &m_snapshot.requests, &m_elapsed, &m_snapshot.truncated);
        } else if (resource == Resource::Failures) {
            ok = RequestStatsDocument::decodeFailures(body, &m_snapshot.failures);
        } else {
            QList<ThresholdReading> readings;
            if (ThresholdsDocument::decode(body, &readings))
                m_thresholds = readings;
        }
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

std::optional<QList<ThresholdReading>> RemoteRequestStats::thresholds() const
{
    QMutexLocker lock(&m_mutex);
    return m_thresholds;
}

} // namespace throttle
