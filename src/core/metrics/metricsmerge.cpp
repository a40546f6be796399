#include "core/metrics/metricsmerge.h"

#include <QHash>

namespace throttle {

namespace {

bool sumsAcrossRunners(const MetricSnapshot &m)
{
    return m.name == QLatin1String("vus") || m.name == QLatin1String("vus_max");
}

} // namespace

MetricsSnapshot mergeSnapshots(const QList<MetricsSnapshot> &runners)
{
    MetricsSnapshot out;
    QHash<QString, qsizetype> index;
    for (const MetricsSnapshot &runner : runners) {
        for (const MetricSnapshot &m : runner.metrics) {
            const auto it = index.constFind(m.name);
            if (it == index.constEnd()) {
                index.insert(m.name, out.metrics.size());
                out.metrics.append(m);
                continue;
            }
            MetricSnapshot &into = out.metrics[*it];
            if (into.type != m.type)   // a runner with another script: keep the first one's
                continue;
            into.aggregate.merge(m.aggregate, sumsAcrossRunners(m));
            into.hasThresholds = into.hasThresholds || m.hasThresholds;
        }
    }
    if (!runners.isEmpty())
        out.rootGroup = runners.first().rootGroup;
    return out;
}

} // namespace throttle
