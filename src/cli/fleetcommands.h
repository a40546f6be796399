#pragma once
// The control commands on a fleet (README "Running on Kubernetes"): `throttle status|pause|
// resume|scale|stop|stats -a host1:6565,host2:6565` sends the same request to every runner at
// once (FleetClient) and prints the fleet as one test, then one block per runner. A runner that
// fails is shown with its error and reported, never fatal to the others. Main thread.
//
// status and the PATCH commands print k6's seven status lines for the fleet — status: the least
// advanced runner's; paused: "true" when every runner is paused, "false" when none is, "mixed"
// otherwise; vus and vus-max: the sums; stopped, running, tainted: true when any runner's is —
// then `runners:` with each runner's address and seven lines (or its error).
// stats merges every runner's GET /v1/throttle/aggregates (docs/rest-extensions.md) and prints
// the merged metrics as k6 stats prints one run's: counters and rates add up, trend percentiles
// come from the merged histograms, a metric is tainted when it is on any runner.

#include "api/fleetclient.h"

#include <QList>
#include <QTextStream>
#include <optional>

namespace throttle {

struct FleetFailure {
    QString address;
    QString message;
};

// An answer's failure as k6's client words it ("<title>: <detail>" from the error document);
// nullopt for a success. *panic: k6 would panic on it (an error document without errors).
std::optional<QString> replyError(const RestReply &r, bool *panic = nullptr);

// status (patchBody nullopt) or pause/resume/scale/stop (the PATCH body for every runner).
QList<FleetFailure> fleetStatus(const FleetClient &fleet, const std::optional<QByteArray> &patchBody, QTextStream &out);
QList<FleetFailure> fleetStats(const FleetClient &fleet, QTextStream &out);

} // namespace throttle
