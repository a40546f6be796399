// MetricsEngine: registry, tag interning, concurrent ingestion, sub-metrics, group tree.
#include "core/metrics/metricsengine.h"
#include "core/metrics/samplesink.h"
#include "core/metrics/tagcache.h"

#include <QTest>
#include <atomic>
#include <cmath>
#include <thread>

using namespace throttle;

namespace {

class CountingSink : public SampleSink
{
public:
    void consume(const std::vector<Sample> &batch, const MetricsEngine &) override
    {
        samples += batch.size();
    }
    size_t samples = 0;
};

const MetricSnapshot &require(const MetricsSnapshot &s, const QString &name)
{
    const MetricSnapshot *m = s.find(name);
    if (!m)
        qFatal("metric %s missing from snapshot", qPrintable(name));
    return *m;
}

} // namespace

class TestMetricsEngine : public QObject
{
    Q_OBJECT
private slots:
    void builtins_data();
    void builtins();
    void registerCustom();
    void registerErrors_data();
    void registerErrors();
    void interning();
    void concurrentIngest();
    void aggregatesByType();
    void submetrics();
    void observedOnly();
    void counterRateNeverNaN_data();
    void counterRateNeverNaN();
    void groupTree();
    void sinksSeeEveryBatch();
};

void TestMetricsEngine::builtins_data()
{
    QTest::addColumn<uint>("id");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("contains");
    const int C = int(MetricType::Counter), G = int(MetricType::Gauge), R = int(MetricType::Rate),
              T = int(MetricType::Trend), D = int(ValueType::Default), Ti = int(ValueType::Time),
              Da = int(ValueType::Data);
    QTest::newRow("vus") << uint(builtin::Vus) << "vus" << G << D;
    QTest::newRow("vus_max") << uint(builtin::VusMax) << "vus_max" << G << D;
    QTest::newRow("iterations") << uint(builtin::Iterations) << "iterations" << C << D;
    QTest::newRow("iteration_duration") << uint(builtin::IterationDuration) << "iteration_duration" << T << Ti;
    QTest::newRow("dropped") << uint(builtin::DroppedIterations) << "dropped_iterations" << C << D;
    QTest::newRow("data_sent") << uint(builtin::DataSent) << "data_sent" << C << Da;
    QTest::newRow("data_received") << uint(builtin::DataReceived) << "data_received" << C << Da;
    QTest::newRow("checks") << uint(builtin::Checks) << "checks" << R << D;
    QTest::newRow("group_duration") << uint(builtin::GroupDuration) << "group_duration" << T << Ti;
    QTest::newRow("http_reqs") << uint(builtin::HttpReqs) << "http_reqs" << C << D;
    QTest::newRow("duration") << uint(builtin::HttpReqDuration) << "http_req_duration" << T << Ti;
    QTest::newRow("blocked") << uint(builtin::HttpReqBlocked) << "http_req_blocked" << T << Ti;
    QTest::newRow("connecting") << uint(builtin::HttpReqConnecting) << "http_req_connecting" << T << Ti;
    QTest::newRow("tls") << uint(builtin::HttpReqTlsHandshaking) << "http_req_tls_handshaking" << T << Ti;
    QTest::newRow("sending") << uint(builtin::HttpReqSending) << "http_req_sending" << T << Ti;
    QTest::newRow("waiting") << uint(builtin::HttpReqWaiting) << "http_req_waiting" << T << Ti;
    QTest::newRow("receiving") << uint(builtin::HttpReqReceiving) << "http_req_receiving" << T << Ti;
    QTest::newRow("failed") << uint(builtin::HttpReqFailed) << "http_req_failed" << R << D;
}

void TestMetricsEngine::builtins()
{
    QFETCH(uint, id);
    QFETCH(QString, name);
    QFETCH(int, type);
    QFETCH(int, contains);
    MetricsEngine engine;
    QCOMPARE(engine.metricCount(), int(builtin::Count));
    QCOMPARE(engine.find(name), std::optional<MetricId>(id));
    QCOMPARE(engine.name(id), name);
    QCOMPARE(int(engine.type(id)), type);
    QCOMPARE(int(engine.contains(id)), contains);
}

