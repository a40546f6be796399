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
    void exactWhileSmall_data();
    void exactWhileSmall();
    void bucketsPastTheExactLimit();
    void mergeKeepsExactWithinTheLimit();
    void partsRoundTrip_data();
    void partsRoundTrip();
    void fromPartsRefusesWhatCannotBe_data();
    void fromPartsRefusesWhatCannotBe();
    void threeRunnersMergeLikeOneRun_data();
    void threeRunnersMergeLikeOneRun();
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

void TestHistogram::exactWhileSmall_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("p");
    QTest::addColumn<double>("expected");
    // What k6 v1.3 prints / hands to handleSummary for a Trend fed these values (checked with
    // the reference binary: 1..10 gives med=5.5 p(90)=9.1 p(95)=9.549999999999999).
    const QList<double> oneToTen{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    QTest::newRow("1..10 med") << oneToTen << 50.0 << 5.5;
    QTest::newRow("1..10 p(90)") << oneToTen << 90.0 << 9.1;
    QTest::newRow("1..10 p(95)") << oneToTen << 95.0 << 9.549999999999999;
    QTest::newRow("1..10 p(0)") << oneToTen << 0.0 << 1.0;
    QTest::newRow("1..10 p(100)") << oneToTen << 100.0 << 10.0;
    QTest::newRow("unsorted") << QList<double>{7, 1, 3.5, 10.25, 2} << 75.0 << 7.0;
    QTest::newRow("unsorted p(62.5)") << QList<double>{7, 1, 3.5, 10.25, 2} << 62.5 << 5.25;
    QTest::newRow("duplicates") << QList<double>{3, 3, 3, 1} << 50.0 << 3.0;
    QTest::newRow("negatives and zero") << QList<double>{-4, 0, 2} << 25.0 << -2.0;
    // A histogram estimate would be off here: both values sit in one bucket.
    QTest::newRow("one bucket") << QList<double>{100.0, 100.5} << 50.0 << 100.25;
}

void TestHistogram::exactWhileSmall()
{
    QFETCH(QList<double>, values);
    QFETCH(double, p);
    QFETCH(double, expected);
    Histogram h;
    for (double v : values)
        h.add(v);
    QVERIFY(h.isExact());
    QCOMPARE(h.percentile(p), expected);
    QCOMPARE(h.percentile(p), expected);   // reading does not disturb the kept samples
}

void TestHistogram::bucketsPastTheExactLimit()
{
    const quint32 saved = Histogram::exactLimit();
    Histogram::setExactLimit(100);
    std::vector<double> values = generate("uniform", 101);
    Histogram h;
    for (size_t i = 0; i < 100; ++i)
        h.add(values[i]);
    QVERIFY(h.isExact());
    const size_t exactBytes = h.memoryBytes();
    h.add(values[100]);
    Histogram::setExactLimit(saved);
    QVERIFY(!h.isExact());
    QVERIFY2(h.memoryBytes() + 100 * sizeof(double) <= exactBytes + 64,
             qPrintable(QString("%1 -> %2").arg(exactBytes).arg(h.memoryBytes())));
    std::sort(values.begin(), values.end());
    for (double p : {10.0, 50.0, 90.0}) {
        const double exact = exactPercentile(values, p);
        QVERIFY(std::fabs(h.percentile(p) - exact) <= 0.01 * exact);
    }
    QCOMPARE(h.count(), quint64(101));
    QCOMPARE(h.min(), values.front());
    QCOMPARE(h.max(), values.back());
}

void TestHistogram::mergeKeepsExactWithinTheLimit()
{
    const quint32 saved = Histogram::exactLimit();
    Histogram::setExactLimit(8);
    Histogram a, b, c;
    for (double v : {1.0, 2.0, 3.0, 4.0})
        a.add(v);
    for (double v : {5.0, 6.0, 7.0, 8.0})
        b.add(v);
    for (double v : {9.0})
        c.add(v);
    a.merge(b);
    const bool exactAfterFirst = a.isExact();
    const double p90 = a.percentile(90);
    a.merge(c);
    Histogram::setExactLimit(saved);
    QVERIFY(exactAfterFirst);
    QCOMPARE(p90, 7.3);
    QVERIFY(!a.isExact());
    QCOMPARE(a.count(), quint64(9));
}

