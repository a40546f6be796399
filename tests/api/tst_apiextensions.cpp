// Throttle's extension resources (docs/rest-extensions.md) over a real run: per-request rows,
// failure groups and threshold readings as JSON, decoded back as RemoteRequestStats does; 404 in
// strict-k6 mode, as for any path k6 does not have; 405 for other methods.
#include "apitestrun.h"
#include "api/aggregatesdocument.h"
#include "api/metricsresource.h"
#include "api/remoterequeststats.h"
#include "api/requeststatsdocument.h"
#include "api/restclient.h"
#include "api/thresholdsdocument.h"

#include <QTest>

using namespace throttle;

class TestApiExtensions : public QObject
{
    Q_OBJECT
private slots:
    void requestsAndFailures();
    void strictK6HasNone();
    void remotePollerReadsThem();
    void remotePollerSendsTheApiToken();
    void thresholdsWithObservedValues();
    void aggregatesCarryEveryMetric();
    void aggregatesDecodeRefusesGarbage_data();
    void aggregatesDecodeRefusesGarbage();
};

void TestApiExtensions::requestsAndFailures()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    const RestClient rest(run.address());

    const RestReply requests = rest.get(QStringLiteral("/v1/throttle/requests"));
    QCOMPARE(requests.status, 200);
    QList<RequestStatsRow> rows;
    double elapsed = 0;
    bool truncated = true;
    QVERIFY(RequestStatsDocument::decodeRequests(requests.body, &rows, &elapsed, &truncated));
    QCOMPARE(rows.size(), 3);   // GET ok, POST ok, GET …/status/404 (no name tag: its URL)
    QCOMPARE(rows[0].name, run.demo().baseUrl() + QStringLiteral("/status/404"));
    QCOMPARE(rows[0].failed, 10u);
    QCOMPARE(rows[1].name, QStringLiteral("ok"));
    QCOMPARE(rows[1].method, QStringLiteral("GET"));
    QCOMPARE(rows[1].count, 10u);
    QCOMPARE(rows[2].method, QStringLiteral("POST"));
    QCOMPARE(rows[2].answered, 10u);
    QVERIFY(rows[1].p95 > 0 && rows[1].max >= rows[1].p95);
    QVERIFY(elapsed > 0);
    QVERIFY(!truncated);
    // Bytes per request add up to k6's data_received (which k6 only counts per iteration).
    double received = 0;
    for (const RequestStatsRow &r : rows) {
        QVERIFY2(r.received > 0, qPrintable(r.name));
        received += r.received;
    }
    const MetricsSnapshot snapshot = run.metrics().snapshot();   // kept: find() points into it
    const MetricSnapshot *dataReceived = snapshot.find(QStringLiteral("data_received"));
    QVERIFY(dataReceived);
    QCOMPARE(received, dataReceived->aggregate.count());
    QVERIFY(requests.body.startsWith("{\"data\":[{\"type\":\"requests\",\"id\":\"GET "));

    const RestReply failures = rest.get(QStringLiteral("/v1/throttle/failures"));
    QCOMPARE(failures.status, 200);
    QList<FailureGroup> groups;
    QVERIFY(RequestStatsDocument::decodeFailures(failures.body, &groups));
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups[0].kind, QStringLiteral("request"));
    QCOMPARE(groups[0].status, 404);
    QCOMPARE(groups[0].errorCode, QStringLiteral("1404"));
    QCOMPARE(groups[0].count, 10u);
    QCOMPARE(groups[0].example, run.demo().baseUrl() + QStringLiteral("/status/404"));
    QVERIFY(groups[0].firstNs > 0 && groups[0].lastNs >= groups[0].firstNs);
    QCOMPARE(groups[1].kind, QStringLiteral("iteration"));
    QCOMPARE(groups[1].message, QStringLiteral("Error: boom in iteration"));
    QCOMPARE(groups[1].count, 2u);   // each VU's first iteration
    QVERIFY2(groups[1].example.startsWith(QStringLiteral("scenario s, at default (file://")), qPrintable(groups[1].example));

    QCOMPARE(rest.patch(QStringLiteral("/v1/throttle/requests"), "{}").status, 405);
}

void TestApiExtensions::strictK6HasNone()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js", {}, {}, true), qPrintable(run.error()));
    const RestClient rest(run.address());
    for (const char *path : {"/v1/throttle/requests", "/v1/throttle/failures", "/v1/throttle/thresholds", "/v1/throttle/aggregates"}) {
        const RestReply r = rest.get(QLatin1String(path));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.body, QByteArray("404 page not found\n"));   // as k6 answers any unknown /v1 path
    }
}

