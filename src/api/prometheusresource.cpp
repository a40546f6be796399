#include "api/prometheusresource.h"

#include "core/output/jsonnumber.h"

namespace throttle {

namespace {

QByteArray sanitize(const QString &name)
{
    QByteArray out = name.toUtf8();
    for (char &c : out)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            c = '_';
    return out;
}

QByteArray escapeLabel(const QString &value)
{
    QByteArray v = value.toUtf8();
    return v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
}

const char *promType(MetricType t)
{
    switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Trend: return "summary";
    default: return "gauge";
    }
}

} // namespace

QByteArray PrometheusResource::familyName(const QString &metric, MetricType type)
{
    const QByteArray base = "k6_" + sanitize(metric);
    if (type == MetricType::Counter)
        return base + "_total";
    if (type == MetricType::Rate)
        return base + "_rate";
    return base;
}

QByteArray PrometheusResource::labels(const TagList &tags, const QByteArray &extra)
{
    QByteArrayList parts;
    for (const auto &t : tags)
        parts << sanitize(t.first) + "=\"" + escapeLabel(t.second) + '"';
    if (!extra.isEmpty())
        parts << extra;
    return parts.isEmpty() ? QByteArray() : '{' + parts.join(',') + '}';
}

QByteArray PrometheusResource::series(const MetricSnapshot &m, const QByteArray &family)
{
    const MetricAggregate &a = m.aggregate;
    switch (m.type) {
    case MetricType::Counter: return family + labels(m.selector) + ' ' + jsonNumber(a.count()) + '\n';
    case MetricType::Gauge: return family + labels(m.selector) + ' ' + jsonNumber(a.value()) + '\n';
    case MetricType::Rate: return family + labels(m.selector) + ' ' + jsonNumber(a.rate()) + '\n';
    case MetricType::Trend: break;
    }
    QByteArray out;
    for (const char *q : {"0.5", "0.9", "0.95", "0.99"}) {
        const double v = a.trend().percentile(QByteArray(q).toDouble() * 100.0);
        out += family + labels(m.selector, QByteArray("quantile=\"") + q + '"') + ' ' + jsonNumber(v) + '\n';
    }
    out += family + "_sum" + labels(m.selector) + ' ' + jsonNumber(a.trend().sum()) + '\n';
    out += family + "_count" + labels(m.selector) + ' ' + QByteArray::number(a.trend().count()) + '\n';
    return out;
}

QByteArray PrometheusResource::exposition(const MetricsSnapshot &snapshot)
{
    QByteArray out;
    QString currentParent;
    for (const MetricSnapshot &m : snapshot.metrics) {
        const QByteArray family = familyName(m.parent, m.type);
        if (m.parent != currentParent) {
            currentParent = m.parent;
            out += "# HELP " + family + " k6 metric " + m.parent.toUtf8() + " (" + valueTypeName(m.contains).toUtf8() + ")\n";
            out += "# TYPE " + family + ' ' + promType(m.type) + '\n';
        }
        out += series(m, family);
    }
    return out;
}

ApiResponse PrometheusResource::get(const ApiContext &ctx)
{
    return ApiResponse::ok(exposition(ctx.snapshot()), "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace throttle
