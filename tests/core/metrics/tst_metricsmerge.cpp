// mergeSnapshots: several runners' metrics as one test's — counters, rates and trends exactly,
// vus and vus_max summed, other gauges the largest, thresholds and order kept.
#include "core/metrics/metricsmerge.h"

#include <QTest>

using namespace throttle;

namespace {

MetricSnapshot metric(const QString &name, MetricType type, std::initializer_list<double> values, bool thresholds = false)
{
    MetricSnapshot m;
    m.name = name;
    m.parent = name;
    m.type = type;
    m.aggregate = MetricAggregate(type);
    m.hasThresholds = thresholds;
    qint64 t = 0;
    for (double v : values)
        m.aggregate.add(v, ++t);
    return m;
}

} // namespace

class TestMetricsMerge : public QObject
{
    Q_OBJECT
private slots:
    void mergesByName();
    void gauges();
    void typeMismatchKeepsTheFirst();
    void aggregatePartsRoundTrip();
};

void TestMetricsMerge::mergesByName()
{
    MetricsSnapshot a, b;
    a.metrics = {metric("http_reqs", MetricType::Counter, {1, 1, 1}), metric("checks", MetricType::Rate, {1, 0}),
                 metric("http_req_duration", MetricType::Trend, {1, 2, 3})};
    b.metrics = {metric("http_req_duration", MetricType::Trend, {4, 5}, true), metric("http_reqs", MetricType::Counter, {1, 1}),
                 metric("checks", MetricType::Rate, {1, 1, 1}), metric("only_b", MetricType::Counter, {7})};
    const MetricsSnapshot m = mergeSnapshots({a, b});
    QCOMPARE(m.metrics.size(), 4);
    QCOMPARE(m.metrics[0].name, QStringLiteral("http_reqs"));   // first-seen order
    QCOMPARE(m.metrics[0].aggregate.count(), 5.0);
    QCOMPARE(m.metrics[1].aggregate.passes(), 4u);
    QCOMPARE(m.metrics[1].aggregate.total(), 5u);
    QCOMPARE(m.metrics[1].aggregate.rate(), 0.8);
    const Histogram &trend = m.metrics[2].aggregate.trend();
    QCOMPARE(trend.count(), 5u);
    QCOMPARE(trend.percentile(50), 3.0);
    QCOMPARE(trend.max(), 5.0);
    QVERIFY(m.metrics[2].hasThresholds);   // thresholded on one runner
    QCOMPARE(m.metrics[3].name, QStringLiteral("only_b"));
    QCOMPARE(m.metrics[3].aggregate.count(), 7.0);
}

void TestMetricsMerge::gauges()
{
    MetricsSnapshot a, b, c;
    a.metrics = {metric("vus", MetricType::Gauge, {1, 4}), metric("queue", MetricType::Gauge, {9, 3})};
    b.metrics = {metric("vus", MetricType::Gauge, {4}), metric("queue", MetricType::Gauge, {5})};
    c.metrics = {metric("vus", MetricType::Gauge, {2, 4, 3})};
    const MetricsSnapshot m = mergeSnapshots({a, b, c});
    QCOMPARE(m.metrics[0].aggregate.value(), 11.0);   // 4 + 4 + 3: the fleet's VUs
    QCOMPARE(m.metrics[0].aggregate.min(), 1.0);
    QCOMPARE(m.metrics[0].aggregate.max(), 4.0);
    QCOMPARE(m.metrics[1].aggregate.value(), 5.0);    // max(3, 5)
    QCOMPARE(m.metrics[1].aggregate.max(), 9.0);
}

void TestMetricsMerge::typeMismatchKeepsTheFirst()
{
    MetricsSnapshot a, b;
    a.metrics = {metric("x", MetricType::Counter, {2})};
    b.metrics = {metric("x", MetricType::Trend, {100})};
    const MetricsSnapshot m = mergeSnapshots({a, b});
    QCOMPARE(m.metrics.size(), 1);
    QCOMPARE(m.metrics[0].type, MetricType::Counter);
    QCOMPARE(m.metrics[0].aggregate.count(), 2.0);
}

void TestMetricsMerge::aggregatePartsRoundTrip()
{
    for (const MetricSnapshot &m : {metric("c", MetricType::Counter, {1.5, 2}), metric("g", MetricType::Gauge, {7, 3}),
                                    metric("r", MetricType::Rate, {1, 0, 1}), metric("t", MetricType::Trend, {3, 1, 2})}) {
        const MetricAggregate back = MetricAggregate::fromParts(m.type, m.aggregate.parts());
        QCOMPARE(back.samples(), m.aggregate.samples());
        QCOMPARE(back.count(), m.aggregate.count());
        QCOMPARE(back.value(), m.aggregate.value());
        QCOMPARE(back.min(), m.aggregate.min());
        QCOMPARE(back.max(), m.aggregate.max());
        QCOMPARE(back.rate(), m.aggregate.rate());
        QCOMPARE(back.trend().percentile(50), m.aggregate.trend().percentile(50));
    }
}

QTEST_APPLESS_MAIN(TestMetricsMerge)
#include "tst_metricsmerge.moc"