void TestMetricsEngine::registerCustom()
{
    MetricsEngine engine;
    QString error;
    const auto id = engine.registerMetric("my_trend", MetricType::Trend, ValueType::Time, &error);
    QVERIFY(id);
    QCOMPARE(*id, MetricId(builtin::Count));
    QCOMPARE(engine.registerMetric("my_trend", MetricType::Trend, ValueType::Time, &error), id);
    QCOMPARE(engine.registerMetric("http_reqs", MetricType::Counter, ValueType::Default, &error),
             std::optional<MetricId>(builtin::HttpReqs));
    QVERIFY(error.isEmpty());
    QCOMPARE(engine.find("nosuch"), std::nullopt);
}

void TestMetricsEngine::registerErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("contains");
    QTest::addColumn<QString>("error");
    const QString bad = "Invalid metric name: '%1'. Metric names must only include up to 128 ASCII "
                        "letters, numbers, or underscores and start with a letter or an underscore.";
    const int D = int(ValueType::Default);
    QTest::newRow("one char") << "a" << int(MetricType::Counter) << D << bad.arg("a");
    QTest::newRow("digit first") << "1abc" << int(MetricType::Counter) << D << bad.arg("1abc");
    QTest::newRow("dash") << "my-metric" << int(MetricType::Counter) << D << bad.arg("my-metric");
    const QString tooLong = "a" + QString(129, 'b');
    QTest::newRow("130 chars") << tooLong << int(MetricType::Counter) << D << bad.arg(tooLong);
    QTest::newRow("type clash") << "http_reqs" << int(MetricType::Trend) << D
                                << "metric 'http_reqs' already exists but with type counter, instead of trend";
    QTest::newRow("value type clash") << "http_req_duration" << int(MetricType::Trend) << D
                                      << "metric 'http_req_duration' already exists but with a value type time, instead of default";
}

void TestMetricsEngine::registerErrors()
{
    QFETCH(QString, name);
    QFETCH(int, type);
    QFETCH(int, contains);
    QFETCH(QString, error);
    MetricsEngine engine;
    QString got;
    QCOMPARE(engine.registerMetric(name, MetricType(type), ValueType(contains), &got), std::nullopt);
    QCOMPARE(got, error);
    QCOMPARE(engine.metricCount(), int(builtin::Count));
    // The longest valid names: 2 and 129 characters.
    QVERIFY(engine.registerMetric("ab", MetricType::Counter, ValueType::Default, nullptr));
    QVERIFY(engine.registerMetric("_" + QString(128, 'x'), MetricType::Rate, ValueType::Default, nullptr));
}

void TestMetricsEngine::interning()
{
    MetricsEngine engine;
    const TagList a = {{"group", ""}, {"scenario", "default"}};
    const TagList b = {{"group", "::g1"}, {"scenario", "default"}};
    QCOMPARE(engine.intern({}), TagSetId(0));
    const TagSetId ia = engine.intern(a);
    const TagSetId ib = engine.intern(b);
    QVERIFY(ia != 0 && ib != 0 && ia != ib);
    QCOMPARE(engine.intern(a), ia);
    QCOMPARE(engine.tags(ia), a);
    QCOMPARE(engine.tags(0), TagList());
    // Unsorted input is normalised onto the same set.
    QCOMPARE(engine.intern({{"scenario", "default"}, {"group", "::g1"}}), ib);
    // Keys/values that would collide under naive joining stay apart.
    QVERIFY(engine.intern({{"a:b", "c"}}) != engine.intern({{"a", "b:c"}}));

    TagCache cache(engine);
    QCOMPARE(cache.intern(a), ia);
    QCOMPARE(cache.intern(a), ia);
    QCOMPARE(cache.size(), 1);
    const TagSetId fresh = cache.intern({{"status", "200"}});
    QCOMPARE(engine.tags(fresh), TagList({{"status", "200"}}));
}

