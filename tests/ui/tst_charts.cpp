// The live charts' data path (issue 16, defect 7 and the chart features): per-second buckets
// (SecondSeriesSink), the local rows (LocalSeriesFeed), the table (TimeSeriesModel) and the
// window the charts draw (ChartWindow): gaps instead of 0 ms / 0 %, paused seconds marked, ticks
// on round steps after a minute, the 1 min / 5 min / whole-run windows and zoom.
#include "core/metrics/metricsengine.h"
#include "ui/chartwindow.h"
#include "ui/localseriesfeed.h"
#include "ui/remotemetricsfeed.h"
#include "core/metrics/secondseriessink.h"
#include "ui/timeseriesmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

using namespace throttle;

class TestCharts : public QObject
{
    Q_OBJECT
private slots:
    void sinkBucketsBySecond();
    void refusedConnectionsHaveNoResponseTime();
    void localFeedLeavesGapsAndMarksPauses();
    void modelKeepsTheWholeRunUpToItsCapacity();
    void ticksFallOnRoundSteps_data();
    void ticksFallOnRoundSteps();
    void windowsAndZoom();
    void pointsCarryGapsAndAverageDown();
    void pausedSpansAndHover();
    void valueTexts();
    void remoteFeedRatesFromDeltas();
};

namespace {
constexpr qint64 kS = 1000000000;

TimeSeriesRow row(double t, double rps, bool paused = false)
{
    TimeSeriesRow r;
    r.time = t;
    r.rps = rps;
    r.paused = paused;
    if (rps > 0) {
        r.p50 = 10;
        r.failureRate = 0;
    }
    return r;
}
} // namespace

void TestCharts::sinkBucketsBySecond()
{
    SecondSeriesSink sink;
    MetricsEngine engine;
    const TagSetId ok = engine.intern({{"status", "200"}});
    sink.consume({Sample{builtin::HttpReqs, ok, 1, 10 * kS + 1}, Sample{builtin::HttpReqs, ok, 1, 10 * kS + 2},
                  Sample{builtin::HttpReqFailed, ok, 1, 10 * kS}, Sample{builtin::HttpReqFailed, ok, 0, 10 * kS},
                  Sample{builtin::HttpReqDuration, ok, 100, 10 * kS}, Sample{builtin::Vus, 0, 4, 10 * kS},
                  Sample{builtin::Iterations, 0, 1, 10 * kS}, Sample{builtin::DataReceived, 0, 300, 10 * kS},
                  Sample{builtin::HttpReqs, ok, 1, 11 * kS}, Sample{builtin::DataSent, 0, 99, 11 * kS}},
                 engine);
    QList<SecondBucket> b = sink.takeBefore(11);
    QCOMPARE(b.size(), 1);
    QCOMPARE(b[0].second, 10);
    QCOMPARE(b[0].requests, 2.0);
    QCOMPARE(b[0].failed, 1u);
    QCOMPARE(b[0].failTotal, 2u);
    QCOMPARE(b[0].vus, 4.0);
    QCOMPARE(b[0].iterations, 1.0);
    QCOMPARE(b[0].received, 300.0);
    QCOMPARE(b[0].durations.count(), 1u);
    // A late sample for second 10 lands in the next open second.
    sink.consume({Sample{builtin::HttpReqs, ok, 1, 10 * kS + 5}}, engine);
    b = sink.takeBefore(12);
    QCOMPARE(b.size(), 1);
    QCOMPARE(b[0].second, 11);
    QCOMPARE(b[0].requests, 2.0);
    QCOMPARE(b[0].sent, 99.0);
    QCOMPARE(b[0].vus, -1.0);
}

