#include "api/remoterun.h"

#include "api/apierror.h"
#include "api/restclient.h"
#include "api/statusdocument.h"

#include <QHash>
#include <QSet>
#include <functional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <cmath>

namespace throttle {

namespace {

// A count from a remote document: anything but a finite, non-negative number in range is 0
// (a hostile or broken server must not reach an undefined float-to-integer cast).
quint64 jsonCount(const QJsonValue &value)
{
    const double d = value.toDouble();
    return std::isfinite(d) && d >= 0 && d < 1.8e19 ? quint64(d) : 0;
}

constexpr int kPollMs = 250;   // 4 Hz, like the local window's refresh

// Polls and control calls alike: the run's address, $THROTTLE_API_TOKEN, the desktop's agent.
RestClient client(const QString &address)
{
    return RestClient(address, RestClient::environmentToken(), QByteArrayLiteral("throttle-desktop"));
}

RunStatus toRunStatus(const StatusAttributes &a)
{
    RunStatus s;
    s.status = int(a.status);
    s.paused = a.paused.value_or(false);
    s.vus = a.vus.value_or(0);
    s.vusMax = a.vusMax.value_or(0);
    s.stopped = a.stopped;
    s.running = a.running;
    s.tainted = a.tainted;
    s.scenarios = a.scenarios;
    return s;
}

bool sameStatus(const RunStatus &a, const RunStatus &b)
{
    return a.status == b.status && a.paused == b.paused && a.vus == b.vus && a.vusMax == b.vusMax
           && a.stopped == b.stopped && a.running == b.running && a.tainted == b.tainted && a.scenarios == b.scenarios;
}

} // namespace

RemoteRun::RemoteRun(const QString &address, QObject *parent)
    : RunControl(parent), m_address(address.trimmed()), m_requestStats(m_address)
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_timer.setInterval(kPollMs);
    connect(&m_timer, &QTimer::timeout, this, &RemoteRun::poll);
    m_timer.start();
    QTimer::singleShot(0, this, &RemoteRun::poll);
}

RemoteRun::~RemoteRun()
{
    m_timer.stop();
    for (QNetworkReply *r : {m_statusReply.data(), m_metricsReply.data(), m_groupsReply.data()})
        if (r) {
            r->disconnect(this);
            r->abort();
        }
}

void RemoteRun::poll()
{
    if (!m_statusReply) {
        m_statusReply = m_nam.get(client(m_address).request(QStringLiteral("/v1/status")));
        m_statusReply->setProperty("generation", m_patchGeneration.load());
        QNetworkReply *r = m_statusReply;
        connect(r, &QNetworkReply::finished, this, [this, r] { onStatusReply(r); });
    }
    if (!m_metricsReply && connected()) {
        m_metricsReply = m_nam.get(client(m_address).request(QStringLiteral("/v1/metrics")));
        QNetworkReply *r = m_metricsReply;
        connect(r, &QNetworkReply::finished, this, [this, r] { onMetricsReply(r); });
    }
    if (!m_groupsReply && connected()) {
        m_groupsReply = m_nam.get(client(m_address).request(QStringLiteral("/v1/groups")));
        QNetworkReply *r = m_groupsReply;
        connect(r, &QNetworkReply::finished, this, [this, r] { onGroupsReply(r); });
    }
}

void RemoteRun::onStatusReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_statusReply = nullptr;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    StatusAttributes a;
    QString error;
    if (http == 0) {
        error = client(m_address).url(QStringLiteral("/v1/status")) + QStringLiteral(": ") + reply->errorString();
    } else if (http >= 400) {
        const ControlError e = errorFromReply(http, body, {});
        error = e.title + QStringLiteral(": ") + e.detail;
    } else if (!StatusDocument::decode(body, &a, &error)) {
        error = QStringLiteral("bad status document: ") + error;
    }
    // A poll sent before a PATCH's answer was shown may describe the run before that PATCH: it
    // must not replace the fresher answer.
    if (reply->property("generation").toULongLong() != m_patchGeneration.load())
        return;
    RunStatus s;
    {
        QMutexLocker lock(&m_mutex);
        s = error.isEmpty() ? toRunStatus(a) : m_status;   // keep the last known values on a failure
    }
    setStatus(s, error);
}

void RemoteRun::onMetricsReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_metricsReply = nullptr;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QList<MetricReading> metrics;
    if (http != 200 || !parseMetrics(reply->readAll(), &metrics))
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_metrics = std::move(metrics);
        ++m_metricsPolls;
    }
    emit metricsChanged();
}