// parts() and fromParts() carry a histogram between processes (a fleet's runners): what comes
// out answers every question as the original did, exact or bucketed.
void TestHistogram::partsRoundTrip_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("n");
    QTest::newRow("empty") << "uniform" << 0;
    QTest::newRow("exact") << "exponential" << 100;
    QTest::newRow("bucketed") << "hugeRange" << 20000;
    QTest::newRow("zeros") << "withZeros" << 9000;
    QTest::newRow("negative") << "negative" << 5000;
}

void TestHistogram::partsRoundTrip()
{
    QFETCH(QString, kind);
    QFETCH(int, n);
    Histogram h;
    for (double v : generate(kind, n))
        h.add(v);
    QString error;
    const std::optional<Histogram> back = Histogram::fromParts(h.parts(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->count(), h.count());
    QCOMPARE(back->isExact(), h.isExact());
    QCOMPARE(back->min(), h.min());
    QCOMPARE(back->max(), h.max());
    QCOMPARE(back->sum(), h.sum());
    for (double p : {0.0, 1.0, 50.0, 90.0, 95.0, 99.9, 100.0})
        QCOMPARE(back->percentile(p), h.percentile(p));
}

void TestHistogram::fromPartsRefusesWhatCannotBe_data()
{
    QTest::addColumn<int>("defect");
    QTest::addColumn<QString>("message");
    QTest::newRow("count disagrees") << 0 << "bucket counts do not add up to count";
    QTest::newRow("exact disagrees") << 1 << "exact samples do not match count";
    QTest::newRow("index past range") << 2 << "bucket index out of range";
    QTest::newRow("min above max") << 3 << "min, max or sum is not a finite range";
    QTest::newRow("infinite sum") << 4 << "min, max or sum is not a finite range";
    QTest::newRow("counts overflow") << 5 << "bucket counts overflow";
    QTest::newRow("NaN sample") << 6 << "an exact sample is not finite";
}

void TestHistogram::fromPartsRefusesWhatCannotBe()
{
    QFETCH(int, defect);
    QFETCH(QString, message);
    Histogram h;
    for (double v : {1.0, 2.0, 3.0})
        h.add(v);
    Histogram::Parts p = h.parts();
    switch (defect) {
    case 0: p.count = 4; break;
    case 1: p.exact.pop_back(); break;
    case 2: p.positiveOffset = 0xfffffff0u; break;
    case 3: p.min = 5.0; break;
    case 4: p.sum = qInf(); break;
    case 5: p.positive.push_back(~quint64(0)); break;
    case 6: p.exact[0] = qQNaN(); break;
    }
    QString error;
    QVERIFY(!Histogram::fromParts(p, &error));
    QCOMPARE(error, message);
}

// The fleet's promise (issue 17): three runners' histograms, carried as parts and merged, give the
// percentiles of one histogram that saw every sample — exactly while the whole fleet stays under
// the exact limit, the same buckets (so the same estimates) past it.
void TestHistogram::threeRunnersMergeLikeOneRun_data()
{
    QTest::addColumn<int>("n");
    QTest::newRow("exact") << 3000;
    QTest::newRow("bucketed") << 30000;
}

void TestHistogram::threeRunnersMergeLikeOneRun()
{
    QFETCH(int, n);
    const std::vector<double> values = generate("exponential", n);
    Histogram all, runners[3];
    for (size_t i = 0; i < values.size(); ++i) {
        all.add(values[i]);
        runners[i % 3].add(values[i]);
    }
    Histogram merged;
    for (const Histogram &r : runners)
        merged.merge(*Histogram::fromParts(r.parts()));
    QCOMPARE(merged.count(), all.count());
    QCOMPARE(merged.isExact(), all.isExact());
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (double p : {50.0, 90.0, 95.0, 99.0}) {
        QCOMPARE(merged.percentile(p), all.percentile(p));
        if (merged.isExact())
            QCOMPARE(merged.percentile(p), exactPercentile(sorted, p));
        else   // within the bucket width (2^-7 relative) of k6's exact answer
            QVERIFY(std::abs(merged.percentile(p) - exactPercentile(sorted, p)) <= exactPercentile(sorted, p) / 128.0);
    }
}

QTEST_APPLESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
