#include "api/metricsresource.h"

#include "api/apierror.h"
#include "api/apijson.h"
#include "core/output/jsonnumber.h"

namespace throttle {

QByteArray MetricsResource::sample(const MetricSnapshot &m, double elapsedSec)
{
    const auto kv = [](const char *key, double v) { return '"' + QByteArray(key) + "\":" + jsonNumber(v); };
    switch (m.type) {
    case MetricType::Counter:
        return '{' + kv("count", m.aggregate.count()) + ',' + kv("rate", counterRate(m, elapsedSec)) + '}';
    case MetricType::Gauge:
        return '{' + kv("value", m.aggregate.value()) + '}';
    case MetricType::Rate:
        return '{' + kv("rate", m.aggregate.rate()) + '}';
    case MetricType::Trend: {
        QByteArray out = "{";
        const char *stats[] = {"avg", "max", "med", "min", "p(90)", "p(95)"};   // Go sorts map keys
        for (const char *s : stats)
            out += (out.size() > 1 ? "," : "") + kv(s, trendStat(m, QLatin1String(s)));
        return out + '}';
    }
    }
    return "{}";
}

QByteArray MetricsResource::element(const MetricSnapshot &m, double elapsedSec, const QMap<QString, bool> &thresholdsOk)
{
    QByteArray tainted = "null";
    if (m.hasThresholds && thresholdsOk.contains(m.name))
        tainted = jsonBool(!thresholdsOk.value(m.name));
    return "{\"type\":\"metrics\",\"id\":" + jsonString(m.name) + ",\"attributes\":{\"type\":" +
           jsonString(metricTypeName(m.type)) + ",\"contains\":" + jsonString(valueTypeName(m.contains)) +
           ",\"tainted\":" + tainted + ",\"sample\":" + sample(m, elapsedSec) + "}}";
}

ApiResponse MetricsResource::list(const ApiContext &ctx)
{
    const MetricsSnapshot snap = ctx.snapshot();
    const double elapsed = ctx.elapsedSec();
    const QMap<QString, bool> ok = ctx.thresholdsOk();
    QByteArray out = "{\"data\":[";
    for (qsizetype i = 0; i < snap.metrics.size(); ++i)
        out += (i ? "," : "") + element(snap.metrics.at(i), elapsed, ok);
    return ApiResponse::ok(out + "]}", mime::kTextUtf8);
}

ApiResponse MetricsResource::one(const ApiContext &ctx, const QString &id)
{
    const MetricsSnapshot snap = ctx.snapshot();
    if (const MetricSnapshot *m = id.isEmpty() ? nullptr : snap.find(id))
        return ApiResponse::ok("{\"data\":" + element(*m, ctx.elapsedSec(), ctx.thresholdsOk()) + '}', mime::kTextUtf8);
    return ApiError{404, QStringLiteral("Not Found"), QStringLiteral("No metric with that ID was found")}.response(mime::kTextUtf8);
}

} // namespace throttle