// A refused connection (status 0) is a failed request without a response time: the latency
// chart must not draw it as 0 ms, the failure chart shows it as a failure.
void TestCharts::refusedConnectionsHaveNoResponseTime()
{
    SecondSeriesSink sink;
    MetricsEngine engine;
    const TagSetId refused = engine.intern({{"error_code", "1212"}, {"status", "0"}});
    sink.consume({Sample{builtin::HttpReqs, refused, 1, 5 * kS}, Sample{builtin::HttpReqDuration, refused, 0, 5 * kS},
                  Sample{builtin::HttpReqFailed, refused, 1, 5 * kS}},
                 engine);
    const QList<SecondBucket> b = sink.takeBefore(6);
    QCOMPARE(b.size(), 1);
    QCOMPARE(b[0].durations.count(), 0u);
    const TimeSeriesRow r = LocalSeriesFeed::rowFor(b[0], 0, 1, false);
    QVERIFY(std::isnan(r.p50) && std::isnan(r.p95) && std::isnan(r.p99));
    QCOMPARE(r.failureRate, 100.0);
    QCOMPARE(r.rps, 1.0);
}

void TestCharts::localFeedLeavesGapsAndMarksPauses()
{
    SecondSeriesSink sink;
    MetricsEngine engine;
    const TagSetId ok = engine.intern({{"status", "200"}});
    LocalSeriesFeed feed;
    feed.reset(100);
    sink.consume({Sample{builtin::HttpReqs, ok, 1, 100 * kS}, Sample{builtin::HttpReqDuration, ok, 40, 100 * kS},
                  Sample{builtin::HttpReqFailed, ok, 0, 100 * kS}, Sample{builtin::Vus, 0, 3, 100 * kS},
                  Sample{builtin::HttpReqs, ok, 1, 103 * kS}, Sample{builtin::HttpReqDuration, ok, 50, 103 * kS},
                  Sample{builtin::HttpReqFailed, ok, 0, 103 * kS}},
                 engine);
    feed.notePaused(101);
    feed.notePaused(102);
    const QList<TimeSeriesRow> rows = feed.drain(sink, 105, false);   // seconds 100..103 are over
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows[0].time, 0.0);
    QCOMPARE(rows[0].p50, 40.0);
    QCOMPARE(rows[0].failureRate, 0.0);
    QCOMPARE(rows[0].vus, 3.0);
    for (int i : {1, 2}) {   // paused: shaded, no VUs, nothing to draw for latency or failures
        QVERIFY(rows[i].paused);
        QCOMPARE(rows[i].vus, 0.0);
        QCOMPARE(rows[i].rps, 0.0);
        QVERIFY(std::isnan(rows[i].p50));
        QVERIFY(std::isnan(rows[i].failureRate));
    }
    QVERIFY(!rows[3].paused);
    QCOMPARE(rows[3].p90, 50.0);
    QCOMPARE(rows[3].vus, 3.0);   // the last gauge holds until a new one
    QVERIFY(feed.drain(sink, 105, false).isEmpty());
    QCOMPARE(feed.drain(sink, 105, true).size(), 2);   // the end: 104 and 105 too
}

void TestCharts::modelKeepsTheWholeRunUpToItsCapacity()
{
    TimeSeriesModel whole;
    for (int s = 0; s < 3000; ++s)
        whole.append(row(s, 1));
    QCOMPARE(whole.rowCount(), 3000);   // 50 minutes: all kept (the window used to be 10 min)
    TimeSeriesModel model(nullptr, 5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int s = 0; s < 8; ++s)
        model.append(row(s, 10.0 * s));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(TimeSeriesModel::ColumnCount));
    QCOMPARE(model.index(0, TimeSeriesModel::Time).data().toDouble(), 3.0);
    QCOMPARE(model.index(4, TimeSeriesModel::RequestsPerSec).data().toDouble(), 70.0);
    QVERIFY(std::isnan(model.value(0, TimeSeriesModel::P99)));
    QCOMPARE(model.value(4, TimeSeriesModel::P50), 10.0);
    QCOMPARE(model.rowNear(5.4), 2);
    QCOMPARE(model.rowNear(100), 4);
    QCOMPARE(model.lastTime(), 7.0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowNear(1), -1);
}

