#include "core/metrics/metricssnapshot.h"

namespace throttle {

const MetricSnapshot *MetricsSnapshot::find(const QString &name) const
{
    for (const MetricSnapshot &m : metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

} // namespace throttle
