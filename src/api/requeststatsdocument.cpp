#include "api/requeststatsdocument.h"

#include "api/apijson.h"
#include "core/output/jsonnumber.h"

#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace throttle {

namespace {

QByteArray timeText(qint64 ns)
{
    return jsonString(QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC).toString(Qt::ISODateWithMs));
}

qint64 timeNs(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() * 1000000 : 0;
}

QJsonArray dataOf(const QByteArray &body, QJsonObject *root, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject() && doc.object().value(QLatin1String("data")).isArray();
    *root = doc.object();
    return root->value(QLatin1String("data")).toArray();
}

} // namespace

QByteArray RequestStatsDocument::encodeRequests(const RequestStatsSnapshot &s, double elapsedSec)
{
    QByteArray out = "{\"data\":[";
    for (qsizetype i = 0; i < s.requests.size(); ++i) {
        const RequestStatsRow &r = s.requests.at(i);
        if (i)
            out += ',';
        out += "{\"type\":\"requests\",\"id\":" + jsonString(r.method + QLatin1Char(' ') + r.name)
               + ",\"attributes\":{\"name\":" + jsonString(r.name) + ",\"method\":" + jsonString(r.method)
               + ",\"count\":" + QByteArray::number(r.count) + ",\"failed\":" + QByteArray::number(r.failed)
               + ",\"answered\":" + QByteArray::number(r.answered) + ",\"data_received\":" + jsonNumber(r.received)
               + ",\"duration\":{\"avg\":" + jsonNumber(r.avg)
               + ",\"p(50)\":" + jsonNumber(r.p50) + ",\"p(90)\":" + jsonNumber(r.p90) + ",\"p(95)\":" + jsonNumber(r.p95)
               + ",\"p(99)\":" + jsonNumber(r.p99) + ",\"max\":" + jsonNumber(r.max) + "}}}";
    }
    out += "],\"meta\":{\"elapsed\":" + jsonNumber(elapsedSec) + ",\"truncated\":" + jsonBool(s.truncated) + "}}";
    return out;
}

QByteArray RequestStatsDocument::encodeFailures(const RequestStatsSnapshot &s)
{
    QByteArray out = "{\"data\":[";
    for (qsizetype i = 0; i < s.failures.size(); ++i) {
        const FailureGroup &g = s.failures.at(i);
        if (i)
            out += ',';
        out += "{\"type\":\"failures\",\"id\":\"" + QByteArray::number(i + 1) + "\",\"attributes\":{\"kind\":"
               + jsonString(g.kind) + ",\"error_code\":" + jsonString(g.errorCode) + ",\"status\":"
               + QByteArray::number(g.status) + ",\"message\":" + jsonString(g.message) + ",\"count\":"
               + QByteArray::number(g.count) + ",\"first_seen\":" + timeText(g.firstNs) + ",\"last_seen\":"
               + timeText(g.lastNs) + ",\"example\":" + jsonString(g.example) + "}}";
    }
    return out + "]}";
}

bool RequestStatsDocument::decodeRequests(const QByteArray &body, QList<RequestStatsRow> *rows, double *elapsedSec,
                                          bool *truncated)
{
    QJsonObject root;
    bool ok = false;
    const QJsonArray data = dataOf(body, &root, &ok);
    if (!ok)
        return false;
    rows->clear();
    for (const QJsonValue &v : data) {
        const QJsonObject a = v.toObject().value(QLatin1String("attributes")).toObject();
        const QJsonObject d = a.value(QLatin1String("duration")).toObject();
        RequestStatsRow r;
        r.name = a.value(QLatin1String("name")).toString();
        r.method = a.value(QLatin1String("method")).toString();
        r.count = quint64(a.value(QLatin1String("count")).toDouble());
        r.failed = quint64(a.value(QLatin1String("failed")).toDouble());
        r.answered = quint64(a.value(QLatin1String("answered")).toDouble());
        r.received = a.value(QLatin1String("data_received")).toDouble();
        r.avg = d.value(QLatin1String("avg")).toDouble();
        r.p50 = d.value(QLatin1String("p(50)")).toDouble();
        r.p90 = d.value(QLatin1String("p(90)")).toDouble();
        r.p95 = d.value(QLatin1String("p(95)")).toDouble();
        r.p99 = d.value(QLatin1String("p(99)")).toDouble();
        r.max = d.value(QLatin1String("max")).toDouble();
        rows->append(r);
    }
    const QJsonObject meta = root.value(QLatin1String("meta")).toObject();
    *elapsedSec = meta.value(QLatin1String("elapsed")).toDouble();
    *truncated = meta.value(QLatin1String("truncated")).toBool();
    return true;
}

bool RequestStatsDocument::decodeFailures(const QByteArray &body, QList<FailureGroup> *groups)
{
    QJsonObject root;
    bool ok = false;
    const QJsonArray data = dataOf(body, &root, &ok);
    if (!ok)
        return false;
    groups->clear();
    for (const QJsonValue &v : data) {
        const QJsonObject a = v.toObject().value(QLatin1String("attributes")).toObject();
        groups->append(FailureGroup{a.value(QLatin1String("kind")).toString(), a.value(QLatin1String("error_code")).toString(),
                                    a.value(QLatin1String("status")).toInt(), a.value(QLatin1String("message")).toString(),
                                    quint64(a.value(QLatin1String("count")).toDouble()),
                                    timeNs(a.value(QLatin1String("first_seen"))), timeNs(a.value(QLatin1String("last_seen"))),
                                    a.value(QLatin1String("example")).toString()});
    }
    return true;
}

} // namespace throttle
