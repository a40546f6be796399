#pragma once
// MetricSnapshot: one observed metric or sub-metric at one moment, a plain value copied out of
// the engine. Also the statistics every reader needs (summary, REST, thresholds), so they all
// compute them the same way.

#include "core/metrics/metricaggregate.h"
#include "core/metrics/metric.h"

#include <QString>

namespace throttle {

struct MetricSnapshot {
    QString name;       // "http_req_duration" or "http_req_duration{expected_response:true}"
    QString parent;     // the parent metric's name (== name for a metric)
    QString suffix;     // sub-metrics: the text between the braces; "" for a metric
    TagList selector;   // sub-metrics: the tags a sample must carry
    MetricId id = 0;    // the metric, or the parent metric for a sub-metric
    MetricType type = MetricType::Counter;
    ValueType contains = ValueType::Default;
    bool hasThresholds = false;
    MetricAggregate aggregate;

    bool isSubmetric() const { return !suffix.isEmpty(); }
};

// count / elapsed seconds; 0 (never NaN/Inf) when elapsed is not positive.
double counterRate(const MetricSnapshot &metric, double elapsedSec);

// A trend statistic as named in summaryTrendStats: avg, min, med, max, count, p(N).
// Sets *ok to false (and returns 0) for anything else. Empty trends give 0 for every stat.
double trendStat(const MetricSnapshot &metric, const QString &stat, bool *ok = nullptr);

// Parses "p(N)" with 0 <= N <= 100 into *percent; false otherwise.
bool parsePercentileStat(const QString &stat, double *percent);

} // namespace throttle
