#include "api/apicontext.h"

#include "core/exec/localrun.h"
#include "core/exec/preparedrun.h"
#include "core/metrics/metricsengine.h"

namespace throttle {

ApiContext ApiContext::forRun(LocalRun &run, MetricsEngine &metrics)
{
    ApiContext c;
    c.control = &run;
    c.snapshot = [&metrics, &run] {
        MetricsSnapshot s = metrics.snapshot();
        if (run.strictK6())   // k6 clients see only k6's metrics
            s.metrics.removeIf([](const MetricSnapshot &m) { return m.name == QLatin1String("http_reqs_interrupted"); });
        return s;
    };
    c.elapsedSec = [&run] { return run.clock().elapsedSec(); };
    c.thresholdsOk = [&run] { return run.lastEvaluation().ok; };
    return c;
}

ApiContext ApiContext::forRun(PreparedRun &run)
{
    ApiContext c = forRun(run.run(), run.metrics());
    const RequestStats *stats = &run.requestStats();
    c.requestStats = [stats] { return stats->snapshot(); };
    c.thresholdReadings = [&run] {
        const ThresholdSet *set = run.thresholds();
        return set ? set->readings(run.run().lastEvaluation(), run.metrics().snapshot(), run.run().clock().elapsedSec())
                   : QList<ThresholdReading>();
    };
    return c;
}

} // namespace throttle
