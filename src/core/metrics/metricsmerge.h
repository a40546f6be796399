#pragma once
// mergeSnapshots: several runners' metrics as one test's (a fleet, each runner one execution
// segment). Metrics are matched by name (sub-metrics by their full name) in first-seen order;
// counters, rates and trends merge exactly (MetricAggregate::merge: trend percentiles come from
// the merged histogram); the gauges vus and vus_max are summed (the fleet's VUs), any other gauge
// keeps the largest latest value. A metric is thresholded when it is on any runner. Pure function.

#include "core/metrics/metricssnapshot.h"

#include <QList>

namespace throttle {

MetricsSnapshot mergeSnapshots(const QList<MetricsSnapshot> &runners);

} // namespace throttle
