#include "ui/remotemetricsfeed.h"

#include <algorithm>

namespace throttle {

namespace {

const AttachedMetric *find(const QList<AttachedMetric> &metrics, const QString &name)
{
    for (const AttachedMetric &m : metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

QString number(double v)
{
    return QString::number(v, 'f', v == qint64(v) ? 0 : 2);
}

QString timeText(double ms)
{
    if (ms >= 1000)
        return QString::number(ms / 1000, 'f', 2) + QStringLiteral("s");
    if (ms >= 1)
        return QString::number(ms, 'f', 2) + QStringLiteral("ms");
    return QString::number(ms * 1000, 'f', 2) + QStringLiteral("µs");
}

QString valueOf(const AttachedMetric &m, double v)
{
    if (m.contains == QLatin1String("time"))
        return timeText(v);
    if (m.contains == QLatin1String("data"))
        return number(v) + QStringLiteral(" B");
    return number(v);
}

} // namespace

void RemoteMetricsFeed::reset(qint64 nowMs)
{
    m_startMs = nowMs;
    m_lastMs = -1;
    m_lastCount.reset();
    m_elapsedSec = 0;
    m_requests = m_failed = m_iterations = 0;
}

std::optional<TimeSeriesRow> RemoteMetricsFeed::sample(const QList<AttachedMetric> &metrics, double vus, qint64 nowMs)
{
    const AttachedMetric *reqs = find(metrics, QStringLiteral("http_reqs"));
    const AttachedMetric *failed = find(metrics, QStringLiteral("http_req_failed"));
    const AttachedMetric *iters = find(metrics, QStringLiteral("iterations"));
    const AttachedMetric *duration = find(metrics, QStringLiteral("http_req_duration"));
    const double count = reqs ? reqs->sample.value(QStringLiteral("count")) : 0;
    m_requests = qint64(count);
    m_failed = failed ? qint64(failed->sample.value(QStringLiteral("rate")) * count + 0.5) : 0;
    m_iterations = iters ? qint64(iters->sample.value(QStringLiteral("count"))) : 0;
    // A counter's rate is count / run elapsed time (paused time excluded), so it gives the clock.
    for (const AttachedMetric *c : {iters, reqs})
        if (c && c->sample.value(QStringLiteral("rate")) > 0) {
            m_elapsedSec = c->sample.value(QStringLiteral("count")) / c->sample.value(QStringLiteral("rate"));
            break;
        }

    if (m_lastMs >= 0 && nowMs - m_lastMs < 1000)
        return std::nullopt;
    TimeSeriesRow row;
    row.time = double(nowMs - m_startMs) / 1000.0;
    row.vus = vus;
    if (m_lastCount && m_lastMs >= 0)
        row.rps = std::max(0.0, count - *m_lastCount) * 1000.0 / double(nowMs - m_lastMs);
    if (duration) {
        row.p50 = duration->sample.value(QStringLiteral("med"));
        row.p95 = duration->sample.value(QStringLiteral("p(95)"));
        row.p99 = row.p95;   // /v1/metrics has no p(99): the p99 line repeats p(95) rather than invent one
    }
    row.failureRate = failed ? 100.0 * failed->sample.value(QStringLiteral("rate")) : 0.0;
    m_lastCount = count;
    m_lastMs = nowMs;
    return row;
}

QString RemoteMetricsFeed::valueText(const AttachedMetric &m)
{
    const auto s = [&](const char *k) { return m.sample.value(QLatin1String(k)); };
    if (m.type == QLatin1String("trend")) {
        QStringList parts;
        for (const char *k : {"avg", "min", "med", "max", "p(90)", "p(95)"})
            parts << QLatin1String(k) + QLatin1Char('=') + valueOf(m, s(k));
        return parts.join(QLatin1Char(' '));
    }
    if (m.type == QLatin1String("counter"))
        return valueOf(m, s("count")) + QLatin1Char(' ') + QString::number(s("rate"), 'f', 2) + QStringLiteral("/s");
    if (m.type == QLatin1String("rate"))
        return QString::number(100.0 * s("rate"), 'f', 2) + QLatin1Char('%');
    return valueOf(m, s("value"));
}

QList<MetricsTableModel::Row> RemoteMetricsFeed::rows(const QList<AttachedMetric> &metrics)
{
    QList<AttachedMetric> sorted = metrics;   // /v1/metrics has no order: sub-metrics after their parent
    std::sort(sorted.begin(), sorted.end(), [](const AttachedMetric &a, const AttachedMetric &b) {
        const QString baseA = a.name.section(QLatin1Char('{'), 0, 0), baseB = b.name.section(QLatin1Char('{'), 0, 0);
        return baseA != baseB ? baseA < baseB : a.name < b.name;
    });
    QList<MetricsTableModel::Row> out;
    for (const AttachedMetric &m : std::as_const(sorted)) {
        MetricsTableModel::Row r;
        r.name = m.name;
        const qsizetype brace = m.name.indexOf(QLatin1Char('{'));
        r.submetric = brace >= 0;
        r.displayName = brace < 0 ? m.name
                                  : QLatin1String("{ ") + m.name.mid(brace + 1, m.name.size() - brace - 2)
                                        + QLatin1String(" }");
        r.type = m.type;
        r.valueText = valueText(m);
        r.thresholdState = !m.tainted ? QString() : *m.tainted ? QStringLiteral("fail") : QStringLiteral("pass");
        out.append(r);
    }
    return out;
}

} // namespace throttle
