#pragma once
// ThresholdReading: one threshold expression of a run as it stands — its state and the value it
// compares right now. ThresholdSet::readings() makes them for a run's REST API
// (/v1/throttle/thresholds, docs/rest-extensions.md); the desktop shows them attached. A plain
// value; any thread.

#include <QString>
#include <optional>

namespace throttle {

struct ThresholdReading {
    QString metric;        // metric or sub-metric name as written in options.thresholds
    QString expression;    // as written: "p(95)<500"
    bool abortOnFail = false;
    QString state;         // "pending" (not evaluated yet) | "pass" | "fail"
    QString stat;          // the aggregation it compares: "p(95)", "rate", "count"
    std::optional<double> observed;   // that aggregation now; nullopt without samples
    QString type;          // k6's metric type name: "counter" | "gauge" | "rate" | "trend"
    QString contains;      // k6's value type name: "default" | "time" | "data"

    bool operator==(const ThresholdReading &) const = default;
};

} // namespace throttle
