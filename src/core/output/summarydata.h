#pragma once
// SummaryData: the end-of-test numbers as k6 hands them to handleSummary (script-api.md §1.5):
// per metric its type, contents and `values` (counter {count, rate}, gauge {value, min, max},
// rate {rate, passes, fails}, trend one entry per summaryTrendStats entry), the threshold
// verdict, and the group tree. Computed once from a snapshot; the text summary and the JSON
// exports all print from it. Plain value; any thread.

#include "core/metrics/groupnode.h"
#include "core/metrics/metric.h"
#include "core/metrics/metricssnapshot.h"
#include "core/output/summaryoptions.h"

#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace throttle {

struct SummaryMetric {
    QString name;                        // "http_req_duration{expected_response:true}"
    MetricType type = MetricType::Counter;
    ValueType contains = ValueType::Default;
    QMap<QString, double> values;
    std::optional<bool> thresholdsOk;    // nullopt: no thresholds; else all passed
};

struct SummaryData {
    QList<SummaryMetric> metrics;        // snapshot order
    GroupNode rootGroup;

    static SummaryData fromSnapshot(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    static QMap<QString, double> valuesOf(const MetricSnapshot &metric, const SummaryOptions &options);
};

} // namespace throttle
