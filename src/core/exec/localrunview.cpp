#include "core/exec/localrunview.h"

#include "core/exec/localrun.h"
#include "core/exec/preparedrun.h"
#include "core/metrics/metricsengine.h"
#include "core/metrics/thresholdset.h"

namespace throttle {

LocalRunView::LocalRunView(LocalRun &run, MetricsEngine &metrics) : m_run(run), m_metrics(metrics)
{
}

LocalRunView::LocalRunView(PreparedRun &run) : m_run(run.run()), m_metrics(run.metrics()), m_prepared(&run)
{
}

RunStatus LocalRunView::status() const
{
    return m_run.status();
}

std::optional<double> LocalRunView::elapsedSec() const
{
    return m_run.clock().elapsedSec();
}

std::optional<MetricsSnapshot> LocalRunView::snapshot() const
{
    return m_metrics.snapshot();
}

GroupNode LocalRunView::groups() const
{
    return m_metrics.snapshot().rootGroup;
}

QMap<QString, bool> LocalRunView::thresholdsOk() const
{
    return m_run.lastEvaluation().ok;
}

std::optional<QList<ThresholdReading>> LocalRunView::thresholds() const
{
    if (!m_prepared)
        return std::nullopt;
    const ThresholdSet *set = m_prepared->thresholds();
    return set ? set->readings(m_run.lastEvaluation(), m_metrics.snapshot(), m_run.clock().elapsedSec())
               : QList<ThresholdReading>();
}

RequestsReading LocalRunView::requests() const
{
    if (!m_prepared)
        return RequestsReading{false, {}, 0};
    return RequestsReading{true, m_prepared->requestStats().snapshot(), m_run.clock().elapsedSec()};
}

} // namespace throttle
