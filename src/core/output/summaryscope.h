#pragma once
// SummaryScope / SummaryScopes: what k6 v1's end-of-test summary shows besides the run-wide
// metrics (script-api.md §11.1): every check by name in first-seen order (the TOTAL RESULTS
// list, checks of all groups together), and in `full` mode the metrics and checks of each group
// and of each named scenario, each group holding exactly the samples tagged with its own path.
// Plain values built by SummaryScopeSink; any thread.

#include "core/metrics/groupnode.h"
#include "core/metrics/metricsnapshot.h"

#include <QList>
#include <QString>

namespace throttle {

struct SummaryScope {
    QString name;                   // group or scenario name; "" for the root
    QList<CheckNode> checks;        // name, passes, fails; first-seen order
    QList<MetricSnapshot> metrics;  // the samples of this scope only; first-seen order
    QList<SummaryScope> groups;     // nested groups; first-seen order
};

struct SummaryScopes {
    QList<CheckNode> checks;        // every check of the run by name, first-seen order
    SummaryScope root;              // full mode: groups of samples outside named scenarios
    QList<SummaryScope> scenarios;  // full mode: one per named scenario (not "default")
};

} // namespace throttle
