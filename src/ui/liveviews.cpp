#include "ui/liveviews.h"

#include <QDateTime>

namespace throttle {

namespace {
constexpr qint64 kRequestsEveryMs = 1000;
}

void LiveViews::reset(bool cumulative)
{
    m_series.clear();
    m_series.setCumulativePercentiles(cumulative);
    m_metrics.clear();
    m_checks.clear();
    m_requestsFeed.clear();
    m_requestsRead.invalidate();
    m_runners.update({});
    m_seconds = nullptr;
    m_remoteFeed.reset(QDateTime::currentMSecsSinceEpoch());
    m_elapsedSec = 0;
    m_rps = 0;
    m_totalRequests = m_failedRequests = m_iterations = 0;
}

void LiveViews::setSeconds(SecondSeriesSink *seconds, qint64 startSecond)
{
    m_seconds = seconds;
    m_localFeed.reset(startSecond);
}

void LiveViews::refresh(const RunView &view, const RunStatus &status, bool final)
{
    if (const std::optional<MetricsSnapshot> snap = view.snapshot())
        readSnapshot(view, *snap, status, final);
    else
        readMetricReadings(view, status);
    // Throttle's runs have every expression with its value; the k6 API only a tainted flag per metric.
    if (const std::optional<QList<ThresholdReading>> readings = view.thresholds())
        m_thresholds.setReadings(*readings);
    else
        m_thresholds.setFromTainted(m_metrics.rows());
    readRequests(view, final);
    m_runners.update(view.runners());
    drainLog();
}

// A run in this process: the full snapshot for the table and totals, per-second buckets for the charts.
void LiveViews::readSnapshot(const RunView &view, const MetricsSnapshot &snap, const RunStatus &status, bool final)
{
    m_elapsedSec = view.elapsedSec().value_or(0.0);
    SummaryOptions options = m_tableOptions;
    options.elapsedSec = m_elapsedSec;
    options.thresholdOk = view.thresholdsOk();
    m_metrics.update(snap, options);
    m_checks.update(snap.rootGroup);
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_reqs")))
        m_totalRequests = qint64(m->aggregate.count());
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_req_failed")))
        m_failedRequests = qint64(m->aggregate.passes());
    if (const MetricSnapshot *m = snap.find(QStringLiteral("iterations")))
        m_iterations = qint64(m->aggregate.count());
    if (!m_seconds)
        return;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (status.paused)
        m_localFeed.notePaused(now);
    for (const TimeSeriesRow &row : m_localFeed.drain(*m_seconds, now, final))
        m_series.append(row);
    if (const TimeSeriesRow *last = m_series.last(); last && !final)
        m_rps = last->rps;
}

// A run read over REST: /v1/metrics' cumulative values; the charts take counter deltas.
void LiveViews::readMetricReadings(const RunView &view, const RunStatus &status)
{
    const QList<MetricReading> metrics = view.metricReadings();
    m_checks.update(view.groups());
    const quint64 checks = quint64(m_checks.totalPasses()) + quint64(m_checks.totalFails());
    m_metrics.setRows(RemoteMetricsFeed::rows(metrics, RemoteMetricsFeed::rateTotals(metrics, checks)));
    if (const std::optional<TimeSeriesRow> row =
            m_remoteFeed.sample(metrics, double(status.vus), status.paused, QDateTime::currentMSecsSinceEpoch())) {
        m_series.append(*row);
        m_rps = row->rps;
    }
    m_elapsedSec = view.elapsedSec().value_or(m_remoteFeed.elapsedSec());
    m_totalRequests = m_remoteFeed.totalRequests();
    m_failedRequests = m_remoteFeed.failedRequests();
    m_iterations = m_remoteFeed.iterations();
}

void LiveViews::readRequests(const RunView &view, bool final)
{
    if (!final && m_requestsRead.isValid() && m_requestsRead.elapsed() < kRequestsEveryMs)
        return;
    m_requestsRead.start();
    m_requestsFeed.show(view.requests());
}

void LiveViews::drainLog()
{
    qint64 dropped = 0;
    QList<LogLine> lines = m_log.take(&dropped);
    if (dropped > 0)
        lines.prepend(LogLine{QDateTime::currentDateTime(), LogLevel::Warning,
                              QStringLiteral("%1 log lines dropped (too many at once)").arg(dropped), {}});
    m_console.append(lines);
}

} // namespace throttle
