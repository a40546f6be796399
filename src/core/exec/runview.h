#pragma once
// RunView: the read side of a run, next to RunControl (its write side). The desktop's live views
// and the REST server read a run only through it, whether the run is in this process
// (LocalRunView over LocalRun and its MetricsEngine) or in another one (RemoteRun, src/api:
// copies polled over REST). What a view cannot know is said in the type: a run read over REST has
// no full metrics snapshot (snapshot() is nullopt; metricReadings() has /v1/metrics' values) and
// may not expose its clock, its threshold expressions or its per-request data.
//
// Thread-safety: every method may be called from any thread and never blocks on the network or
// on VUs; each returns a copy.

#include "core/exec/runcontrol.h"
#include "core/metrics/groupnode.h"
#include "core/metrics/metricreading.h"
#include "core/metrics/metricssnapshot.h"
#include "core/metrics/requeststatssnapshot.h"
#include "core/metrics/thresholdreading.h"

#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace throttle {

// The per-request rows and failure groups of a run (Throttle's /v1/throttle/requests, /failures).
struct RequestsReading {
    std::optional<bool> supported;   // nullopt: not known yet; false: the run does not offer them
    RequestStatsSnapshot snapshot;
    double elapsedSec = 0;           // the run time the counts are over (for the per-second rates)
};

// One runner of a fleet (several processes, each one execution segment of one test) as the fleet's
// view last read it: the desktop lists them; a runner that stops answering is marked, not fatal.
struct RunnerReading {
    QString address;
    bool connected = false;
    QString error;                  // why the last poll failed; "" when connected
    RunStatus status;               // its last known status
    std::optional<double> reqRate;  // its http_reqs per second over its run; nullopt before any
};

class RunView {
public:
    virtual ~RunView() = default;

    // Whether the run can be read: always for a run in this process; for a remote one, whether
    // its last status poll was answered, and why not ("" while it has not answered yet).
    virtual bool connected() const { return true; }
    virtual QString lastError() const { return {}; }

    virtual RunStatus status() const = 0;
    // The run clock (paused time excluded); nullopt when the run does not expose it (the k6 API).
    virtual std::optional<double> elapsedSec() const = 0;
    // Everything the metrics engine knows, when the run is in this process; nullopt otherwise.
    virtual std::optional<MetricsSnapshot> snapshot() const { return std::nullopt; }
    // /v1/metrics' values, for a view without a snapshot (a view with one may leave this empty).
    virtual QList<MetricReading> metricReadings() const { return {}; }
    virtual GroupNode groups() const = 0;   // the group and check tree (root: path "")
    // metric -> its thresholds pass, for the metrics whose thresholds have been evaluated.
    virtual QMap<QString, bool> thresholdsOk() const = 0;
    // Every threshold expression with its state and observed value; nullopt when not known.
    virtual std::optional<QList<ThresholdReading>> thresholds() const = 0;
    virtual RequestsReading requests() const = 0;
    // The runners of a fleet (empty for a single run).
    virtual QList<RunnerReading> runners() const { return {}; }
};

} // namespace throttle