void RemoteRun::onGroupsReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_groupsReply = nullptr;
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    GroupNode root;
    if (http != 200 || !parseGroups(reply->readAll(), &root))
        return;
    QMutexLocker lock(&m_mutex);
    m_groups = std::move(root);
}

void RemoteRun::setStatus(const RunStatus &s, const QString &error)
{
    bool statusChange = false, connectionChange = false;
    {
        QMutexLocker lock(&m_mutex);
        statusChange = !sameStatus(s, m_status);
        connectionChange = !m_everPolled || m_connected != error.isEmpty() || m_error != error;
        m_status = s;
        m_connected = error.isEmpty();
        m_error = error;
        m_everPolled = true;
    }
    if (connectionChange)
        emit connectionChanged();
    if (statusChange)
        emit statusChanged();
}

bool RemoteRun::connected() const
{
    QMutexLocker lock(&m_mutex);
    return m_connected;
}

QString RemoteRun::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

QList<MetricReading> RemoteRun::metricReadings() const
{
    QMutexLocker lock(&m_mutex);
    return m_metrics;
}

QMap<QString, bool> RemoteRun::thresholdsOk() const
{
    QMap<QString, bool> ok;
    for (const MetricReading &m : metricReadings())
        if (m.tainted)
            ok.insert(m.name, !*m.tainted);
    return ok;
}

std::optional<QList<ThresholdReading>> RemoteRun::thresholds() const
{
    return m_requestStats.thresholds();
}

RequestsReading RemoteRun::requests() const
{
    return RequestsReading{m_requestStats.supported(), m_requestStats.snapshot(), m_requestStats.elapsedSec()};
}

GroupNode RemoteRun::groups() const
{
    QMutexLocker lock(&m_mutex);
    return m_groups;
}

qint64 RemoteRun::metricsPolls() const
{
    QMutexLocker lock(&m_mutex);
    return m_metricsPolls;
}

RunStatus RemoteRun::status() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

// ---- control (blocking, any thread) ----------------------------------------------------------

ControlError RemoteRun::patchStatus(const QByteArray &body)
{
    const RestReply r = client(m_address).patch(QStringLiteral("/v1/status"), body);
    const ControlError e = errorFromReply(r.status, r.body, r.error);
    StatusAttributes a;
    QString ignored;
    if (e.ok() && StatusDocument::decode(r.body, &a, &ignored)) {
        ++m_patchGeneration;
        setStatus(toRunStatus(a), {});   // the answer is a fresh status: show it without waiting for a poll
    }
    return e;
}

ControlError RemoteRun::pause()
{
    StatusAttributes a;
    a.paused = true;
    return patchStatus(StatusDocument::encode(a));
}

ControlError RemoteRun::resume()
{
    StatusAttributes a;
    a.paused = false;
    return patchStatus(StatusDocument::encode(a));
}

ControlError RemoteRun::scale(std::optional<qint64> vus, std::optional<qint64> vusMax)
{
    StatusAttributes a;
    a.vus = vus;
    a.vusMax = vusMax;
    return patchStatus(StatusDocument::encode(a));
}

ControlError RemoteRun::steer(const StatusPatch &patch)
{
    StatusAttributes a;
    a.vus = patch.vus;
    a.vusMax = patch.vusMax;
    a.rate = patch.rate;
    a.mode = patch.mode;
    a.scenario = patch.scenario;
    return patchStatus(StatusDocument::encode(a));
}

ControlError RemoteRun::stop()
{
    StatusAttributes a;
    a.stopped = true;
    return patchStatus(StatusDocument::encode(a));
}

