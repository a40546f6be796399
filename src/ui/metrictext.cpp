#include "ui/metrictext.h"

#include "core/output/summaryformat.h"

namespace throttle {

namespace {

QString amount(double v, ValueType contains, const QString &timeUnit)
{
    switch (contains) {
    case ValueType::Time: return SummaryFormat::duration(v, timeUnit);
    case ValueType::Data: return SummaryFormat::bytes(v);
    case ValueType::Default: break;
    }
    return SummaryFormat::fixedNoTrailingZeros(v, 2);
}

QString percent(double ratio)
{
    return QString::number(100.0 * ratio, 'f', 2) + QLatin1Char('%');
}

} // namespace

QString MetricText::rateVerb(const QString &name)
{
    const QString base = name.section(QLatin1Char('{'), 0, 0);
    if (base == QLatin1String("http_req_failed"))
        return QStringLiteral("failed");
    if (base == QLatin1String("checks"))
        return QStringLiteral("passed");
    return QStringLiteral("true");
}

MetricFigures MetricText::figures(const MetricSnapshot &m, double elapsedSec, const QStringList &trendStats)
{
    MetricFigures f;
    f.type = m.type;
    f.contains = m.contains;
    const MetricAggregate &a = m.aggregate;
    switch (m.type) {
    case MetricType::Counter:
        f.count = a.count();
        f.perSecond = counterRate(m, elapsedSec);
        break;
    case MetricType::Gauge:
        f.value = a.value();
        f.min = a.min();
        f.max = a.max();
        break;
    case MetricType::Rate:
        f.rate = a.rate();
        f.passes = a.passes();
        f.total = a.total();
        break;
    case MetricType::Trend:
        for (const QString &stat : trendStats) {
            bool ok = false;
            const double v = trendStat(m, stat, &ok);
            if (ok)
                f.trend.insert(stat, v);
        }
        break;
    }
    return f;
}

QString MetricText::text(const QString &name, const MetricFigures &f, const QStringList &trendStats,
                         const QString &timeUnit)
{
    switch (f.type) {
    case MetricType::Counter:
        return amount(f.count, f.contains, timeUnit) + QStringLiteral(" · ") + amount(f.perSecond, f.contains, timeUnit)
               + QStringLiteral("/s");
    case MetricType::Gauge: {
        QString out = amount(f.value, f.contains, timeUnit);
        if (f.min && f.max)
            out += QStringLiteral(" (min %1, max %2)").arg(amount(*f.min, f.contains, timeUnit),
                                                          amount(*f.max, f.contains, timeUnit));
        return out;
    }
    case MetricType::Rate: {
        const QString verb = rateVerb(name);
        if (f.passes && f.total)
            return QStringLiteral("%1 of %2 %3 (%4)").arg(*f.passes).arg(*f.total).arg(verb, percent(f.rate));
        return QStringLiteral("%1 %2").arg(percent(f.rate), verb);
    }
    case MetricType::Trend: {
        QStringList parts;
        for (const QString &stat : trendStats)
            if (f.trend.contains(stat))
                parts << stat + QLatin1Char(' ') + amount(f.trend.value(stat), f.contains, timeUnit);
        for (auto it = f.trend.constBegin(); it != f.trend.constEnd(); ++it)   // stats the order does not name
            if (!trendStats.contains(it.key()))
                parts << it.key() + QLatin1Char(' ') + amount(it.value(), f.contains, timeUnit);
        return parts.join(QStringLiteral(" · "));
    }
    }
    return QString();
}

} // namespace throttle