void TestMetricsEngine::concurrentIngest()
{
    MetricsEngine engine;
    constexpr int kThreads = 4, kBatches = 500, kPerBatch = 100;
    std::atomic<bool> done{false};
    std::thread collector([&] {
        while (!done.load())
            engine.collect();
    });
    std::vector<std::thread> vus;
    std::vector<TagSetId> ids(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        vus.emplace_back([&engine, &ids, t] {
            TagCache cache(engine);
            const TagSetId shared = cache.intern({{"scenario", "default"}});
            ids[size_t(t)] = shared;
            for (int b = 0; b < kBatches; ++b) {
                std::vector<Sample> batch;
                for (int i = 0; i < kPerBatch; ++i) {
                    const double v = double(t * kBatches * kPerBatch + b * kPerBatch + i + 1);
                    batch.push_back({builtin::HttpReqs, shared, 1.0, qint64(v)});
                    batch.push_back({builtin::HttpReqDuration, shared, v, qint64(v)});
                    batch.push_back({builtin::HttpReqFailed, shared, double(i % 4 == 0), qint64(v)});
                }
                engine.ingest(std::move(batch));
            }
        });
    }
    for (auto &vu : vus)
        vu.join();
    done = true;
    collector.join();
    engine.collect();
    for (TagSetId id : ids)
        QCOMPARE(id, ids[0]);
    const MetricsSnapshot s = engine.snapshot();
    const quint64 total = quint64(kThreads) * kBatches * kPerBatch;
    QCOMPARE(require(s, "http_reqs").aggregate.count(), double(total));
    const Histogram &h = require(s, "http_req_duration").aggregate.trend();
    QCOMPARE(h.count(), total);
    QCOMPARE(h.min(), 1.0);
    QCOMPARE(h.max(), double(total));
    QCOMPARE(h.sum(), double(total) * double(total + 1) / 2);   // exact below 2^53
    const MetricAggregate &failed = require(s, "http_req_failed").aggregate;
    QCOMPARE(failed.total(), total);
    QCOMPARE(failed.passes(), total / 4);
}

void TestMetricsEngine::aggregatesByType()
{
    MetricsEngine engine;
    const auto gauge = engine.registerMetric("my_gauge", MetricType::Gauge, ValueType::Default, nullptr);
    // Out of time order: the latest sample by time is the gauge's value.
    engine.ingest({{*gauge, 0, 3.0, 300}, {*gauge, 0, 5.0, 100}, {*gauge, 0, 4.0, 200},
                   {builtin::Checks, 0, 1.0, 1}, {builtin::Checks, 0, 0.0, 2},
                   {builtin::Checks, 0, 2.0, 3}, {builtin::DataSent, 0, 1500.0, 4},
                   {builtin::DataSent, 0, 500.0, 5},
                   {builtin::Iterations, 0, std::nan(""), 6}});
    engine.collect();
    const MetricsSnapshot s = engine.snapshot();
    const MetricAggregate &g = require(s, "my_gauge").aggregate;
    QCOMPARE(g.value(), 3.0);
    QCOMPARE(g.min(), 3.0);
    QCOMPARE(g.max(), 5.0);
    const MetricAggregate &c = require(s, "checks").aggregate;
    QCOMPARE(c.passes(), quint64(2));
    QCOMPARE(c.fails(), quint64(1));
    QCOMPARE(c.rate(), 2.0 / 3.0);
    QCOMPARE(require(s, "data_sent").aggregate.count(), 2000.0);
    QCOMPARE(s.find("iterations"), nullptr);   // a NaN sample is dropped
}

