// Histogram accuracy against exact k6 percentiles, and bounded memory.
#include "core/metrics/histogram.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace throttle;

namespace {

// k6's TrendSink.P: linear interpolation at position p/100*(count-1) over sorted values.
double exactPercentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const double pos = p / 100.0 * double(sorted.size() - 1);
    const double lo = sorted[size_t(std::floor(pos))];
    const double hi = sorted[size_t(std::ceil(pos))];
    return lo + (hi - lo) * (pos - std::floor(pos));
}

std::vector<double> generate(const QString &kind, int n)
{
    std::mt19937_64 rng(42);
    std::vector<double> v;
    v.reserve(size_t(n));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < n; ++i) {
        if (kind == "uniform")
            v.push_back(unit(rng) * 1000.0);
        else if (kind == "exponential")
            v.push_back(std::exponential_distribution<double>(1.0 / 50.0)(rng));
        else if (kind == "twoSpikes")
            v.push_back(i % 2 ? 1.0 : 1000.0);
        else if (kind == "skewedSpikes")
            v.push_back(i % 100 < 97 ? 2.5 : 7000.0);
        else if (kind == "single")
            v.push_back(12.345);
        else if (kind == "hugeRange")   // 1 ns .. 1 h in milliseconds, log-uniform
            v.push_back(1e-6 * std::pow(3.6e12, unit(rng)));
        else if (kind == "withZeros")
            v.push_back(i % 3 == 0 ? 0.0 : unit(rng) * 10.0);
        else if (kind == "negative")
            v.push_back(-1.0 - unit(rng) * 100.0);
    }
    return v;
}

} // namespace

class TestHistogram : public QObject
{
    Q_OBJECT
private slots:
    void accuracy_data();
    void accuracy();
    void empty();
    void smallCountsInterpolateLikeK6();
    void mergeEqualsAddingAll();
    void ignoresNonFinite();
    void memoryBounded();
};

void TestHistogram::accuracy_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("count");
    for (const char *kind : {"uniform", "exponential", "twoSpikes", "skewedSpikes", "single",
                             "hugeRange", "withZeros", "negative"}) {
        QTest::addRow("%s-1001", kind) << QString(kind) << 1001;
        QTest::addRow("%s-100000", kind) << QString(kind) << 100000;
    }
    QTest::addRow("uniform-2") << QString("uniform") << 2;
    QTest::addRow("exponential-7") << QString("exponential") << 7;
}

void TestHistogram::accuracy()
{
    QFETCH(QString, kind);
    QFETCH(int, count);
    std::vector<double> values = generate(kind, count);
    Histogram h;
    double sum = 0;
    for (double v : values) {
        h.add(v);
        sum += v;
    }
    std::sort(values.begin(), values.end());
    QCOMPARE(h.count(), quint64(count));
    QCOMPARE(h.min(), values.front());
    QCOMPARE(h.max(), values.back());
    QCOMPARE(h.sum(), sum);
    QCOMPARE(h.mean(), sum / count);
    for (double p : {0.0, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0}) {
        const double exact = exactPercentile(values, p);
        const double got = h.percentile(p);
        const double tolerance = 0.01 * std::fabs(exact) + 1e-12;
        if (std::fabs(got - exact) > tolerance)
            QFAIL(qPrintable(QString("p(%1): got %2, exact %3").arg(p).arg(got, 0, 'g', 17)
                                 .arg(exact, 0, 'g', 17)));
    }
}

void TestHistogram::empty()
{
    Histogram h;
    QCOMPARE(h.count(), quint64(0));
    QCOMPARE(h.percentile(50), 0.0);
    QCOMPARE(h.min(), 0.0);
    QCOMPARE(h.max(), 0.0);
    QCOMPARE(h.mean(), 0.0);
}

void TestHistogram::smallCountsInterpolateLikeK6()
{
    // With two samples every percentile is an interpolation between the exact min and max.
    Histogram h;
    h.add(0.064467);
    h.add(0.272935);
    QCOMPARE(h.percentile(50), 0.168701);
    QVERIFY(qFuzzyCompare(h.percentile(90), 0.2520882));
    QVERIFY(qFuzzyCompare(h.percentile(95), 0.26251159999999996));
    QCOMPARE(h.percentile(-5), 0.064467);    // clamped
    QCOMPARE(h.percentile(150), 0.272935);
}

void TestHistogram::mergeEqualsAddingAll()
{
    const std::vector<double> values = generate("exponential", 5000);
    Histogram all, a, b;
    for (size_t i = 0; i < values.size(); ++i) {
        all.add(values[i]);
        (i % 2 ? a : b).add(values[i]);
    }
    a.merge(b);
    QCOMPARE(a.count(), all.count());
    QCOMPARE(a.min(), all.min());
    QCOMPARE(a.max(), all.max());
    for (double p : {10.0, 50.0, 90.0, 99.0})
        QCOMPARE(a.percentile(p), all.percentile(p));
}

void TestHistogram::ignoresNonFinite()
{
    Histogram h;
    h.add(std::nan(""));
    h.add(INFINITY);
    h.add(5.0);
    QCOMPARE(h.count(), quint64(1));
    QCOMPARE(h.sum(), 5.0);
}

void TestHistogram::memoryBounded()
{
    // 10 million samples over 1 ns .. 1 h: the buckets cover ~42 octaves x 128 whatever the count.
    Histogram h;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < 5'000'000; ++i)
        h.add(1e-6 * std::pow(3.6e12, unit(rng)));
    const size_t bucketsHalfway = h.bucketCount();
    const size_t bytesHalfway = h.memoryBytes();
    for (int i = 0; i < 5'000'000; ++i)
        h.add(1e-6 * std::pow(3.6e12, unit(rng)));
    QCOMPARE(h.count(), quint64(10'000'000));
    QCOMPARE(h.bucketCount(), bucketsHalfway);
    QCOMPARE(h.memoryBytes(), bytesHalfway);
    QVERIFY2(h.bucketCount() <= 43 * 128, qPrintable(QString::number(h.bucketCount())));
    QVERIFY2(h.memoryBytes() < 128 * 1024, qPrintable(QString::number(h.memoryBytes())));
    // The median of a log-uniform distribution is the geometric mean of its bounds.
    const double median = 1e-6 * std::sqrt(3.6e12);
    QVERIFY(std::fabs(h.percentile(50) - median) < 0.01 * median);
}

QTEST_APPLESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
