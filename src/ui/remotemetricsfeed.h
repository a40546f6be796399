#pragma once
// RemoteMetricsFeed: turns an attached run's polled /v1/metrics (cumulative values) into what the
// window shows for a local run: metrics-table rows, one chart row per second (req/s, iterations/s
// and bytes/s from counter deltas; the trend's med, p(90) and p(95) and the http_req_failed rate
// as whole-run values, since the k6 API has nothing per second, and no p(99)) and the progress
// totals. Keeps the previous counter reading between calls. GUI thread only.

#include "core/metrics/metricreading.h"
#include "ui/metricstablemodel.h"
#include "ui/metrictext.h"
#include "ui/timeseriesmodel.h"

#include <QList>
#include <optional>

namespace throttle {

class RemoteMetricsFeed
{
public:
    void reset(qint64 nowMs);
    // A chart row when at least a second has passed since the previous one, else nullopt.
    std::optional<TimeSeriesRow> sample(const QList<MetricReading> &metrics, double vus, bool paused, qint64 nowMs);

    // rateTotals: the sample count of rate metrics whose count /v1/metrics does not carry
    // (http_req_failed: http_reqs' count; checks: the checks' passes and fails in /v1/groups).
    static QList<MetricsTableModel::Row> rows(const QList<MetricReading> &metrics,
                                              const QMap<QString, quint64> &rateTotals = {});
    // http_req_failed's count (http_reqs' count) and checks' (given, from /v1/groups).
    static QMap<QString, quint64> rateTotals(const QList<MetricReading> &metrics, quint64 checks);
    static MetricFigures figures(const MetricReading &m, std::optional<quint64> total);

    double elapsedSec() const { return m_elapsedSec; }
    qint64 totalRequests() const { return m_requests; }
    qint64 failedRequests() const { return m_failed; }
    qint64 iterations() const { return m_iterations; }

private:
    qint64 m_startMs = 0;
    qint64 m_lastMs = -1;
    struct Totals {
        double requests = 0, iterations = 0, sent = 0, received = 0;
    };
    std::optional<Totals> m_last;   // the counters at the previous chart row
    double m_elapsedSec = 0;
    qint64 m_requests = 0;
    qint64 m_failed = 0;
    qint64 m_iterations = 0;
};

} // namespace throttle