void TestMetricsEngine::submetrics()
{
    MetricsEngine engine;
    const QString name = engine.addSubmetric("http_req_duration", {{"expected_response", "true"}});
    QCOMPARE(name, QString("http_req_duration{expected_response:true}"));
    QCOMPARE(engine.addSubmetric("http_req_duration", {{"expected_response", "true"}}), name);
    const QString home = engine.addSubmetric("http_req_duration", {{"name", "home"}, {"group", "::g"}},
                                             "name:home, group:::g");
    QCOMPARE(home, QString("http_req_duration{name:home, group:::g}"));
    QCOMPARE(engine.addSubmetric("nosuch", {{"a", "b"}}), QString());

    const TagSetId ok = engine.intern({{"expected_response", "true"}, {"group", "::g"}, {"name", "home"}});
    const TagSetId okOther = engine.intern({{"expected_response", "true"}, {"name", "other"}});
    const TagSetId bad = engine.intern({{"expected_response", "false"}, {"group", "::g"}, {"name", "home"}});
    engine.ingest({{builtin::HttpReqDuration, ok, 10, 1}, {builtin::HttpReqDuration, okOther, 20, 2},
                   {builtin::HttpReqDuration, bad, 30, 3}, {builtin::HttpReqDuration, 0, 40, 4}});
    engine.collect();
    const MetricsSnapshot s = engine.snapshot();
    const MetricSnapshot &parent = require(s, "http_req_duration");
    const MetricSnapshot &expected = require(s, name);
    const MetricSnapshot &byName = require(s, home);
    QCOMPARE(parent.aggregate.trend().count(), quint64(4));
    QCOMPARE(expected.aggregate.trend().count(), quint64(2));
    QCOMPARE(expected.aggregate.trend().min(), 10.0);
    QCOMPARE(expected.aggregate.trend().max(), 20.0);
    QCOMPARE(expected.parent, QString("http_req_duration"));
    QCOMPARE(expected.suffix, QString("expected_response:true"));
    QCOMPARE(expected.type, MetricType::Trend);
    QCOMPARE(expected.contains, ValueType::Time);
    QVERIFY(expected.isSubmetric());
    QVERIFY(!parent.isSubmetric());
    QCOMPARE(byName.aggregate.trend().count(), quint64(2));
    QCOMPARE(byName.aggregate.trend().sum(), 40.0);
    // Sub-metrics follow their parent in the snapshot.
    int parentIndex = -1;
    for (int i = 0; i < s.metrics.size(); ++i)
        if (s.metrics[i].name == "http_req_duration")
            parentIndex = i;
    QCOMPARE(s.metrics[parentIndex + 1].name, name);
    QCOMPARE(s.metrics[parentIndex + 2].name, home);
}

void TestMetricsEngine::observedOnly()
{
    MetricsEngine engine;
    engine.registerMetric("unused", MetricType::Counter, ValueType::Default, nullptr);
    engine.registerMetric("watched", MetricType::Rate, ValueType::Default, nullptr);
    const QString sub = engine.addSubmetric("http_req_duration", {{"status", "200"}});
    QVERIFY(engine.markThresholds("watched"));
    QVERIFY(engine.markThresholds(sub));
    QVERIFY(!engine.markThresholds("nosuch"));
    MetricsSnapshot s = engine.snapshot();
    QCOMPARE(s.metrics.size(), 2);
    QVERIFY(require(s, "watched").hasThresholds);
    QCOMPARE(require(s, "watched").aggregate.rate(), 0.0);
    QVERIFY(require(s, sub).hasThresholds);
    QCOMPARE(s.find("unused"), nullptr);
    QCOMPARE(s.find("http_req_duration"), nullptr);
    engine.ingest({{builtin::Vus, 0, 1, 1}});
    engine.collect();
    s = engine.snapshot();
    QCOMPARE(s.metrics.size(), 3);
    QCOMPARE(s.metrics[0].name, QString("vus"));
}

void TestMetricsEngine::counterRateNeverNaN_data()
{
    QTest::addColumn<double>("count");
    QTest::addColumn<double>("elapsed");
    QTest::addColumn<double>("rate");
    QTest::newRow("normal") << 60.0 << 3.0 << 20.0;
    QTest::newRow("zero elapsed") << 60.0 << 0.0 << 0.0;
    QTest::newRow("negative elapsed") << 60.0 << -1.0 << 0.0;
    QTest::newRow("NaN elapsed") << 60.0 << std::nan("") << 0.0;
    QTest::newRow("empty") << 0.0 << 0.0 << 0.0;
}

void TestMetricsEngine::counterRateNeverNaN()
{
    QFETCH(double, count);
    QFETCH(double, elapsed);
    QFETCH(double, rate);
    MetricsEngine engine;
    if (count > 0)
        engine.ingest({{builtin::HttpReqs, 0, count, 1}});
    engine.collect();
    engine.markThresholds("http_reqs");
    const MetricsSnapshot s = engine.snapshot();
    QCOMPARE(counterRate(require(s, "http_reqs"), elapsed), rate);
}