// After a minute the ticks were 17s/34s/51s: the step is now a round one for any width.
void TestCharts::ticksFallOnRoundSteps_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("first minute") << 0.0 << 60.0 << QStringList{"0s", "10s", "20s", "30s", "40s", "50s", "1:00"};
    QTest::newRow("68 s") << 8.0 << 68.0 << QStringList{"10s", "20s", "30s", "40s", "50s", "1:00"};
    QTest::newRow("5 min") << 37.0 << 337.0 << QStringList{"1:00", "2:00", "3:00", "4:00", "5:00"};
    QTest::newRow("whole run, 47 min") << 0.0 << 2820.0 << QStringList{"0s", "10:00", "20:00", "30:00", "40:00"};
    QTest::newRow("2 h") << 0.0 << 7200.0 << QStringList{"0s", "30:00", "1:00:00", "1:30:00", "2:00:00"};
}

void TestCharts::ticksFallOnRoundSteps()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(QStringList, labels);
    TimeSeriesModel model;
    for (double t = from; t <= to; t += 1)
        model.append(row(t, 1));
    ChartWindow w;
    w.setSeries(&model);
    w.setSpan(0);   // whole run
    QCOMPARE(w.from(), from);
    QCOMPARE(w.to(), std::max(to, from + 60));
    QStringList got;
    for (const QVariant &t : w.ticks())
        got << ChartWindow::timeLabel(t.toDouble());
    QCOMPARE(got, labels);
}

void TestCharts::windowsAndZoom()
{
    TimeSeriesModel model;
    ChartWindow w;
    w.setSeries(&model);
    QSignalSpy changed(&w, &ChartWindow::changed);
    QCOMPARE(w.span(), 300.0);   // the last five minutes by default
    QCOMPARE(w.from(), 0.0);
    QCOMPARE(w.to(), 300.0);   // an empty run still shows the width
    for (int s = 0; s <= 400; ++s)
        model.append(row(s, 1));
    QVERIFY(changed.count() > 0);
    QCOMPARE(w.from(), 100.0);
    QCOMPARE(w.to(), 400.0);
    w.setSpan(60);
    QCOMPARE(w.from(), 340.0);
    w.setSpan(0);
    QCOMPARE(w.from(), 0.0);
    QCOMPARE(w.to(), 400.0);
    w.zoomTo(250, 200);   // dragged right to left
    QVERIFY(w.zoomed());
    QCOMPARE(w.from(), 200.0);
    QCOMPARE(w.to(), 250.0);
    model.append(row(401, 1));   // the zoom stays put while the run goes on
    QCOMPARE(w.to(), 250.0);
    w.zoomTo(10, 11);   // at least 5 s wide
    QCOMPARE(w.to() - w.from(), 5.0);
    w.resetZoom();
    QVERIFY(!w.zoomed());
    QCOMPARE(w.to(), 401.0);
    w.zoomTo(1, 30);
    w.setSpan(60);   // picking a window leaves the zoom
    QVERIFY(!w.zoomed());
    model.clear();   // a new run forgets the zoom
    w.zoomTo(1, 30);
    model.append(row(0, 1));
    model.clear();
    QVERIFY(!w.zoomed());
}

void TestCharts::pointsCarryGapsAndAverageDown()
{
    TimeSeriesModel model;
    for (int s = 0; s < 10; ++s)
        model.append(row(s, s >= 4 && s <= 5 ? 0 : 10));   // seconds 4 and 5: no requests
    ChartWindow w;
    w.setSeries(&model);
    w.setSpan(0);
    const QVariantList p = w.points(TimeSeriesModel::P50, 1000);
    QCOMPARE(p.size(), 20);
    QCOMPARE(p[0].toDouble(), 0.0);
    QCOMPARE(p[1].toDouble(), 10.0);
    QVERIFY(std::isnan(p[9].toDouble()));    // second 4: a gap, not 0 ms
    QVERIFY(std::isnan(p[11].toDouble()));
    QCOMPARE(p[13].toDouble(), 10.0);
    // 3000 seconds into ~100 points: each the mean of its stretch.
    TimeSeriesModel big;
    for (int s = 0; s < 3000; ++s)
        big.append(row(s, s % 2 ? 20 : 10));
    w.setSeries(&big);
    const QVariantList q = w.points(TimeSeriesModel::RequestsPerSec, 100);
    QVERIFY2(q.size() / 2 <= 101 && q.size() / 2 >= 99, qPrintable(QString::number(q.size())));
    QCOMPARE(q[1].toDouble(), 15.0);
    QCOMPARE(w.yMax({int(TimeSeriesModel::RequestsPerSec)}, 1), 50.0);   // 22 → a round 50
    QCOMPARE(w.yMax({int(TimeSeriesModel::P99)}, 1), 1.0);               // nothing: the floor
}

