#pragma once
// AttachedRun: what the window needs from a run in another process, handed in by the app (the
// REST client lives in src/api, outside throttle_ui): the RunControl that steers it, its connection
// state and the last polled /v1/metrics as plain values. Built and used on the GUI thread; the
// control is called on the controller's worker threads like a local run's.

#include "core/exec/runcontrol.h"
#include "core/metrics/groupnode.h"
#include "core/metrics/requeststatssnapshot.h"
#include "core/metrics/thresholdreading.h"

#include <QList>
#include <QMap>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace throttle {

// One metric of GET /v1/metrics (control-api.md §4.1).
struct AttachedMetric {
    QString name;                    // "http_req_duration{expected_response:true}"
    QString type;                    // counter | gauge | rate | trend
    QString contains;                // default | time | data
    std::optional<bool> tainted;
    QMap<QString, double> sample;    // count/rate, value, rate, avg/min/med/max/p(90)/p(95)
};

// The remote run's per-request rows and failure groups (Throttle's /v1/throttle/* resources).
struct AttachedRequests {
    std::optional<bool> supported;   // nullopt: no answer yet; false: a k6 (or strict-k6) API
    RequestStatsSnapshot snapshot;
    double elapsedSec = 0;           // the remote run time its counts are over
};

struct AttachedRun {
    std::unique_ptr<RunControl> control;
    std::function<bool()> connected;                 // the last status poll was answered
    std::function<QString()> lastError;              // why not ("" while connecting)
    std::function<QList<AttachedMetric>()> metrics;  // the last polled metrics
    std::function<GroupNode()> groups;               // the last polled group/check tree
    std::function<AttachedRequests()> requests;      // the last polled per-request data
    // The last polled /v1/throttle/thresholds; nullopt when the remote has none (k6, strict-k6)
    // or has not answered yet: then the k6 API's tainted flags stand in.
    std::function<std::optional<QList<ThresholdReading>>()> thresholds;
};

} // namespace throttle
