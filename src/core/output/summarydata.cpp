#include "core/output/summarydata.h"

namespace throttle {

QMap<QString, double> SummaryData::valuesOf(const MetricSnapshot &m, const SummaryOptions &options)
{
    const MetricAggregate &a = m.aggregate;
    QMap<QString, double> values;
    switch (m.type) {
    case MetricType::Counter:
        values.insert(QStringLiteral("count"), a.count());
        values.insert(QStringLiteral("rate"), counterRate(m, options.elapsedSec));
        break;
    case MetricType::Gauge:
        values.insert(QStringLiteral("value"), a.value());
        values.insert(QStringLiteral("min"), a.min());
        values.insert(QStringLiteral("max"), a.max());
        break;
    case MetricType::Rate:
        values.insert(QStringLiteral("rate"), a.rate());
        values.insert(QStringLiteral("passes"), double(a.passes()));
        values.insert(QStringLiteral("fails"), double(a.fails()));
        break;
    case MetricType::Trend:
        for (const QString &stat : options.trendStats)
            values.insert(stat, trendStat(m, stat));
        break;
    }
    return values;
}

SummaryData SummaryData::fromSnapshot(const MetricsSnapshot &snapshot, const SummaryOptions &options)
{
    SummaryData data;
    data.rootGroup = snapshot.rootGroup;
    for (const MetricSnapshot &m : snapshot.metrics) {
        SummaryMetric s{m.name, m.type, m.contains, valuesOf(m, options), std::nullopt};
        const auto verdict = options.thresholdOk.constFind(m.name);
        if (verdict != options.thresholdOk.cend())
            s.thresholdsOk = verdict.value();
        else if (m.hasThresholds)
            s.thresholdsOk = true;   // not evaluated (yet): nothing has failed
        data.metrics.append(s);
    }
    return data;
}

} // namespace throttle
