// GET /v1/metrics, /v1/metrics/<id>, /v1/groups, /v1/groups/<id> and /metrics on a live run
// (control-api.md §4, §5): shapes, sample keys by type, sub-metric ids, tainted, md5 ids, tree order.
#include "apitestrun.h"
#include "httpprobe.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace throttle;

namespace {
QString md5(const QString &path)
{
    return QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Md5).toHex());
}
} // namespace

class TestApiMetrics : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sampleKeys_data();
    void sampleKeys();
    void oneMetric();
    void counterRateIsFinite();
    void groups();
    void prometheus();

private:
    QJsonArray metricsList();
    ApiTestRun *m_run = nullptr;
};

void TestApiMetrics::initTestCase()
{
    m_run = new ApiTestRun;
    QVERIFY2(m_run->prepare("ext.js"), qPrintable(m_run->error()));
    m_run->start();
    // Thresholds are evaluated every 2 s: wait for the first evaluation (checks 'rate>2' always fails).
    QVERIFY(m_run->waitUntil([&] { return m_run->run().status().tainted; }, 20000));
}

void TestApiMetrics::cleanupTestCase()
{
    delete m_run;
}

QJsonArray TestApiMetrics::metricsList()
{
    const ProbeResponse r = HttpProbe(m_run->port()).request("GET", "/v1/metrics");
    return QJsonDocument::fromJson(r.body).object().value("data").toArray();
}

void TestApiMetrics::sampleKeys_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("contains");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("tainted");   // "null", "true", "false"
    const QStringList trend{"avg", "max", "med", "min", "p(90)", "p(95)"};
    QTest::newRow("http_reqs") << "http_reqs" << "counter" << "default" << QStringList{"count", "rate"} << "null";
    QTest::newRow("http_req_duration") << "http_req_duration" << "trend" << "time" << trend << "false";
    QTest::newRow("sub-metric") << "http_req_duration{expected_response:true}" << "trend" << "time" << trend << "null";
    QTest::newRow("vus") << "vus" << "gauge" << "default" << QStringList{"value"} << "null";
    QTest::newRow("checks") << "checks" << "rate" << "default" << QStringList{"rate"} << "true";
    QTest::newRow("data_received") << "data_received" << "counter" << "data" << QStringList{"count", "rate"} << "null";
}

void TestApiMetrics::sampleKeys()
{
    QFETCH(QString, id);
    QFETCH(QString, type);
    QFETCH(QString, contains);
    QFETCH(QStringList, keys);
    QFETCH(QString, tainted);
    QJsonObject found;
    for (const QJsonValue &v : metricsList())
        if (v.toObject().value("id").toString() == id)
            found = v.toObject();
    QVERIFY2(!found.isEmpty(), qPrintable(id));
    QCOMPARE(found.value("type").toString(), QStringLiteral("metrics"));
    const QJsonObject a = found.value("attributes").toObject();
    QCOMPARE(a.keys(), (QStringList{"contains", "sample", "tainted", "type"}));
    QCOMPARE(a.value("type").toString(), type);
    QCOMPARE(a.value("contains").toString(), contains);
    QCOMPARE(a.value("sample").toObject().keys(), keys);
    const QJsonValue t = a.value("tainted");
    QCOMPARE(t.isNull() ? QStringLiteral("null") : (t.toBool() ? QStringLiteral("true") : QStringLiteral("false")), tainted);
}

void TestApiMetrics::oneMetric()
{
    const HttpProbe probe(m_run->port());
    ProbeResponse r = probe.request("GET", "/v1/metrics/http_req_duration%7Bexpected_response:true%7D");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("{\"data\":{\"type\":\"metrics\",\"id\":\"http_req_duration{expected_response:true}\",\"attributes\":{\"type\":\"trend\","
                              "\"contains\":\"time\",\"tainted\":null,\"sample\":{\"avg\":"));
    r = probe.request("GET", "/v1/metrics/http_reqs");
    QVERIFY(r.body.startsWith("{\"data\":{\"type\":\"metrics\",\"id\":\"http_reqs\",\"attributes\":{\"type\":\"counter\",\"contains\":\"default\","
                              "\"tainted\":null,\"sample\":{\"count\":"));
}

