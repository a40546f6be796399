#pragma once
// MetricText: one metric's value as the window's metrics table shows it, the same for a local run
// (a MetricsSnapshot) and an attached one (/v1/metrics). A GUI is not a terminal: a rate reads
// "0 of 2094 failed (0.00%)" instead of the summary's "0.00% ✓ 0 ✗ 2094" (which read as 2094
// failures), counters give total and per second, bytes use the summary's units ("30 kB") in both
// modes. Pure functions; any thread.

#include "core/metrics/metric.h"
#include "core/metrics/metricsnapshot.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

struct MetricFigures {
    MetricType type = MetricType::Counter;
    ValueType contains = ValueType::Default;
    double count = 0;                    // counter: total
    double perSecond = 0;                // counter: total ÷ run time (paused time excluded)
    double value = 0;                    // gauge: latest
    std::optional<double> min, max;      // gauge: seen range (local runs only)
    double rate = 0;                     // rate: share of non-zero samples, 0..1
    std::optional<quint64> passes;       // rate: non-zero samples, when known
    std::optional<quint64> total;        // rate: all samples, when known
    QMap<QString, double> trend;         // trend: stat name ("avg", "p(95)") -> value
};

class MetricText
{
public:
    // The figures of a local snapshot: trends get `trendStats` (summaryTrendStats).
    static MetricFigures figures(const MetricSnapshot &m, double elapsedSec, const QStringList &trendStats);
    // The table's text. `name` picks the rate wording ("failed" for http_req_failed, "passed" for
    // checks, "true" otherwise); `trendStats` orders the trend stats shown; timeUnit as
    // summaryTimeUnit ("" = automatic).
    static QString text(const QString &name, const MetricFigures &f, const QStringList &trendStats,
                        const QString &timeUnit = QString());
    // "failed", "passed" or "true": what a non-zero sample of a rate metric means.
    static QString rateVerb(const QString &name);
};

} // namespace throttle
