#pragma once
// ApiContext: what the REST resources may read and change — the run's one control surface
// (RunControl) and its read side (RunView). Reads happen on the server's thread, changes on the
// control thread (through `control`); the run must outlive the ApiServer. The REST API serves a
// run in this process: its view has a full metrics snapshot, which a strict-k6 run shows
// without Throttle's own metrics.

#include "core/exec/runcontrol.h"
#include "core/exec/runview.h"

#include <QMap>
#include <QString>
#include <memory>

namespace throttle {

class LocalRun;
class MetricsEngine;
class PreparedRun;

struct ApiContext {
    RunControl *control = nullptr;
    std::shared_ptr<const RunView> view;

    MetricsSnapshot snapshot() const;               // latest metrics snapshot (k6's only, strict-k6)
    double elapsedSec() const;                      // run clock, paused time excluded
    QMap<QString, bool> thresholdsOk() const;       // metric -> thresholds pass (evaluated ones)
    // Throttle's /v1/throttle/requests and /failures: view->requests() (unsupported: 404, as in k6).
    // Throttle's /v1/throttle/thresholds: every expression, its state and observed value (nullopt: 404).
    std::optional<QList<ThresholdReading>> thresholdReadings() const;

    static ApiContext forRun(LocalRun &run, MetricsEngine &metrics);
    static ApiContext forRun(PreparedRun &run);   // the above plus the run's RequestStats and thresholds
};

} // namespace throttle
