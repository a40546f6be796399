// TimeSeriesSink: per-second points per metric and per scenario, per type; trend percentiles
// per second; late samples; the bounded ring; snapshot() while another thread collects.
#include "core/metrics/metricsengine.h"
#include "core/output/timeseriessink.h"

#include <QThread>
#include <QtTest>
#include <atomic>

using namespace throttle;

namespace {
constexpr qint64 kSec = 1000000000LL;
}

class TstTimeSeries : public QObject {
    Q_OBJECT

    struct Fixture {
        MetricsEngine engine;
        TimeSeriesSink sink;
        explicit Fixture(int capacity = 3600) : sink(capacity) { engine.addSink(&sink); }
        void feed(std::vector<Sample> samples)
        {
            engine.ingest(std::move(samples));
            engine.collect();
        }
    };

private slots:
    void counterPerSecond()
    {
        Fixture f;
        f.feed({{builtin::HttpReqs, 0, 1, 100 * kSec + 5}, {builtin::HttpReqs, 0, 2, 100 * kSec + 999999999},
                {builtin::HttpReqs, 0, 5, 101 * kSec}});
        const TimeSeriesSnapshot s = f.sink.snapshot();
        QCOMPARE(s.latestSecond, 101);
        const TimeSeries *ts = s.find(QStringLiteral("http_reqs"));
        QVERIFY(ts);
        QCOMPARE(ts->type, MetricType::Counter);
        QCOMPARE(ts->points.size(), 2);
        QCOMPARE(ts->points[0].second, 100);
        QCOMPARE(ts->points[0].samples, quint64(2));
        QCOMPARE(ts->points[0].sum, 3.0);
        QCOMPARE(ts->points[0].rate, 3.0);
        QCOMPARE(ts->points[0].min, 1.0);
        QCOMPARE(ts->points[0].max, 2.0);
        QCOMPARE(ts->points[1].rate, 5.0);
        QVERIFY(!s.find(QStringLiteral("http_reqs"), QStringLiteral("default")));   // no scenario tag
    }

    void perScenario()
    {
        Fixture f;
        const TagSetId a = f.engine.intern({{"scenario", "a"}});
        const TagSetId b = f.engine.intern({{"group", ""}, {"scenario", "b"}});
        f.feed({{builtin::Iterations, a, 1, 10 * kSec}, {builtin::Iterations, b, 1, 10 * kSec},
                {builtin::Iterations, b, 1, 10 * kSec}, {builtin::Vus, 0, 3, 10 * kSec}});
        const TimeSeriesSnapshot s = f.sink.snapshot();
        QCOMPARE(s.find("iterations")->points[0].sum, 3.0);
        QCOMPARE(s.find("iterations", "a")->points[0].sum, 1.0);
        QCOMPARE(s.find("iterations", "b")->points[0].sum, 2.0);
        QVERIFY(!s.find("vus", "a"));
        // Metric order first, each metric's all-samples series before its scenarios.
        QStringList order;
        for (const TimeSeries &t : s.series)
            order << t.metric + QLatin1Char('/') + t.scenario;
        QCOMPARE(order, (QStringList{"vus/", "iterations/", "iterations/a", "iterations/b"}));
    }

    void gaugeAndRate()
    {
        Fixture f;
        f.feed({{builtin::Vus, 0, 4, 5 * kSec}, {builtin::Vus, 0, 2, 5 * kSec + 1},
                {builtin::Checks, 0, 1, 5 * kSec}, {builtin::Checks, 0, 0, 5 * kSec}, {builtin::Checks, 0, 1, 5 * kSec},
                {builtin::Checks, 0, 1, 5 * kSec}});
        const TimeSeriesSnapshot s = f.sink.snapshot();
        const TimeSeriesPoint vus = s.find("vus")->points.at(0);
        QCOMPARE(vus.last, 2.0);
        QCOMPARE(vus.rate, 2.0);
        QCOMPARE(vus.max, 4.0);
        const TimeSeriesPoint checks = s.find("checks")->points.at(0);
        QCOMPARE(checks.passes, quint64(3));
        QCOMPARE(checks.rate, 0.75);
    }

    void trendPercentilesPerSecond()
    {
        Fixture f;
        std::vector<Sample> batch;
        for (int i = 1; i <= 1000; ++i)
            batch.push_back({builtin::HttpReqDuration, 0, double(i), 50 * kSec + i});
        batch.push_back({builtin::HttpReqDuration, 0, 7.0, 51 * kSec});
        f.feed(std::move(batch));
        const auto check = [](const TimeSeriesPoint &p) {
            QCOMPARE(p.samples, quint64(1000));
            QCOMPARE(p.min, 1.0);
            QCOMPARE(p.max, 1000.0);
            QCOMPARE(p.rate, 500.5);   // a trend's per-second value is its mean
            QVERIFY2(qAbs(p.p50 - 500.5) / 500.5 < 0.01, qPrintable(QString::number(p.p50)));
            QVERIFY2(qAbs(p.p95 - 950.05) / 950.05 < 0.01, qPrintable(QString::number(p.p95)));
            QVERIFY2(qAbs(p.p99 - 990.01) / 990.01 < 0.01, qPrintable(QString::number(p.p99)));
        };
        const TimeSeriesPoint open = f.sink.snapshot().find("http_req_duration")->points.at(0);
        check(open);
        QVERIFY(qAbs(f.sink.snapshot().find("http_req_duration")->points.at(1).p99 - 7.0) < 0.07);
        // Time moves on: second 50 is closed, its percentiles are frozen with the same values.
        f.feed({{builtin::HttpReqDuration, 0, 1.0, 60 * kSec}});
        const TimeSeriesPoint closed = f.sink.snapshot().find("http_req_duration")->points.at(0);
        check(closed);
        QCOMPARE(closed.p95, open.p95);
        // A late sample for the closed second still counts, its percentiles stay.
        f.feed({{builtin::HttpReqDuration, 0, 5000.0, 50 * kSec + 7}});
        const TimeSeriesPoint late = f.sink.snapshot().find("http_req_duration")->points.at(0);
        QCOMPARE(late.samples, quint64(1001));
        QCOMPARE(late.max, 5000.0);
        QCOMPARE(late.p95, open.p95);
    }