void TestApiExtensions::remotePollerReadsThem()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    RemoteRequestStats remote(run.address());
    QVERIFY(run.waitUntil([&] { return remote.supported() == true && remote.snapshot().failures.size() == 2; }));
    QCOMPARE(remote.snapshot().requests.size(), 3);
    QVERIFY(remote.elapsedSec() > 0);

    ApiTestRun strict;
    QVERIFY2(strict.prepare("requests.js", {}, {}, true), qPrintable(strict.error()));
    RemoteRequestStats k6like(strict.address());
    QVERIFY(strict.waitUntil([&] { return k6like.supported().has_value(); }));
    QCOMPARE(k6like.supported(), std::optional<bool>(false));
    QVERIFY(!k6like.thresholds());

    QVERIFY(run.waitUntil([&] { return remote.thresholds().has_value(); }));
    QVERIFY(remote.thresholds()->isEmpty());   // requests.js has none
}

// A run started with --api-token answers 401 without it: the desktop's poller of /v1/throttle/*
// sends $THROTTLE_API_TOKEN as RemoteRun's status polls do (both build their requests with RestClient).
void TestApiExtensions::remotePollerSendsTheApiToken()
{
    qputenv("THROTTLE_API_TOKEN", "s3cret");   // the run's server requires it; the clients send it
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    QCOMPARE(RestClient(run.address(), QByteArray()).get(QStringLiteral("/v1/throttle/requests")).status, 401);
    RemoteRequestStats remote(run.address());
    const bool answered = run.waitUntil([&] { return remote.supported() == true && remote.thresholds().has_value(); });
    qunsetenv("THROTTLE_API_TOKEN");
    QVERIFY(answered);
    QCOMPARE(remote.snapshot().requests.size(), 3);
}

// Issue 16: the thresholds tab shows each expression with the value it compares, attached too —
// the k6 API has only a tainted flag per metric, so a Throttle run serves the expressions.
void TestApiExtensions::thresholdsWithObservedValues()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("thresholds.js"), qPrintable(run.error()));
    const RestClient rest(run.address());
    const auto readings = [&rest] {
        const RestReply r = rest.get(QStringLiteral("/v1/throttle/thresholds"));
        QList<ThresholdReading> out;
        if (r.status != 200 || !ThresholdsDocument::decode(r.body, &out))
            qWarning() << "thresholds:" << r.status << r.body;
        return out;
    };

    // Before the start: every expression pending, nothing observed.
    QList<ThresholdReading> before = readings();
    QCOMPARE(before.size(), 5);
    for (const ThresholdReading &r : before) {
        QCOMPARE(r.state, QStringLiteral("pending"));
        QVERIFY2(!r.observed, qPrintable(r.metric));
    }

    run.start();
    QVERIFY(run.waitFinished());
    const QList<ThresholdReading> after = readings();
    QCOMPARE(after.size(), 5);   // in options.thresholds' key order, each list in its order
    const MetricsSnapshot snapshot = run.metrics().snapshot();   // kept: find() points into it
    QCOMPARE(after[0], (ThresholdReading{"data_received", "count>0", false, "pass", "count",
                                         snapshot.find(QStringLiteral("data_received"))->aggregate.count(), "counter", "data"}));
    QCOMPARE(after[1].metric, QStringLiteral("http_req_duration{name:ok}"));
    QCOMPARE(after[1].expression, QStringLiteral("p(95)<60000"));
    QCOMPARE(after[1].state, QStringLiteral("pass"));
    QCOMPARE(after[1].stat, QStringLiteral("p(95)"));
    QVERIFY(after[1].observed && *after[1].observed > 0);
    QCOMPARE(after[1].type, QStringLiteral("trend"));
    QCOMPARE(after[1].contains, QStringLiteral("time"));
    QCOMPARE(after[2].expression, QStringLiteral("max>=0"));
    QVERIFY(after[2].abortOnFail);
    QVERIFY(after[2].observed && *after[2].observed >= *after[1].observed);
    QCOMPARE(after[3], (ThresholdReading{"http_req_failed", "rate<0.01", false, "fail", "rate", 0.5, "rate", "default"}));
    QCOMPARE(after[4], (ThresholdReading{"never_added", "count<1", false, "pass", "count", std::nullopt, "counter", "default"}));

    const RestReply raw = rest.get(QStringLiteral("/v1/throttle/thresholds"));
    // Go's encoding/json escapes < and > as k6's own JSON does.
    QVERIFY2(raw.body.contains("{\"type\":\"thresholds\",\"id\":\"http_req_failed rate\\u003c0.01\",\"attributes\":"
                               "{\"metric\":\"http_req_failed\",\"threshold\":\"rate\\u003c0.01\",\"abort_on_fail\":false,"
                               "\"state\":\"fail\",\"stat\":\"rate\",\"observed\":0.5,\"metric_type\":\"rate\","
                               "\"contains\":\"default\"}}"),
             raw.body.constData());
    QVERIFY(raw.body.contains("\"observed\":null"));
    QCOMPARE(rest.patch(QStringLiteral("/v1/throttle/thresholds"), "{}").status, 405);

    RemoteRequestStats remote(run.address());
    QVERIFY(run.waitUntil([&] { return remote.thresholds().has_value(); }));
    QCOMPARE(*remote.thresholds(), after);
}

