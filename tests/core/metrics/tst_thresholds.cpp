// Thresholds: §10.1 grammar and k6's messages, evaluation, sub-metrics, abortOnFail.
#include "core/metrics/metricsengine.h"
#include "core/metrics/thresholdset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace throttle;

namespace {
QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}
} // namespace

class TestThresholds : public QObject
{
    Q_OBJECT
private slots:
    void parseErrors_data();
    void parseErrors();
    void evaluate_data();
    void evaluate();
    void submetricSelector();
    void emptyMetricsAtTheEnd();
    void abortOnFail();
};

void TestThresholds::parseErrors_data()
{
    QTest::addColumn<QString>("thresholds");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown metric") << R"({"nosuch":["count>1"]})"
        << R"(invalid threshold defined on nosuch; reason: no metric name "nosuch" found)";
    QTest::newRow("wrong aggregation") << R"({"iterations":["p(95)<1"]})"
        << "invalid threshold \"p(95)<1\" applied on metric iterations; reason: unsupported aggregation "
           "method p on metric of type counter. supported aggregation methods for this metric are: count, rate";
    QTest::newRow("malformed") << R"({"http_reqs":["count 1"]})"
        << R"(failed parsing threshold expression "count 1"; reason: malformed threshold expression)";
    QTest::newRow("rate on gauge") << R"({"vus":["rate>1"]})"
        << "invalid threshold \"rate>1\" applied on metric vus; reason: unsupported aggregation method "
           "rate on metric of type gauge. supported aggregation methods for this metric are: value";
}

void TestThresholds::parseErrors()
{
    QFETCH(QString, thresholds);
    QFETCH(QString, error);
    MetricsEngine engine;
    QString got;
    QVERIFY(!ThresholdSet::parse(json(thresholds.toUtf8()), engine, &got));
    QCOMPARE(got, error);
}

void TestThresholds::evaluate_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("metric");
    QTest::addColumn<bool>("ok");
    // Samples below: http_req_duration 1, 3 (ms); http_reqs 4 over 2 s; checks 3/4; vus last 2.
    QTest::newRow("p95 <") << "p(95)<3" << "http_req_duration" << true;      // 2.9
    QTest::newRow("p95 < fails") << "p(95)<2.5" << "http_req_duration" << false;
    QTest::newRow("avg ==") << "avg==2" << "http_req_duration" << true;
    QTest::newRow("avg ===") << "avg===2" << "http_req_duration" << true;
    QTest::newRow("max <=") << "max<=3" << "http_req_duration" << true;
    QTest::newRow("min >") << "min>1" << "http_req_duration" << false;
    QTest::newRow("med spaces") << " med >= 2 " << "http_req_duration" << true;
    QTest::newRow("count") << "count>=4" << "http_reqs" << true;
    QTest::newRow("counter rate") << "rate>2" << "http_reqs" << false;       // exactly 2/s
    QTest::newRow("rate") << "rate>0.7" << "checks" << true;
    QTest::newRow("rate !=") << "rate!=0.75" << "checks" << false;
    QTest::newRow("gauge") << "value<3" << "vus" << true;
}

void TestThresholds::evaluate()
{
    QFETCH(QString, expression);
    QFETCH(QString, metric);
    QFETCH(bool, ok);
    MetricsEngine engine;
    QJsonObject spec;
    spec.insert(metric, QJsonArray{expression});
    QString error;
    const auto set = ThresholdSet::parse(spec, engine, &error);
    QVERIFY2(set, qPrintable(error));
    engine.ingest({{builtin::HttpReqDuration, 0, 1, 1}, {builtin::HttpReqDuration, 0, 3, 2},
                   {builtin::HttpReqs, 0, 4, 3}, {builtin::Checks, 0, 1, 4}, {builtin::Checks, 0, 1, 5},
                   {builtin::Checks, 0, 1, 6}, {builtin::Checks, 0, 0, 7}, {builtin::Vus, 0, 2, 8}});
    engine.collect();
    const auto result = set->evaluate(engine.snapshot(), 2.0, true);
    QCOMPARE(result.ok.value(metric), ok);
    QCOMPARE(result.expressions.value(metric).value(expression), ok);
    QCOMPARE(result.failed, ok ? QStringList() : QStringList{metric});
    QVERIFY(!result.abort);
}

void TestThresholds::submetricSelector()
{
    MetricsEngine engine;
    QString error;
    const auto set = ThresholdSet::parse(
        json(R"({"http_req_duration{name:home}":["max<5"], "http_req_duration{ 'status' : \"500\" }":["count<1"]})"),
        engine, &error);
    QVERIFY(!set);   // count is not a trend aggregation
    const auto ok = ThresholdSet::parse(
        json(R"({"http_req_duration{name:home}":["max<5"], "http_req_duration{ 'status' : \"500\" }":["max<1"]})"),
        engine, &error);
    QVERIFY2(ok, qPrintable(error));
    engine.ingest({{builtin::HttpReqDuration, engine.intern({{"name", "home"}}), 4, 1},
                   {builtin::HttpReqDuration, engine.intern({{"name", "other"}}), 9, 2}});
    engine.collect();
    const MetricsSnapshot s = engine.snapshot();
    QVERIFY(s.find("http_req_duration{name:home}"));
    QVERIFY(s.find("http_req_duration{name:home}")->hasThresholds);
    QCOMPARE(s.find("http_req_duration{name:home}")->aggregate.trend().count(), quint64(1));
    const QString status = "http_req_duration{'status' : \"500\"}";
    QVERIFY(s.find(status));   // listed without samples: it has thresholds
    QCOMPARE(s.find(status)->selector, TagList({{"status", "500"}}));
    const auto during = ok->evaluate(s, 1.0, false);
    QCOMPARE(during.ok.value("http_req_duration{name:home}"), true);
    QVERIFY(!during.ok.contains(status));   // no samples yet: skipped during the run
}

void TestThresholds::emptyMetricsAtTheEnd()
{
    MetricsEngine engine;
    QString error;
    const auto set = ThresholdSet::parse(
        json(R"({"checks":["rate>0.9"], "http_req_duration":["p(95)<1"], "http_reqs":["count>0"]})"),
        engine, &error);
    QVERIFY2(set, qPrintable(error));
    const auto result = set->evaluate(engine.snapshot(), 0.0, true);
    QCOMPARE(result.ok.value("checks"), true);             // empty rate: no value, passes
    QCOMPARE(result.ok.value("http_req_duration"), true);  // empty trend: 0 < 1
    QCOMPARE(result.ok.value("http_reqs"), false);         // empty counter: 0 > 0 fails
    QCOMPARE(ThresholdSet::crossedMessage({"checks", "my_rate"}),
             QString("thresholds on metrics 'checks, my_rate' have been crossed"));
}

void TestThresholds::abortOnFail()
{
    MetricsEngine engine;
    QString error;
    const auto set = ThresholdSet::parse(
        json(R"({"http_req_failed":[{"threshold":"rate<0.1","abortOnFail":true,"delayAbortEval":"10s"}]})"),
        engine, &error);
    QVERIFY2(set, qPrintable(error));
    engine.ingest({{builtin::HttpReqFailed, 0, 1, 1}});
    engine.collect();
    const MetricsSnapshot s = engine.snapshot();
    QVERIFY(!set->evaluate(s, 9.9, false).abort);
    const auto late = set->evaluate(s, 10.0, false);
    QVERIFY(late.abort);
    QCOMPARE(late.failed, QStringList{"http_req_failed"});
}

QTEST_APPLESS_MAIN(TestThresholds)
#include "tst_thresholds.moc"
