#include "core/history/runcomparison.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>

namespace throttle {

namespace {

QJsonObject metricsOf(const HistoryRun &run)
{
    return QJsonDocument::fromJson(run.summaryJson).object().value(QLatin1String("metrics")).toObject();
}

std::optional<double> valueOf(const QJsonObject &metrics, const QString &metric, const QString &stat)
{
    const QJsonValue v = metrics.value(metric).toObject().value(QLatin1String("values")).toObject().value(stat);
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

// k6's order of a metric's values (the summary's); percentiles by their number.
double rank(const QString &stat)
{
    static const QStringList order{QStringLiteral("avg"), QStringLiteral("min"), QStringLiteral("med"), QStringLiteral("max")};
    if (const qsizetype i = order.indexOf(stat); i >= 0)
        return double(i);
    if (stat.startsWith(QLatin1String("p(")))
        return 10.0 + QStringView(stat).mid(2, stat.size() - 3).toDouble() / 1000.0;
    static const QStringList rest{QStringLiteral("count"), QStringLiteral("rate"), QStringLiteral("value"),
                                  QStringLiteral("passes"), QStringLiteral("fails")};
    const qsizetype j = rest.indexOf(stat);
    return j >= 0 ? 20.0 + double(j) : 30.0;
}

// The stats of a metric in either run, in k6's order.
QStringList statsOf(const QJsonObject &a, const QJsonObject &b, const QString &metric)
{
    QStringList stats = a.value(metric).toObject().value(QLatin1String("values")).toObject().keys();
    for (const QString &s : b.value(metric).toObject().value(QLatin1String("values")).toObject().keys())
        if (!stats.contains(s))
            stats.append(s);
    std::stable_sort(stats.begin(), stats.end(), [](const QString &x, const QString &y) { return rank(x) < rank(y); });
    return stats;
}

}   // namespace

RunComparison RunComparison::of(const HistoryRun &runA, const HistoryRun &runB)
{
    RunComparison c;
    const QJsonObject a = metricsOf(runA);
    const QJsonObject b = metricsOf(runB);
    QStringList names = a.keys();
    for (const QString &n : b.keys())
        if (!names.contains(n))
            names.append(n);
    names.sort();
    for (const QString &metric : std::as_const(names)) {
        for (const QString &stat : statsOf(a, b, metric)) {
            MetricChange m{metric, stat, valueOf(a, metric, stat), valueOf(b, metric, stat), std::nullopt};
            if (m.a && m.b && *m.a != 0)
                m.changePct = (*m.b - *m.a) / *m.a * 100.0;
            c.metrics.append(m);
        }
        const QJsonObject ta = a.value(metric).toObject().value(QLatin1String("thresholds")).toObject();
        const QJsonObject tb = b.value(metric).toObject().value(QLatin1String("thresholds")).toObject();
        for (auto it = ta.constBegin(); it != ta.constEnd(); ++it) {
            if (!tb.contains(it.key()))
                continue;
            const bool okA = it.value().toObject().value(QLatin1String("ok")).toBool();
            const bool okB = tb.value(it.key()).toObject().value(QLatin1String("ok")).toBool();
            if (okA != okB)
                c.flipped.append({metric, it.key(), okA, okB});
        }
    }
    return c;
}

}   // namespace throttle