void TestMetricsEngine::groupTree()
{
    MetricsEngine engine;
    auto checkTags = [&](const QString &group, const QString &check) {
        return engine.intern({{"check", check}, {"group", group}, {"scenario", "default"}});
    };
    const TagSetId setup = engine.intern({{"group", "::setup"}});
    const TagSetId g1 = engine.intern({{"group", "::g1"}, {"scenario", "default"}});
    engine.ingest({{builtin::IterationDuration, setup, 1, 1},
                   {builtin::Checks, checkTags("", "root ok"), 1, 2},
                   {builtin::Checks, checkTags("::g1::inner", "deep"), 0, 3},
                   {builtin::GroupDuration, g1, 5, 4},
                   {builtin::Checks, checkTags("::g1", "status is 200"), 1, 5},
                   {builtin::Checks, checkTags("::g1", "status is 200"), 1, 6},
                   {builtin::Checks, checkTags("::g1", "second"), 0, 7},
                   {builtin::Checks, checkTags("::g1::inner", "deep"), 1, 8},
                   {builtin::Checks, checkTags("", "root ok"), 0, 9}});
    engine.collect();
    const GroupNode root = engine.snapshot().rootGroup;
    QCOMPARE(root.id, QString("d41d8cd98f00b204e9800998ecf8427e"));
    QCOMPARE(root.name, QString());
    QCOMPARE(root.path, QString());
    QCOMPARE(root.checks.size(), 1);
    QCOMPARE(root.checks[0].name, QString("root ok"));
    QCOMPARE(root.checks[0].path, QString("::root ok"));
    QCOMPARE(root.checks[0].passes, quint64(1));
    QCOMPARE(root.checks[0].fails, quint64(1));
    QCOMPARE(root.children.size(), 2);
    QCOMPARE(root.children[0].name, QString("setup"));
    QCOMPARE(root.children[0].path, QString("::setup"));
    const GroupNode &group = root.children[1];
    QCOMPARE(group.name, QString("g1"));
    QCOMPARE(group.path, QString("::g1"));
    QCOMPARE(group.id, QString("9ccb03cc5acd728a2fe595bbd1f14da3"));
    QCOMPARE(group.checks.size(), 2);
    QCOMPARE(group.checks[0].name, QString("status is 200"));
    QCOMPARE(group.checks[0].id, QString("0df6227902dcfc9797d43c864193824d"));
    QCOMPARE(group.checks[0].passes, quint64(2));
    QCOMPARE(group.checks[0].fails, quint64(0));
    QCOMPARE(group.checks[1].name, QString("second"));
    QCOMPARE(group.checks[1].fails, quint64(1));
    QCOMPARE(group.children.size(), 1);
    const GroupNode &inner = group.children[0];
    QCOMPARE(inner.path, QString("::g1::inner"));
    QCOMPARE(inner.id, QString("e60245afebe70f40c79b355791487095"));
    QCOMPARE(inner.checks.size(), 1);
    QCOMPARE(inner.checks[0].path, QString("::g1::inner::deep"));
    QCOMPARE(inner.checks[0].passes, quint64(1));
    QCOMPARE(inner.checks[0].fails, quint64(1));
}

void TestMetricsEngine::sinksSeeEveryBatch()
{
    MetricsEngine engine;
    CountingSink sink;
    engine.addSink(&sink);
    engine.ingest({{builtin::Vus, 0, 1, 1}, {builtin::Vus, 0, 2, 2}});
    engine.ingest({{builtin::Iterations, 0, 1, 3}});
    engine.ingest({});
    QCOMPARE(sink.samples, size_t(0));   // nothing before collect()
    engine.collect();
    QCOMPARE(sink.samples, size_t(3));
    engine.collect();
    QCOMPARE(sink.samples, size_t(3));
}

QTEST_APPLESS_MAIN(TestMetricsEngine)
#include "tst_metricsengine.moc"