void TestApiMetrics::counterRateIsFinite()
{
    for (const QJsonValue &v : metricsList()) {
        const QJsonObject sample = v.toObject().value("attributes").toObject().value("sample").toObject();
        for (auto it = sample.begin(); it != sample.end(); ++it)
            QVERIFY2(it.value().isDouble() && std::isfinite(it.value().toDouble()), qPrintable(it.key()));
    }
}

void TestApiMetrics::groups()
{
    const HttpProbe probe(m_run->port());
    const ProbeResponse r = probe.request("GET", "/v1/groups");
    const QJsonArray list = QJsonDocument::fromJson(r.body).object().value("data").toArray();
    QVERIFY(list.size() >= 3);
    const QJsonObject root = list.at(0).toObject();
    QCOMPARE(root.value("id").toString(), QStringLiteral("d41d8cd98f00b204e9800998ecf8427e"));
    QCOMPARE(root.value("attributes").toObject().value("path").toString(), QString());
    QVERIFY(root.value("attributes").toObject().value("checks").isNull());
    QVERIFY(root.value("relationships").toObject().value("parent").toObject().value("data").isNull());
    // Pre-order: g1 right after the root (no setup group: setup runs only on resume/start... it ran here).
    int g1Index = -1;
    for (int i = 0; i < list.size(); ++i)
        if (list.at(i).toObject().value("id").toString() == md5("::g1"))
            g1Index = i;
    QVERIFY(g1Index > 0);
    const QJsonObject g1 = list.at(g1Index).toObject();
    QCOMPARE(list.at(g1Index + 1).toObject().value("id").toString(), md5("::g1::inner"));
    const QJsonObject attrs = g1.value("attributes").toObject();
    QCOMPARE(attrs.value("name").toString(), QStringLiteral("g1"));
    QCOMPARE(attrs.value("path").toString(), QStringLiteral("::g1"));
    const QJsonObject check = attrs.value("checks").toArray().at(0).toObject();
    QCOMPARE(check.keys(), (QStringList{"fails", "id", "name", "passes", "path"}));
    QCOMPARE(check.value("id").toString(), md5("::g1::status is 200"));
    QCOMPARE(check.value("path").toString(), QStringLiteral("::g1::status is 200"));
    QVERIFY(check.value("passes").toInt() > 0);
    QCOMPARE(check.value("fails").toInt(), 0);
    const QJsonObject rel = g1.value("relationships").toObject();
    QCOMPARE(rel.value("parent").toObject().value("data").toObject().value("id").toString(), root.value("id").toString());
    QCOMPARE(rel.value("groups").toObject().value("data").toArray().at(0).toObject().value("id").toString(), md5("::g1::inner"));
    // One group by id; the inner one has no checks and no children.
    const ProbeResponse inner = probe.request("GET", ("/v1/groups/" + md5("::g1::inner")).toUtf8());
    QCOMPARE(inner.status, 200);
    QVERIFY(inner.body.contains("\"checks\":null},\"relationships\":{\"groups\":{\"data\":[]},\"parent\":{\"data\":{\"type\":\"groups\",\"id\":\"" +
                                md5("::g1").toUtf8() + "\"}}}"));
}

void TestApiMetrics::prometheus()
{
    const ProbeResponse r = HttpProbe(m_run->port()).request("GET", "/metrics");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("# TYPE k6_http_reqs_total counter\nk6_http_reqs_total "));
    QVERIFY(r.body.contains("# TYPE k6_http_req_duration summary\n"));
    QVERIFY(r.body.contains("k6_http_req_duration{quantile=\"0.99\"} "));
    QVERIFY(r.body.contains("k6_http_req_duration{expected_response=\"true\",quantile=\"0.5\"} "));
    QVERIFY(r.body.contains("k6_http_req_duration_count "));
    QVERIFY(r.body.contains("# TYPE k6_checks_rate gauge\n"));
}

QTEST_GUILESS_MAIN(TestApiMetrics)
#include "tst_apimetrics.moc"