// GET /v1/throttle/aggregates carries the whole aggregate of every metric: decoded, each one prints
// exactly the /v1/metrics element the run itself serves (a fleet of one merges to itself).
void TestApiExtensions::aggregatesCarryEveryMetric()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("thresholds.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    const RestClient rest(run.address());
    const RestReply r = rest.get(QStringLiteral("/v1/throttle/aggregates"));
    QCOMPARE(r.status, 200);
    QString error;
    const std::optional<AggregatesReading> reading = AggregatesDocument::decode(r.body, &error);
    QVERIFY2(reading, qPrintable(error));
    const MetricsSnapshot own = run.metrics().snapshot();
    QCOMPARE(reading->snapshot.metrics.size(), own.metrics.size());
    QVERIFY(reading->elapsedSec > 0);
    QVERIFY(!reading->thresholdsOk.isEmpty());
    QCOMPARE(reading->thresholdsOk.value(QStringLiteral("http_req_failed"), true), false);   // rate<0.01 fails
    bool sawTrend = false;
    for (qsizetype i = 0; i < own.metrics.size(); ++i) {
        const MetricSnapshot &mine = own.metrics.at(i);
        const MetricSnapshot &theirs = reading->snapshot.metrics.at(i);
        QCOMPARE(theirs.name, mine.name);
        QCOMPARE(MetricsResource::sample(theirs, 10.0), MetricsResource::sample(mine, 10.0));
        QCOMPARE(theirs.hasThresholds, mine.hasThresholds);
        sawTrend = sawTrend || (mine.type == MetricType::Trend && mine.aggregate.trend().count() > 0);
    }
    QVERIFY(sawTrend);
    QCOMPARE(rest.patch(QStringLiteral("/v1/throttle/aggregates"), "{}").status, 405);
}

void TestApiExtensions::aggregatesDecodeRefusesGarbage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("not JSON") << QByteArray("{") << "not an aggregates document";
    QTest::newRow("no data") << QByteArray("{}") << "not an aggregates document: no \"data\" array";
    QTest::newRow("unknown type") << QByteArray(R"({"data":[{"id":"x","attributes":{"type":"histo","contains":"default",)"
                                                R"("tainted":null,"samples":1,"count":1,"value":0,"min":0,"max":0,"passes":0}}]})")
                                  << "metric \"x\": a metric's id";
    QTest::newRow("negative count") << QByteArray(R"({"data":[{"id":"x","attributes":{"type":"counter","contains":"default",)"
                                                  R"("tainted":null,"samples":-1,"count":1,"value":0,"min":0,"max":0,"passes":0}}]})")
                                    << "metric \"x\": a metric's id";
    QTest::newRow("histogram disagrees") << QByteArray(R"({"data":[{"id":"t","attributes":{"type":"trend","contains":"time",)"
                                                       R"("tainted":false,"samples":2,"count":0,"value":0,"min":0,"max":0,"passes":0,)"
                                                       R"("histogram":{"count":2,"zero":0,"min":1,"max":1,"sum":1,"positive_offset":0,)"
                                                       R"("positive":[1],"negative_offset":0,"negative":[],"exact":[1]}}}]})")
                                         << "metric \"t\": bucket counts do not add up to count";
}

void TestApiExtensions::aggregatesDecodeRefusesGarbage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!AggregatesDocument::decode(body, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

QTEST_MAIN(TestApiExtensions)
#include "tst_apiextensions.moc"
