#pragma once
// AggregatesDocument: Throttle's GET /v1/throttle/aggregates (docs/rest-extensions.md), both ways —
// every metric and sub-metric of the run with the whole state of its aggregate, so several runners'
// metrics merge exactly (a fleet: counters and rates add up, trend percentiles come from the merged
// histogram buckets, never from averaging percentiles):
//   {"data":[{"type":"aggregates","id":"http_req_duration","attributes":{"type":"trend","contains":"time",
//     "tainted":null,"samples":3,"count":0,"value":0,"min":0,"max":0,"passes":0,
//     "histogram":{"count":3,"zero":0,"min":1.5,"max":9,"sum":12,"positive_offset":524031,
//     "positive":[1,0,2],"negative_offset":0,"negative":[],"exact":[1.5,1.5,9]}}}],
//    "meta":{"elapsed":26.9}}
// "exact" is null once the runner keeps buckets only. A strict-k6 run answers 404 (k6 has no such
// path). Stateless; any thread.

#include "core/metrics/metricssnapshot.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <optional>

namespace throttle {

// One runner's metrics as decoded: what MetricsResource needs to print k6's /v1/metrics again.
struct AggregatesReading {
    MetricsSnapshot snapshot;           // name, type, contains, hasThresholds, aggregate
    QMap<QString, bool> thresholdsOk;   // metric -> false when tainted
    double elapsedSec = 0.0;
};

class AggregatesDocument {
public:
    static QByteArray encode(const MetricsSnapshot &snapshot, double elapsedSec, const QMap<QString, bool> &thresholdsOk);
    // nullopt (and *error, naming the metric) for a body that is not such a document.
    static std::optional<AggregatesReading> decode(const QByteArray &body, QString *error = nullptr);
    // Several runners' readings as one test's: the snapshots merged (mergeSnapshots), a metric's
    // thresholds pass only where every runner's pass, the clock of the runner that ran longest.
    static AggregatesReading merge(const QList<AggregatesReading> &runners);
};

} // namespace throttle
