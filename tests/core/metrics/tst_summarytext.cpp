// SummaryText and SummaryFormat: k6 v0.49's text summary, line by line.
#include "core/metrics/metricsengine.h"
#include "core/output/summaryformat.h"
#include "core/output/summarytext.h"

#include <QTest>
#include <QRegularExpression>
#include <limits>

using namespace throttle;

namespace {

// script-api.md §11.1, verbatim (trailing spaces included).
const char *const kSpecSample = R"SAMPLE(     ✓ has items
     ✗ is 201
      ↳  0% — ✓ 0 / ✗ 30

     █ home

       ✓ status is 200

     checks.........................: 66.66% ✓ 60        ✗ 30 
     data_received..................: 10 kB  3.4 kB/s
     data_sent......................: 5.0 kB 1.6 kB/s
     group_duration.................: avg=3.25ms   min=290.35µs med=2.75ms   max=10.96ms  p(90)=6.49ms   p(95)=7.96ms  
     http_req_blocked...............: avg=93.73µs  min=735ns    med=3.79µs   max=2.37ms   p(90)=113.19µs p(95)=219.47µs
     http_req_connecting............: avg=28.92µs  min=0s       med=0s       max=1.23ms   p(90)=0s       p(95)=50.28µs 
   ✓ http_req_duration..............: avg=1.65ms   min=50.46µs  med=1.08ms   max=9.22ms   p(90)=3.51ms   p(95)=4.24ms  
       { expected_response:true }...: avg=1.65ms   min=50.46µs  med=1.08ms   max=9.22ms   p(90)=3.51ms   p(95)=4.24ms  
     ✓ { name:home }................: avg=2.39ms   min=133.73µs med=2.19ms   max=9.22ms   p(90)=3.72ms   p(95)=4.74ms  
   ✓ http_req_failed................: 0.00%  ✓ 0         ✗ 60 
     http_req_receiving.............: avg=216.29µs min=10.97µs  med=29.98µs  max=2.38ms   p(90)=570.14µs p(95)=944.86µs
     http_req_sending...............: avg=115.95µs min=4.77µs   med=14.76µs  max=2.86ms   p(90)=179.5µs  p(95)=407.01µs
     http_req_tls_handshaking.......: avg=0s       min=0s       med=0s       max=0s       p(90)=0s       p(95)=0s      
     http_req_waiting...............: avg=1.32ms   min=31.24µs  med=900.04µs max=6.35ms   p(90)=2.98ms   p(95)=3.41ms  
     http_reqs......................: 60     19.437104/s
     iteration_duration.............: avg=512.88ms min=504.44ms med=513.22ms max=524.85ms p(90)=522.29ms p(95)=524.03ms
     iterations.....................: 30     9.718552/s
     vus............................: 5      min=5       max=5
     vus_max........................: 5      min=5       max=5)SAMPLE";

// "290.35µs" -> milliseconds, nudged up by 1e-9 so that k6's truncation lands on the digits.
double ms(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9.]+)(ns|µs|ms|s)$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        qFatal("bad duration %s", qPrintable(text));
    const QString unit = m.captured(2);
    const double scale = unit == "ns" ? 1e-6 : unit == "µs" ? 1e-3 : unit == "ms" ? 1.0 : 1000.0;
    return m.captured(1).toDouble() * scale * (1 + 1e-9);
}

SummaryMetric trend(const QString &name, const QStringList &stats, std::optional<bool> ok = {})
{
    static const QStringList keys = {"avg", "min", "med", "max", "p(90)", "p(95)"};
    SummaryMetric m{name, MetricType::Trend, ValueType::Time, {}, ok};
    for (int i = 0; i < keys.size(); ++i)
        m.values.insert(keys[i], stats[i] == "0s" ? 0.0 : ms(stats[i]));
    return m;
}

SummaryMetric metric(const QString &name, MetricType type, ValueType contains,
                     QMap<QString, double> values, std::optional<bool> ok = {})
{
    return SummaryMetric{name, type, contains, values, ok};
}

CheckNode check(const QString &name, quint64 passes, quint64 fails)
{
    CheckNode c;
    c.name = name;
    c.passes = passes;
    c.fails = fails;
    return c;
}

