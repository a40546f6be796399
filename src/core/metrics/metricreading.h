#pragma once
// MetricReading: one metric's whole-run values as GET /v1/metrics shows them (control-api.md §4.1):
// what a run read over REST can tell of a metric (no histogram, no per-second values). RemoteRun
// makes them from the polled document; the desktop's table and charts read them for an attached
// run. A plain value; any thread.

#include <QMap>
#include <QString>
#include <optional>

namespace throttle {

struct MetricReading {
    QString name;                    // "http_req_duration{expected_response:true}"
    QString type;                    // counter | gauge | rate | trend
    QString contains;                // default | time | data
    std::optional<bool> tainted;     // null = no thresholds evaluated
    QMap<QString, double> sample;    // count/rate, value, rate, avg/min/med/max/p(90)/p(95)
};

} // namespace throttle