void TestCharts::pausedSpansAndHover()
{
    TimeSeriesModel model;
    for (int s = 0; s < 20; ++s)
        model.append(row(s, 5, (s >= 3 && s <= 6) || s == 15));
    ChartWindow w;
    w.setSeries(&model);
    w.setSpan(60);
    QCOMPARE(w.pausedSpans(), (QVariantList{3.0, 7.0, 15.0, 16.0}));
    QCOMPARE(w.rowNear(6.2), 6);
    QCOMPARE(model.value(w.rowNear(6.2), TimeSeriesModel::Paused), 1.0);
}

void TestCharts::valueTexts()
{
    QCOMPARE(ChartWindow::valueText(12.5, QStringLiteral("ms")), QStringLiteral("12.5ms"));
    QCOMPARE(ChartWindow::valueText(1500, QStringLiteral("ms")), QStringLiteral("1.5s"));
    QCOMPARE(ChartWindow::valueText(2500, QStringLiteral("B/s")), QStringLiteral("2.5 kB/s"));
    QCOMPARE(ChartWindow::valueText(37.5, QStringLiteral("%")), QStringLiteral("37.5%"));
    QCOMPARE(ChartWindow::valueText(1234, QStringLiteral("/s")), QStringLiteral("1234 /s"));
    QCOMPARE(ChartWindow::valueText(std::nan(""), QStringLiteral("ms")), QStringLiteral("–"));
    QCOMPARE(ChartWindow::timeLabel(3725), QStringLiteral("1:02:05"));
}

// Attached mid-run: before /v1/metrics first answers there is nothing, and that must not count as
// 0 requests (the first delta was drawn as a spike of the whole run's requests in one second).
void TestCharts::remoteFeedRatesFromDeltas()
{
    const auto metrics = [](double reqs, double iters) {
        return QList<MetricReading>{
            MetricReading{"http_reqs", "counter", "default", std::nullopt, {{"count", reqs}, {"rate", reqs / 100}}},
            MetricReading{"iterations", "counter", "default", std::nullopt, {{"count", iters}, {"rate", iters / 100}}},
            MetricReading{"http_req_duration", "trend", "time", std::nullopt, {{"med", 10}, {"p(90)", 20}, {"p(95)", 30}}},
            MetricReading{"http_req_failed", "rate", "default", std::nullopt, {{"rate", 0.25}}}};
    };
    RemoteMetricsFeed feed;
    feed.reset(0);
    QVERIFY(!feed.sample({}, 5, false, 0));               // not polled yet
    const auto first = feed.sample(metrics(1300, 600), 5, false, 100);
    QVERIFY(first);
    QCOMPARE(first->rps, 0.0);                             // no earlier reading: no rate
    QVERIFY(!feed.sample(metrics(1310, 605), 5, false, 600));   // under a second: no new row
    const auto second = feed.sample(metrics(1350, 620), 5, true, 2100);
    QVERIFY(second);
    QCOMPARE(second->rps, 25.0);                           // 50 requests over 2 s
    QCOMPARE(second->iterations, 10.0);
    QCOMPARE(second->p90, 20.0);
    QVERIFY(std::isnan(second->p99));                      // /v1/metrics has no p(99)
    QCOMPARE(second->failureRate, 25.0);
    QVERIFY(second->paused);
    QCOMPARE(feed.elapsedSec(), 100.0);                    // count ÷ rate: the remote run time
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
