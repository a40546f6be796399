#pragma once
// LiveViews: the window's live panes — metrics table, checks, thresholds, charts, requests,
// failures, console, a fleet's runners — and the header's totals, all filled from a RunView by one refresh(),
// whether the run is in this process or attached over REST. What differs is what the view can
// tell: a view with a metrics snapshot (a local run) gives the table its full statistics and the
// charts per-second buckets (the SecondSeriesSink the session hands in); a view without one (a
// remote run) gives /v1/metrics' values, from which the charts take counter deltas. Owns the
// models (RunController exposes them to QML). GUI thread only; reads copies, never waits on VUs.

#include "core/exec/runview.h"
#include "core/output/summaryoptions.h"
#include "ui/checksmodel.h"
#include "ui/consolemodel.h"
#include "ui/guilogsink.h"
#include "ui/localseriesfeed.h"
#include "ui/metricstablemodel.h"
#include "ui/remotemetricsfeed.h"
#include "ui/requestsfeed.h"
#include "ui/runnersmodel.h"
#include "ui/thresholdsmodel.h"
#include "ui/timeseriesmodel.h"

#include <QElapsedTimer>

namespace throttle {

class LiveViews
{
public:
    explicit LiveViews(GuiLogSink &log) : m_log(log) {}

    // Empties every pane for a new run. cumulative: the charts' percentiles are whole-run values
    // (a view without a snapshot has nothing per second).
    void reset(bool cumulative);
    // A local run's per-second buckets from now on (null: none), and the table's trend statistics.
    void setSeconds(SecondSeriesSink *seconds, qint64 startSecond);
    void setTableOptions(const SummaryOptions &options) { m_tableOptions = options; }
    // One read of the view; final: the run is over (the last second and rows are taken in).
    void refresh(const RunView &view, const RunStatus &status, bool final);
    void drainLog();
    void finish() { m_rps = 0; }   // nothing runs any more: no last-second rate left standing

    MetricsTableModel &metrics() { return m_metrics; }
    ChecksModel &checks() { return m_checks; }
    ThresholdsModel &thresholds() { return m_thresholds; }
    ConsoleModel &console() { return m_console; }
    TimeSeriesModel &series() { return m_series; }
    RequestsModel &requests() { return m_requests; }
    FailuresModel &failures() { return m_failures; }
    RunnersModel &runners() { return m_runners; }

    double elapsedSec() const { return m_elapsedSec; }
    double requestsPerSec() const { return m_rps; }
    qint64 totalRequests() const { return m_totalRequests; }
    qint64 failedRequests() const { return m_failedRequests; }
    qint64 iterations() const { return m_iterations; }

private:
    void readSnapshot(const RunView &view, const MetricsSnapshot &snap, const RunStatus &status, bool final);
    void readMetricReadings(const RunView &view, const RunStatus &status);
    void readRequests(const RunView &view, bool final);

    GuiLogSink &m_log;
    MetricsTableModel m_metrics;
    ChecksModel m_checks;
    ThresholdsModel m_thresholds;
    ConsoleModel m_console;
    TimeSeriesModel m_series;
    RequestsModel m_requests;
    FailuresModel m_failures;
    RunnersModel m_runners;           // an attached fleet's runners; empty otherwise
    RequestsFeed m_requestsFeed{m_requests, m_failures};
    QElapsedTimer m_requestsRead;     // a local snapshot computes every row's percentiles: 1 Hz
    LocalSeriesFeed m_localFeed;      // chart rows from per-second buckets
    SecondSeriesSink *m_seconds = nullptr;
    RemoteMetricsFeed m_remoteFeed;   // chart rows and totals from /v1/metrics' values
    SummaryOptions m_tableOptions;

    double m_elapsedSec = 0;
    double m_rps = 0;
    qint64 m_totalRequests = 0;
    qint64 m_failedRequests = 0;
    qint64 m_iterations = 0;
};

} // namespace throttle
