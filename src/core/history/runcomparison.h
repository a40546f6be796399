#pragma once
// RunComparison: two recorded runs' end-of-test summaries (handleSummary's data) side by side —
// every metric value of either run with the change from A to B in percent, and the thresholds
// whose verdict differs. Pure value; any thread.

#include "core/history/historyrecords.h"

#include <QList>
#include <QString>
#include <optional>

namespace throttle {

struct MetricChange {
    QString metric;                    // "http_req_duration"
    QString stat;                      // "p(95)", "rate", "count"
    std::optional<double> a, b;        // nullopt: the run has no such value
    std::optional<double> changePct;   // (b - a) / a × 100; nullopt when a is missing or 0
};

struct ThresholdFlip {
    QString metric;
    QString threshold;   // "p(95)<200"
    bool aOk = false;
    bool bOk = false;
};

struct RunComparison {
    QList<MetricChange> metrics;   // by metric name, then the stats in k6's order
    QList<ThresholdFlip> flipped;

    static RunComparison of(const HistoryRun &a, const HistoryRun &b);
};

}   // namespace throttle
