#include "ui/remotemetricsfeed.h"

#include <algorithm>

namespace throttle {

namespace {

const MetricReading *find(const QList<MetricReading> &metrics, const QString &name)
{
    for (const MetricReading &m : metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

const QStringList kRemoteTrendStats{QStringLiteral("avg"), QStringLiteral("min"), QStringLiteral("med"),
                                    QStringLiteral("max"), QStringLiteral("p(90)"), QStringLiteral("p(95)")};

ValueType valueType(const QString &contains)
{
    return contains == QLatin1String("time") ? ValueType::Time
           : contains == QLatin1String("data") ? ValueType::Data
                                                : ValueType::Default;
}

MetricType metricType(const QString &type)
{
    return type == QLatin1String("gauge") ? MetricType::Gauge
           : type == QLatin1String("rate")  ? MetricType::Rate
           : type == QLatin1String("trend") ? MetricType::Trend
                                            : MetricType::Counter;
}

} // namespace

void RemoteMetricsFeed::reset(qint64 nowMs)
{
    m_startMs = nowMs;
    m_lastMs = -1;
    m_last.reset();
    m_elapsedSec = 0;
    m_requests = m_failed = m_iterations = 0;
}

std::optional<TimeSeriesRow> RemoteMetricsFeed::sample(const QList<MetricReading> &metrics, double vus, bool paused,
                                                       qint64 nowMs)
{
    if (metrics.isEmpty())
        return std::nullopt;   // no /v1/metrics answer yet: a 0 here made the first delta a spike
    const auto count = [&](const char *name) {
        const MetricReading *m = find(metrics, QLatin1String(name));
        return m ? m->sample.value(QStringLiteral("count")) : 0.0;
    };
    const MetricReading *reqs = find(metrics, QStringLiteral("http_reqs"));
    const MetricReading *failed = find(metrics, QStringLiteral("http_req_failed"));
    const MetricReading *iters = find(metrics, QStringLiteral("iterations"));
    const MetricReading *duration = find(metrics, QStringLiteral("http_req_duration"));
    const Totals now{count("http_reqs"), count("iterations"), count("data_sent"), count("data_received")};
    m_requests = qint64(now.requests);
    m_failed = failed ? qint64(failed->sample.value(QStringLiteral("rate")) * now.requests + 0.5) : 0;
    m_iterations = qint64(now.iterations);
    // A counter's rate is count / run elapsed time (paused time excluded), so it gives the clock.
    for (const MetricReading *c : {iters, reqs})
        if (c && c->sample.value(QStringLiteral("rate")) > 0) {
            m_elapsedSec = c->sample.value(QStringLiteral("count")) / c->sample.value(QStringLiteral("rate"));
            break;
        }

    if (m_lastMs >= 0 && nowMs - m_lastMs < 1000)
        return std::nullopt;
    TimeSeriesRow row;
    row.time = double(nowMs - m_startMs) / 1000.0;
    row.vus = vus;
    row.paused = paused;
    if (m_last && m_lastMs >= 0) {
        const double perSec = 1000.0 / double(nowMs - m_lastMs);
        row.rps = std::max(0.0, now.requests - m_last->requests) * perSec;
        row.iterations = std::max(0.0, now.iterations - m_last->iterations) * perSec;
        row.sent = std::max(0.0, now.sent - m_last->sent) * perSec;
        row.received = std::max(0.0, now.received - m_last->received) * perSec;
    }
    if (duration && now.requests > 0) {   // whole-run values: /v1/metrics has no per-second ones, no p(99)
        row.p50 = duration->sample.value(QStringLiteral("med"));
        row.p90 = duration->sample.value(QStringLiteral("p(90)"));
        row.p95 = duration->sample.value(QStringLiteral("p(95)"));
    }
    if (failed && now.requests > 0)
        row.failureRate = 100.0 * failed->sample.value(QStringLiteral("rate"));
    m_last = now;
    m_lastMs = nowMs;
    return row;
}

QMap<QString, quint64> RemoteMetricsFeed::rateTotals(const QList<MetricReading> &metrics, quint64 checks)
{
    QMap<QString, quint64> totals;
    if (const MetricReading *reqs = find(metrics, QStringLiteral("http_reqs")))
        totals.insert(QStringLiteral("http_req_failed"), quint64(reqs->sample.value(QStringLiteral("count"))));
    if (checks > 0)
        totals.insert(QStringLiteral("checks"), checks);
    return totals;
}

MetricFigures RemoteMetricsFeed::figures(const MetricReading &m, std::optional<quint64> total)
{
    MetricFigures f;
    f.type = metricType(m.type);
    f.contains = valueType(m.contains);
    const auto s = [&](const char *k) { return m.sample.value(QLatin1String(k)); };
    switch (f.type) {
    case MetricType::Counter:
        f.count = s("count");
        f.perSecond = s("rate");
        break;
    case MetricType::Gauge: f.value = s("value"); break;
    case MetricType::Rate:
        f.rate = s("rate");
        if (total) {   // /v1/metrics gives only the share; the count comes from elsewhere
            f.total = *total;
            f.passes = quint64(f.rate * double(*total) + 0.5);
        }
        break;
    case MetricType::Trend:
        for (const QString &stat : kRemoteTrendStats)
            f.trend.insert(stat, m.sample.value(stat));
        break;
    }
    return f;
}

QList<MetricsTableModel::Row> RemoteMetricsFeed::rows(const QList<MetricReading> &metrics,
                                                      const QMap<QString, quint64> &rateTotals)
{
    QList<MetricReading> sorted = metrics;   // /v1/metrics has no order: sub-metrics after their parent
    std::sort(sorted.begin(), sorted.end(), [](const MetricReading &a, const MetricReading &b) {
        const QString baseA = a.name.section(QLatin1Char('{'), 0, 0), baseB = b.name.section(QLatin1Char('{'), 0, 0);
        return baseA != baseB ? baseA < baseB : a.name < b.name;
    });
    QList<MetricsTableModel::Row> out;
    for (const MetricReading &m : std::as_const(sorted)) {
        MetricsTableModel::Row r;
        r.name = m.name;
        r.submetric = m.name.contains(QLatin1Char('{'));
        r.displayName = MetricsTableModel::displayName(m.name);
        r.type = m.type;
        const auto total = rateTotals.constFind(m.name);
        r.valueText = MetricText::text(m.name, figures(m, total == rateTotals.cend() ? std::nullopt
                                                                                      : std::optional<quint64>(*total)),
                                       kRemoteTrendStats);
        r.thresholdState = !m.tainted ? QString() : *m.tainted ? QStringLiteral("fail") : QStringLiteral("pass");
        out.append(r);
    }
    return out;
}

} // namespace throttle