    void lateSecondsAreInsertedInOrder()
    {
        Fixture f;
        f.feed({{builtin::Iterations, 0, 1, 20 * kSec}, {builtin::Iterations, 0, 1, 22 * kSec}});
        f.feed({{builtin::Iterations, 0, 1, 21 * kSec}, {builtin::Iterations, 0, 1, 18 * kSec}});
        QList<qint64> seconds;
        const TimeSeriesSnapshot snap = f.sink.snapshot();
        for (const TimeSeriesPoint &p : snap.find("iterations")->points)
            seconds << p.second;
        QCOMPARE(seconds, (QList<qint64>{18, 20, 21, 22}));
        QCOMPARE(f.sink.snapshot(21).find("iterations")->points.size(), 2);   // since second 21
    }

    void ringIsBounded()
    {
        Fixture f(5);
        for (int s = 0; s < 10; ++s)
            f.feed({{builtin::HttpReqDuration, 0, double(s), s * kSec}});
        const TimeSeriesSnapshot snap = f.sink.snapshot();
        const TimeSeries *ts = snap.find("http_req_duration");
        QCOMPARE(ts->points.size(), 5);
        QCOMPARE(ts->points.first().second, 5);
        QCOMPARE(ts->points.last().second, 9);
        f.feed({{builtin::HttpReqDuration, 0, 1.0, 2 * kSec}});   // older than the ring: dropped
        QCOMPARE(f.sink.snapshot().find("http_req_duration")->points.first().second, 5);
        QCOMPARE(f.sink.capacity(), 5);
    }

    void ringFullLateSecondsAndWrap()
    {
        Fixture f(4);
        for (int s : {10, 11, 13, 14})
            f.feed({{builtin::Iterations, 0, 1.0, s * kSec}});
        // A late second inside a full ring: the oldest point goes, the late one lands in order.
        f.feed({{builtin::Iterations, 0, 2.0, 12 * kSec}});
        QList<qint64> seconds;
        TimeSeriesSnapshot snap = f.sink.snapshot();   // the points live in the snapshot
        for (const TimeSeriesPoint &p : snap.find("iterations")->points)
            seconds << p.second;
        QCOMPARE(seconds, (QList<qint64>{11, 12, 13, 14}));
        // Many wraps later the ring still holds exactly the newest `capacity` seconds, in order.
        for (int s = 15; s < 1000; ++s)
            f.feed({{builtin::Iterations, 0, double(s), s * kSec}});
        seconds.clear();
        snap = f.sink.snapshot();
        for (const TimeSeriesPoint &p : snap.find("iterations")->points)
            seconds << p.second;
        QCOMPARE(seconds, (QList<qint64>{996, 997, 998, 999}));
        QCOMPARE(f.sink.snapshot(998).find("iterations")->points.size(), 2);
    }

    void fixedRingInsertAndDrop()
    {
        FixedRing<int> ring(3);
        QCOMPARE(ring.insert(0, 20), 0u);
        QCOMPARE(ring.insert(0, 10), 0u);
        QCOMPARE(ring.insert(2, 30), 2u);
        QVERIFY(ring.full());
        QCOMPARE(ring.insert(0, 5), 3u);        // before everything in a full ring: ignored
        QCOMPARE(ring[0], 10);
        QCOMPARE(ring.insert(2, 25), 1u);       // drops 10, lands between 20 and 30
        QCOMPARE(ring[0], 20);
        QCOMPARE(ring[1], 25);
        QCOMPARE(ring[2], 30);
        QCOMPARE(ring.lowerBound(26, [](int a, int k) { return a < k; }), 2u);
        QCOMPARE(ring.lowerBound(99, [](int a, int k) { return a < k; }), 3u);
    }

    void snapshotWhileCollecting()
    {
        Fixture f(100);
        constexpr int kBatches = 300;
        std::atomic<bool> done{false};
        QThread *collector = QThread::create([&] {
            for (int i = 0; i < kBatches; ++i) {
                std::vector<Sample> batch;
                for (int j = 0; j < 50; ++j)
                    batch.push_back({builtin::HttpReqDuration, 0, double(j), qint64(i / 10) * kSec + j});
                f.feed(std::move(batch));
            }
            done = true;
        });
        collector->start();
        int snapshots = 0;
        while (!done.load()) {
            const TimeSeriesSnapshot s = f.sink.snapshot();
            if (const TimeSeries *ts = s.find("http_req_duration"))
                QVERIFY(ts->points.size() <= 100);
            ++snapshots;
        }
        QVERIFY(collector->wait(30000));
        delete collector;
        quint64 total = 0;
        const TimeSeriesSnapshot snap = f.sink.snapshot();
        for (const TimeSeriesPoint &p : snap.find("http_req_duration")->points)
            total += p.samples;
        QCOMPARE(total, quint64(kBatches * 50));
        QVERIFY(snapshots > 0);
    }
};

QTEST_GUILESS_MAIN(TstTimeSeries)
#include "tst_timeseries.moc"
