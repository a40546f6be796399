#pragma once
// ApiContext: what the REST resources may read and change — the run's one control surface plus
// read-only views of its metrics. Providers are called on the server's thread (reads) and on the
// control thread (changes through `control`); the wrapped objects must outlive the ApiServer.

#include "core/exec/runcontrol.h"
#include "core/metrics/metricssnapshot.h"
#include "core/metrics/requeststatssnapshot.h"
#include "core/metrics/thresholdreading.h"

#include <QMap>
#include <QString>
#include <functional>

namespace throttle {

class LocalRun;
class MetricsEngine;
class PreparedRun;

struct ApiContext {
    RunControl *control = nullptr;
    std::function<MetricsSnapshot()> snapshot;          // latest metrics snapshot
    std::function<double()> elapsedSec;                 // run clock, paused time excluded
    std::function<QMap<QString, bool>()> thresholdsOk;  // metric -> thresholds pass (evaluated ones)
    // Throttle's /v1/throttle/requests and /failures (null: not offered, 404 as in k6).
    std::function<RequestStatsSnapshot()> requestStats;
    // Throttle's /v1/throttle/thresholds: every expression, its state and observed value (null: 404).
    std::function<QList<ThresholdReading>()> thresholdReadings;

    static ApiContext forRun(LocalRun &run, MetricsEngine &metrics);
    static ApiContext forRun(PreparedRun &run);   // the above plus the run's RequestStats and thresholds
};

} // namespace throttle
