#include "core/metrics/metricsnapshot.h"

#include <cmath>

namespace throttle {

double counterRate(const MetricSnapshot &metric, double elapsedSec)
{
    if (!(elapsedSec > 0.0) || !std::isfinite(elapsedSec))
        return 0.0;
    const double rate = metric.aggregate.count() / elapsedSec;
    return std::isfinite(rate) ? rate : 0.0;
}

bool parsePercentileStat(const QString &stat, double *percent)
{
    if (!stat.startsWith(QLatin1String("p(")) || !stat.endsWith(QLatin1Char(')')))
        return false;
    bool ok = false;
    const double p = stat.mid(2, stat.size() - 3).toDouble(&ok);
    if (!ok || !(p >= 0.0 && p <= 100.0))
        return false;
    *percent = p;
    return true;
}

double trendStat(const MetricSnapshot &metric, const QString &stat, bool *ok)
{
    const Histogram &h = metric.aggregate.trend();
    if (ok)
        *ok = true;
    if (stat == QLatin1String("avg"))
        return h.mean();
    if (stat == QLatin1String("min"))
        return h.min();
    if (stat == QLatin1String("max"))
        return h.max();
    if (stat == QLatin1String("med"))
        return h.percentile(50.0);
    if (stat == QLatin1String("count"))
        return double(h.count());
    double p = 0.0;
    if (parsePercentileStat(stat, &p))
        return h.percentile(p);
    if (ok)
        *ok = false;
    return 0.0;
}

} // namespace throttle