// The data behind the spec's sample, listed out of order to exercise the sorting.
SummaryData specSampleData()
{
    SummaryData d;
    GroupNode home;
    home.name = "home";
    home.path = "::home";
    home.checks = {check("status is 200", 30, 0)};
    d.rootGroup.checks = {check("has items", 30, 0), check("is 201", 0, 30)};
    d.rootGroup.children = {home};
    const auto C = MetricType::Counter, G = MetricType::Gauge, R = MetricType::Rate;
    const auto D = ValueType::Default, B = ValueType::Data;
    d.metrics = {
        metric("vus_max", G, D, {{"value", 5}, {"min", 5}, {"max", 5}}),
        metric("vus", G, D, {{"value", 5}, {"min", 5}, {"max", 5}}),
        metric("iterations", C, D, {{"count", 30}, {"rate", 9.7185521}}),
        trend("iteration_duration", {"512.88ms", "504.44ms", "513.22ms", "524.85ms", "522.29ms", "524.03ms"}),
        metric("http_reqs", C, D, {{"count", 60}, {"rate", 19.4371042}}),
        trend("http_req_waiting", {"1.32ms", "31.24µs", "900.04µs", "6.35ms", "2.98ms", "3.41ms"}),
        trend("http_req_tls_handshaking", {"0s", "0s", "0s", "0s", "0s", "0s"}),
        trend("http_req_sending", {"115.95µs", "4.77µs", "14.76µs", "2.86ms", "179.5µs", "407.01µs"}),
        trend("http_req_receiving", {"216.29µs", "10.97µs", "29.98µs", "2.38ms", "570.14µs", "944.86µs"}),
        metric("http_req_failed", R, D, {{"rate", 0}, {"passes", 0}, {"fails", 60}}, true),
        trend("http_req_duration{name:home}", {"2.39ms", "133.73µs", "2.19ms", "9.22ms", "3.72ms", "4.74ms"}, true),
        trend("http_req_duration{expected_response:true}", {"1.65ms", "50.46µs", "1.08ms", "9.22ms", "3.51ms", "4.24ms"}),
        trend("http_req_duration", {"1.65ms", "50.46µs", "1.08ms", "9.22ms", "3.51ms", "4.24ms"}, true),
        trend("http_req_connecting", {"28.92µs", "0s", "0s", "1.23ms", "0s", "50.28µs"}),
        trend("http_req_blocked", {"93.73µs", "735ns", "3.79µs", "2.37ms", "113.19µs", "219.47µs"}),
        trend("group_duration", {"3.25ms", "290.35µs", "2.75ms", "10.96ms", "6.49ms", "7.96ms"}),
        metric("data_sent", C, B, {{"count", 5000}, {"rate", 1619.7}}),
        metric("data_received", C, B, {{"count", 10400}, {"rate", 3369}}),
        metric("checks", R, D, {{"rate", 60.0 / 90.0}, {"passes", 60}, {"fails", 30}}),
    };
    return d;
}

void compareLines(const QString &got, const QString &expected)
{
    const QStringList g = got.split('\n');
    const QStringList e = expected.split('\n');
    for (int i = 0; i < std::min(g.size(), e.size()); ++i)
        QCOMPARE(g[i], e[i]);
    QCOMPARE(g.size(), e.size());
}

} // namespace

class TestSummaryText : public QObject
{
    Q_OBJECT
private slots:
    void specSample();
    void fromEngine();
    void trendStatsAndTimeUnit();
    void colour();
    void sorting_data();
    void sorting();
    void duration_data();
    void duration();
    void bytes_data();
    void bytes();
    void percent_data();
    void percent();
    void toFixed_data();
    void toFixed();
    void plainNumber_data();
    void plainNumber();
};

void TestSummaryText::specSample()
{
    compareLines(SummaryText::render(specSampleData(), SummaryOptions()), QString::fromUtf8(kSpecSample));
}

