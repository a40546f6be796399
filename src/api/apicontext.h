#pragma once
// ApiContext: what the REST resources may read and change — the run's one control surface plus
// read-only views of its metrics. Providers are called on the server's thread (reads) and on the
// control thread (changes through `control`); the wrapped objects must outlive the ApiServer.

#include "core/exec/runcontrol.h"
#include "core/metrics/metricssnapshot.h"

#include <QMap>
#include <QString>
#include <functional>

namespace throttle {

class LocalRun;
class MetricsEngine;

struct ApiContext {
    RunControl *control = nullptr;
    std::function<MetricsSnapshot()> snapshot;          // latest metrics snapshot
    std::function<double()> elapsedSec;                 // run clock, paused time excluded
    std::function<QMap<QString, bool>()> thresholdsOk;  // metric -> thresholds pass (evaluated ones)

    static ApiContext forRun(LocalRun &run, MetricsEngine &metrics);
};

} // namespace throttle
