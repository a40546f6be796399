#pragma once
// Metric kinds, samples and the ids of k6's built-in metrics.

#include <QList>
#include <QPair>
#include <QString>
#include <cstdint>
#include <memory>

namespace throttle {

enum class MetricType { Counter, Gauge, Rate, Trend };
enum class ValueType { Default, Time, Data };

QString metricTypeName(MetricType t);   // "counter", "gauge", "rate", "trend"
QString valueTypeName(ValueType t);     // "default", "time", "data"

// A tag set as the engine sees it: sorted by key, keys unique.
using TagList = QList<QPair<QString, QString>>;
// Sample metadata (exec.vu.metrics.metadata, script-api.md §7/§11.3): key/value pairs sorted by
// key that outputs write but nothing aggregates or indexes. Carried per batch, not per sample: a
// VU hands over its samples before its metadata changes. Null or empty = none.
using SampleMetadata = std::shared_ptr<const TagList>;

using MetricId = quint32;
using TagSetId = quint32;               // interned, immutable tag set; 0 = the empty set

// Built-in metrics are registered first, in this order, so their ids are these constants.
namespace builtin {
enum : MetricId {
    Vus, VusMax, Iterations, IterationDuration, DroppedIterations, DataSent, DataReceived,
    Checks, GroupDuration, HttpReqs, HttpReqDuration, HttpReqBlocked, HttpReqConnecting,
    HttpReqTlsHandshaking, HttpReqSending, HttpReqWaiting, HttpReqReceiving, HttpReqFailed,
    // Throttle: requests that went out and were cut by a scale-down, a stop or the end of a
    // scenario (so requests sent = http_reqs + http_reqs_interrupted); left out in strict-k6 mode.
    HttpReqsInterrupted,
    Count
};
}

// One measurement. Time values are float milliseconds, data values bytes (script-api.md §9).
struct Sample {
    MetricId metric;
    TagSetId tags;
    double value;
    qint64 timeNs;   // Unix time in nanoseconds
};

} // namespace throttle