std::optional<QByteArray> RemoteRun::setupData() const
{
    const RestReply r = client(m_address).get(QStringLiteral("/v1/setup"));
    if (r.status != 200)
        return std::nullopt;
    const QJsonObject attrs = QJsonDocument::fromJson(r.body).object().value(QLatin1String("data")).toObject()
                                  .value(QLatin1String("attributes")).toObject();
    if (!attrs.contains(QLatin1String("data")))
        return std::nullopt;
    // Any JSON value (also a scalar): serialise it inside an array and take the brackets off.
    const QByteArray wrapped = QJsonDocument(QJsonArray{attrs.value(QLatin1String("data"))}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void RemoteRun::setSetupData(std::optional<QByteArray> json)
{
    client(m_address).put(QStringLiteral("/v1/setup"), json.value_or(QByteArray()));
}

ControlError RemoteRun::runSetup()
{
    const RestReply r = client(m_address).post(QStringLiteral("/v1/setup"), {});
    return errorFromReply(r.status, r.body, r.error);
}

ControlError RemoteRun::runTeardown()
{
    const RestReply r = client(m_address).post(QStringLiteral("/v1/teardown"), {});
    return errorFromReply(r.status, r.body, r.error);
}

// ---- parsing ---------------------------------------------------------------------------------

ControlError RemoteRun::errorFromReply(int httpStatus, const QByteArray &body, const QString &transportError)
{
    if (httpStatus == 0)
        return ControlError::remote(kTransportError, QStringLiteral("Connection error"), transportError);
    if (httpStatus < 400)
        return ControlError::none();
    if (const std::optional<ApiError> e = ApiError::fromDocument(httpStatus, body))
        return ControlError::remote(httpStatus, e->title, e->detail);
    return ControlError::remote(httpStatus, QStringLiteral("HTTP %1").arg(httpStatus), QString::fromUtf8(body.left(200)));
}

bool RemoteRun::parseMetrics(const QByteArray &body, QList<MetricReading> *out)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.object().value(QLatin1String("data")).isArray())
        return false;
    out->clear();
    for (const QJsonValue &v : doc.object().value(QLatin1String("data")).toArray()) {
        const QJsonObject m = v.toObject();
        const QJsonObject a = m.value(QLatin1String("attributes")).toObject();
        MetricReading r;
        r.name = m.value(QLatin1String("id")).toString();
        r.type = a.value(QLatin1String("type")).toString();
        r.contains = a.value(QLatin1String("contains")).toString();
        if (a.value(QLatin1String("tainted")).isBool())
            r.tainted = a.value(QLatin1String("tainted")).toBool();
        const QJsonObject sample = a.value(QLatin1String("sample")).toObject();
        for (auto it = sample.begin(); it != sample.end(); ++it)
            r.sample.insert(it.key(), it.value().toDouble());
        out->append(r);
    }
    return true;
}

} // namespace throttle

namespace throttle {

// GET /v1/groups (control-api.md §5) lists every group flat, each naming its children by id; the
// root is the one without a parent. Children are linked in the order their parent lists them.
bool RemoteRun::parseGroups(const QByteArray &body, GroupNode *root)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.object().value(QLatin1String("data")).isArray())
        return false;
    struct Flat {
        GroupNode node;
        QStringList children;
        bool hasParent = false;
    };
    QHash<QString, Flat> byId;
    QString rootId;
    for (const QJsonValue &v : doc.object().value(QLatin1String("data")).toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonObject a = o.value(QLatin1String("attributes")).toObject();
        Flat f;
        f.node.id = o.value(QLatin1String("id")).toString();
        f.node.name = a.value(QLatin1String("name")).toString();
        f.node.path = a.value(QLatin1String("path")).toString();
        for (const QJsonValue &c : a.value(QLatin1String("checks")).toArray()) {
            const QJsonObject co = c.toObject();
            f.node.checks.append(CheckNode{co.value(QLatin1String("name")).toString(), co.value(QLatin1String("path")).toString(),
                                           co.value(QLatin1String("id")).toString(),
                                           jsonCount(co.value(QLatin1String("passes"))),
                                           jsonCount(co.value(QLatin1String("fails")))});
        }
        const QJsonObject rel = o.value(QLatin1String("relationships")).toObject();
        for (const QJsonValue &c : rel.value(QLatin1String("groups")).toObject().value(QLatin1String("data")).toArray())
            f.children.append(c.toObject().value(QLatin1String("id")).toString());
        f.hasParent = rel.value(QLatin1String("parent")).toObject().value(QLatin1String("data")).isObject();
        if (!f.hasParent && rootId.isEmpty())
            rootId = f.node.id;
        byId.insert(f.node.id, std::move(f));
    }
    if (rootId.isEmpty())
        return false;
    QSet<QString> seen;   // a malformed document could name a group twice or in a cycle
    const std::function<GroupNode(const QString &)> build = [&](const QString &id) {
        seen.insert(id);
        const Flat &f = byId[id];
        GroupNode n = f.node;
        for (const QString &c : f.children)
            if (byId.contains(c) && !seen.contains(c))
                n.children.append(build(c));
        return n;
    };
    *root = build(rootId);
    return true;
}

} // namespace throttle
