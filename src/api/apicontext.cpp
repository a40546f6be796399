#include "api/apicontext.h"

#include "core/exec/localrun.h"
#include "core/exec/localrunview.h"
#include "core/exec/preparedrun.h"

namespace throttle {

MetricsSnapshot ApiContext::snapshot() const
{
    MetricsSnapshot s = view->snapshot().value_or(MetricsSnapshot());
    if (control && control->strictK6())   // k6 clients see only k6's metrics
        s.metrics.removeIf([](const MetricSnapshot &m) { return m.name == QLatin1String("http_reqs_interrupted"); });
    return s;
}

double ApiContext::elapsedSec() const
{
    return view->elapsedSec().value_or(0.0);
}

QMap<QString, bool> ApiContext::thresholdsOk() const
{
    return view->thresholdsOk();
}

std::optional<QList<ThresholdReading>> ApiContext::thresholdReadings() const
{
    return view->thresholds();
}

ApiContext ApiContext::forRun(LocalRun &run, MetricsEngine &metrics)
{
    return ApiContext{&run, std::make_shared<LocalRunView>(run, metrics)};
}

ApiContext ApiContext::forRun(PreparedRun &run)
{
    return ApiContext{&run.run(), std::make_shared<LocalRunView>(run)};
}

} // namespace throttle
