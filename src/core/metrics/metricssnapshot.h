#pragma once
// MetricsSnapshot: everything the engine knows at one moment, as a value (GUI, REST, summary
// and thresholds read these, never the live engine). Metrics are in registration order, each
// followed by its sub-metrics in the order they were added.

#include "core/metrics/groupnode.h"
#include "core/metrics/metricsnapshot.h"

#include <QList>

namespace throttle {

struct MetricsSnapshot {
    QList<MetricSnapshot> metrics;   // observed metrics and sub-metrics only
    GroupNode rootGroup;

    const MetricSnapshot *find(const QString &name) const;
};

} // namespace throttle
