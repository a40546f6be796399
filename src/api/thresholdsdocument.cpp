#include "api/thresholdsdocument.h"

#include "api/apijson.h"
#include "core/output/jsonnumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace throttle {

QByteArray ThresholdsDocument::encode(const QList<ThresholdReading> &readings)
{
    QByteArray out = "{\"data\":[";
    for (qsizetype i = 0; i < readings.size(); ++i) {
        const ThresholdReading &r = readings.at(i);
        if (i)
            out += ',';
        out += "{\"type\":\"thresholds\",\"id\":" + jsonString(r.metric + QLatin1Char(' ') + r.expression)
               + ",\"attributes\":{\"metric\":" + jsonString(r.metric) + ",\"threshold\":" + jsonString(r.expression)
               + ",\"abort_on_fail\":" + jsonBool(r.abortOnFail) + ",\"state\":" + jsonString(r.state)
               + ",\"stat\":" + jsonString(r.stat)
               + ",\"observed\":" + (r.observed ? jsonNumber(*r.observed) : QByteArrayLiteral("null"))
               + ",\"metric_type\":" + jsonString(r.type) + ",\"contains\":" + jsonString(r.contains) + "}}";
    }
    out += "]}";
    return out;
}

bool ThresholdsDocument::decode(const QByteArray &body, QList<ThresholdReading> *readings)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() || !doc.object().value(QLatin1String("data")).isArray())
        return false;
    QList<ThresholdReading> out;
    for (const QJsonValue &v : doc.object().value(QLatin1String("data")).toArray()) {
        const QJsonObject a = v.toObject().value(QLatin1String("attributes")).toObject();
        ThresholdReading r;
        r.metric = a.value(QLatin1String("metric")).toString();
        r.expression = a.value(QLatin1String("threshold")).toString();
        if (r.metric.isEmpty() || r.expression.isEmpty())
            return false;
        r.abortOnFail = a.value(QLatin1String("abort_on_fail")).toBool();
        r.state = a.value(QLatin1String("state")).toString();
        r.stat = a.value(QLatin1String("stat")).toString();
        if (const QJsonValue o = a.value(QLatin1String("observed")); o.isDouble())
            r.observed = o.toDouble();
        r.type = a.value(QLatin1String("metric_type")).toString();
        r.contains = a.value(QLatin1String("contains")).toString();
        out.append(r);
    }
    *readings = out;
    return true;
}

} // namespace throttle