void TestSummaryText::fromEngine()
{
    MetricsEngine engine;
    engine.addSubmetric("http_req_duration", {{"expected_response", "true"}});
    engine.markThresholds("checks");
    engine.markThresholds("http_req_duration");
    const MetricId myTrend = *engine.registerMetric("my_trend", MetricType::Trend, ValueType::Default, nullptr);
    const TagSetId ok = engine.intern({{"check", "ok"}, {"group", ""}});
    const TagSetId fails = engine.intern({{"check", "fails"}, {"group", "::g"}});
    const TagSetId good = engine.intern({{"expected_response", "true"}});
    const TagSetId bad = engine.intern({{"expected_response", "false"}});
    engine.ingest({{builtin::Checks, ok, 1, 1}, {builtin::Checks, ok, 1, 2},
                   {builtin::Checks, fails, 1, 3}, {builtin::Checks, fails, 0, 4},
                   {builtin::Checks, fails, 0, 5}, {builtin::Checks, fails, 0, 6},
                   {builtin::HttpReqs, good, 1, 7}, {builtin::HttpReqs, bad, 1, 8},
                   {builtin::HttpReqs, good, 1, 9}, {builtin::HttpReqs, bad, 1, 10},
                   {builtin::HttpReqDuration, good, 1, 11}, {builtin::HttpReqDuration, bad, 3, 12},
                   {builtin::Vus, 0, 1, 13}, {builtin::Vus, 0, 3, 14},
                   {myTrend, 0, 1.5, 15}, {myTrend, 0, 2.5, 16}});
    engine.collect();
    SummaryOptions options;
    options.elapsedSec = 2;
    options.thresholdOk.insert("http_req_duration", false);
    const QString expected = QString::fromUtf8(
        "     ✓ ok\n"
        "\n"
        "     █ g\n"
        "\n"
        "       ✗ fails\n"
        "        ↳  25% — ✓ 1 / ✗ 3\n"
        "\n"
        "   ✓ checks.........................: 50.00% ✓ 3   ✗ 3  \n"
        "   ✗ http_req_duration..............: avg=2ms min=1ms med=2ms max=3ms p(90)=2.8ms p(95)=2.9ms\n"
        "       { expected_response:true }...: avg=1ms min=1ms med=1ms max=1ms p(90)=1ms   p(95)=1ms  \n"
        "     http_reqs......................: 4      2/s\n"
        "     my_trend.......................: avg=2   min=1.5 med=2   max=2.5 p(90)=2.4   p(95)=2.45 \n"
        "     vus............................: 3      min=1 max=3");
    const QString text = SummaryText::render(engine.snapshot(), options);
    compareLines(text, expected);
    QCOMPARE(SummaryText::forStdout(engine.snapshot(), options), "\n" + expected + "\n\n");
}

void TestSummaryText::trendStatsAndTimeUnit()
{
    MetricsEngine engine;
    engine.ingest({{builtin::HttpReqWaiting, 0, 1, 1}, {builtin::HttpReqWaiting, 0, 3, 2}});
    engine.collect();
    SummaryOptions options;
    options.trendStats = {"avg", "p(99)", "count", "p(99.9)"};
    options.timeUnit = "ms";
    compareLines(SummaryText::render(engine.snapshot(), options),
                 "     http_req_waiting...: avg=2.00ms p(99)=2.98ms count=2 p(99.9)=3.00ms");
}

void TestSummaryText::colour()
{
    const SummaryData data = specSampleData();
    SummaryOptions options;
    const QString plain = SummaryText::render(data, options);
    options.color = true;
    QString coloured = SummaryText::render(data, options);
    QVERIFY(coloured.contains("\x1b[36m"));        // values in cyan
    QVERIFY(coloured.contains("\x1b[32m✓"));       // passing marks in green
    coloured.remove(QRegularExpression("\x1b\\[[0-9;]*m"));
    QCOMPARE(coloured, plain);                       // colour never changes the layout
}

void TestSummaryText::sorting_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("underscore before letter") << "http_req_waiting" << "http_reqs";
    QTest::newRow("prefix first") << "vus" << "vus_max";
    QTest::newRow("case-insensitive first") << "data_sent" << "MyMetric";
    QTest::newRow("lower before upper") << "abc" << "Abc";
    QTest::newRow("digits before letters") << "m1" << "ma";
    QTest::newRow("parent before sub-metric") << "http_req_duration" << "http_req_duration{a:b}";
    QTest::newRow("sub-metric before next parent") << "http_req_duration{z:z}" << "http_req_failed";
    QTest::newRow("sub-metrics by suffix") << "x{expected_response:true}" << "x{name:home}";
}

void TestSummaryText::sorting()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QVERIFY(SummaryText::metricLess(a, b));
    QVERIFY(!SummaryText::metricLess(b, a));
    QVERIFY(!SummaryText::metricLess(a, a));
}

void TestSummaryText::duration_data()
{
    QTest::addColumn<double>("ms");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << 0.0 << "" << "0s";
    QTest::newRow("ns") << 0.0007351 << "" << "735ns";
    QTest::newRow("ns truncated") << 0.0009999 << "" << "999ns";
    QTest::newRow("µs") << 0.29035001 << "" << "290.35µs";
    QTest::newRow("µs one decimal") << 0.1795 << "" << "179.5µs";
    QTest::newRow("µs truncated") << 0.999999 << "" << "999.99µs";
    QTest::newRow("ms") << 1.0 << "" << "1ms";
    QTest::newRow("ms decimals") << 512.889 << "" << "512.88ms";
    QTest::newRow("s") << 1000.0 << "" << "1s";
    QTest::newRow("s decimals") << 1500.0 << "" << "1.5s";
    QTest::newRow("s truncated") << 59999.999 << "" << "59.99s";
    QTest::newRow("1m") << 60000.0 << "" << "1m0s";
    QTest::newRow("m s no decimals") << 61500.0 << "" << "1m1s";
    QTest::newRow("m s") << 125000.0 << "" << "2m5s";
    QTest::newRow("1h") << 3600000.0 << "" << "1h0m0s";
    QTest::newRow("h m s") << 3723000.0 << "" << "1h2m3s";
    QTest::newRow("25h") << 90000000.0 << "" << "25h0m0s";
    QTest::newRow("unit ms") << 1.5 << "ms" << "1.50ms";
    QTest::newRow("unit ms tie up") << 0.125 << "ms" << "0.13ms";
    QTest::newRow("unit ms inexact") << 1.005 << "ms" << "1.00ms";
    QTest::newRow("unit s") << 1234.5 << "s" << "1.23s";
    QTest::newRow("unit s large") << 90000.0 << "s" << "90.00s";
    QTest::newRow("unit us") << 0.5 << "us" << "500.00µs";
    QTest::newRow("unit us zero") << 0.0 << "us" << "0.00µs";
}

void TestSummaryText::duration()
{
    QFETCH(double, ms);
    QFETCH(QString, unit);
    QFETCH(QString, expected);
    QCOMPARE(SummaryFormat::duration(ms, unit), expected);
}

void TestSummaryText::bytes_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0") << 0.0 << "0 B";
    QTest::newRow("9") << 9.0 << "9 B";
    QTest::newRow("fraction below 10") << 3.5 << "3.5 B";
    QTest::newRow("10") << 10.0 << "10 B";
    QTest::newRow("999") << 999.0 << "999 B";
    QTest::newRow("1000") << 1000.0 << "1.0 kB";
    QTest::newRow("5000") << 5000.0 << "5.0 kB";
    QTest::newRow("1619.7") << 1619.7 << "1.6 kB";
    QTest::newRow("3369") << 3369.0 << "3.4 kB";
    QTest::newRow("10400") << 10400.0 << "10 kB";
    QTest::newRow("rounds into 1000") << 999999.0 << "1000 kB";
    QTest::newRow("MB") << 1234567.0 << "1.2 MB";
    QTest::newRow("GB") << 45e9 << "45 GB";
}

void TestSummaryText::bytes()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(SummaryFormat::bytes(value), expected);
}

void TestSummaryText::percent_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<QString>("expected");
    QTest::newRow("two thirds truncated") << 2.0 / 3.0 << "66.66%";
    QTest::newRow("zero") << 0.0 << "0.00%";
    QTest::newRow("one") << 1.0 << "100.00%";
    QTest::newRow("float artefact like k6") << 0.29 << "28.99%";
    QTest::newRow("almost one") << 0.99999 << "99.99%";
}

void TestSummaryText::percent()
{
    QFETCH(double, ratio);
    QFETCH(QString, expected);
    QCOMPARE(SummaryFormat::percent(ratio), expected);
}

void TestSummaryText::toFixed_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("digits");
    QTest::addColumn<QString>("expected");
    QTest::newRow("inexact 1.005") << 1.005 << 2 << "1.00";
    QTest::newRow("exact tie up") << 0.125 << 2 << "0.13";
    QTest::newRow("tie 2.5") << 2.5 << 0 << "3";
    QTest::newRow("tie 0.5") << 0.5 << 0 << "1";
    QTest::newRow("negative tie") << -2.5 << 0 << "-3";
    QTest::newRow("carry") << 9.995 << 2 << "9.99";
    QTest::newRow("carry tie") << 9.875 << 2 << "9.88";
    QTest::newRow("carry all nines") << 99.5 << 0 << "100";
    QTest::newRow("negative zero") << -0.0 << 2 << "0.00";
    QTest::newRow("small negative") << -0.001 << 2 << "-0.00";
    QTest::newRow("huge") << 1e21 << 2 << "1e+21";
}

void TestSummaryText::toFixed()
{
    QFETCH(double, value);
    QFETCH(int, digits);
    QFETCH(QString, expected);
    QCOMPARE(SummaryFormat::toFixed(value, digits), expected);
}

void TestSummaryText::plainNumber_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("integer") << 60.0 << "60";
    QTest::newRow("six decimals") << 19.4371042 << "19.437104";
    QTest::newRow("rounded") << 9.71855251 << "9.718553";
    QTest::newRow("float noise") << 0.1 + 0.2 << "0.3";
    QTest::newRow("tiny") << 0.0000004 << "0";
    QTest::newRow("negative") << -1.25 << "-1.25";
}

void TestSummaryText::plainNumber()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(SummaryFormat::value(value, MetricType::Counter, ValueType::Default), expected);
}

QTEST_APPLESS_MAIN(TestSummaryText)
#include "tst_summarytext.moc"
