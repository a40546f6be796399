// PATCH /v1/status over real runs: malformed bodies, pause/resume rules (control-api.md §2.4),
// scale bounds with exact messages (§3.4), processing order and partial application (§2.3),
// stop, concurrent PATCHes and setup/teardown endpoints (§6).
#include "apitestrun.h"
#include "api/apirouter.h"
#include "httpprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <future>

using namespace throttle;

namespace {

QByteArray attrs(const QByteArray &inner)
{
    return "{\"data\":{\"attributes\":{" + inner + "}}}";
}

QJsonObject attributesOf(const ProbeResponse &r)
{
    return QJsonDocument::fromJson(r.body).object().value("data").toObject().value("attributes").toObject();
}

QByteArray errorDoc(int status, const char *title, const QString &detail)
{
    return "{\"errors\":[{\"status\":\"" + QByteArray::number(status) + "\",\"title\":\"" + title + "\",\"detail\":\"" +
           detail.toUtf8() + "\"}]}";
}

} // namespace

class TestApiStatus : public QObject {
    Q_OBJECT
private slots:
    void steeringSource_data();
    void steeringSource();
    void malformed_data();
    void malformed();
    void pauseRules_data();
    void pauseRules();
    void scaleBounds_data();
    void scaleBounds();
    void noExternallyControlled();
    void strictModeIsK6();
    void steerVusOnConstant();
    void steerRateAndSchedule();
    void partialApplication();
    void stopWinsAndExits103();
    void concurrentPauses();
    void setupEndpoints();
    void setupErrors();
};

// The run history's steering log names who steered: the CLI's control commands and the attached
// desktop app by their RestClient User-Agent, anything else as a REST client.
void TestApiStatus::steeringSource_data()
{
    QTest::addColumn<QByteArray>("agent");
    QTest::addColumn<QString>("source");
    QTest::newRow("throttle scale") << QByteArray("throttle-cli") << "cli";
    QTest::newRow("the attached desktop app") << QByteArray("throttle-desktop") << "desktop";
    QTest::newRow("curl") << QByteArray("curl/7.88.1") << "rest";
    QTest::newRow("no User-Agent") << QByteArray() << "rest";
}

void TestApiStatus::steeringSource()
{
    QFETCH(QByteArray, agent);
    QFETCH(QString, source);
    ApiRequest request;
    request.method = "PATCH";
    request.target = "/v1/status";
    if (!agent.isEmpty())
        request.headers.append({QByteArrayLiteral("user-agent"), agent});
    QCOMPARE(SteeringSource::name(ApiRouter::steeringSourceOf(request)), source);
}

void TestApiStatus::malformed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("detail");
    QTest::newRow("empty") << QByteArray() << "unexpected end of JSON input";
    QTest::newRow("not json") << QByteArray("<html>") << "invalid character '<' looking for beginning of value";
    QTest::newRow("array") << QByteArray("[]") << "json: cannot unmarshal array into Go value of type v1.StatusJSONAPI";
    QTest::newRow("vus fraction") << attrs("\"vus\":2.5") << "json: cannot unmarshal number 2.5 into Go value of type int64";
    QTest::newRow("paused string") << attrs("\"paused\":\"true\"") << "json: cannot unmarshal string into Go value of type null.Bool";
    QTest::newRow("trailing") << QByteArray("{}}") << "invalid character '}' after top-level value";
}

void TestApiStatus::malformed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, detail);
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(4));
    const ProbeResponse r = HttpProbe(run.port()).request("PATCH", "/v1/status", body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
    QCOMPARE(r.body, errorDoc(400, "Invalid data", detail).replace("\\u003c", "<").replace("<", "\\u003c"));
    QCOMPARE(run.run().status().paused, true);   // nothing changed
}

void TestApiStatus::pauseRules_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("startPaused");
    QTest::addColumn<QString>("state");       // waiting | running | paused | finished
    QTest::addColumn<bool>("pause");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("strict");
    QTest::newRow("waiting pause") << "ext.js" << true << "waiting" << true << 500 << "execution is already paused" << false;
    QTest::newRow("waiting resume") << "ext.js" << true << "waiting" << false << 200 << "" << false;
    QTest::newRow("running pause") << "ext.js" << false << "running" << true << 200 << "" << false;
    QTest::newRow("running resume") << "ext.js" << false << "running" << false << 500 << "test execution wasn't paused" << false;
    QTest::newRow("paused pause") << "ext.js" << false << "paused" << true << 500 << "test execution was already paused" << false;
    QTest::newRow("paused resume") << "ext.js" << false << "paused" << false << 200 << "" << false;
    QTest::newRow("constant pause") << "constant.js" << false << "running" << true << 500
                                    << "constant-vus executor 'default' doesn't support pause and resume operations after its start" << true;
    QTest::newRow("constant resume") << "constant.js" << false << "running" << false << 500
                                     << "constant-vus executor 'default' doesn't support pause and resume operations after its start" << true;
    // Throttle mode (default): constant-vus pauses and resumes like any executor.
    QTest::newRow("constant pause throttle") << "constant.js" << false << "running" << true << 200 << "" << false;
    QTest::newRow("constant resume throttle") << "constant.js" << false << "running" << false << 500
                                              << "test execution wasn't paused" << false;
    QTest::newRow("constant paused resume throttle") << "constant.js" << false << "paused" << false << 200 << "" << false;
    QTest::newRow("finished pause") << "ext.js" << false << "finished" << true << 500 << "the test run has already finished" << false;
    QTest::newRow("finished resume") << "ext.js" << false << "finished" << false << 500 << "the test run has already finished" << false;
}

void TestApiStatus::pauseRules()
{
    QFETCH(QString, script);
    QFETCH(bool, startPaused);
    QFETCH(QString, state);
    QFETCH(bool, pause);
    QFETCH(int, status);
    QFETCH(QString, detail);
    QFETCH(bool, strict);
    ApiTestRun run;
    QJsonObject overrides;
    if (startPaused)
        overrides.insert("paused", true);
    QMap<QString, QString> env;
    if (state == QLatin1String("finished"))
        env.insert("DURATION", "300ms");
    QVERIFY2(run.prepare(script, overrides, env, strict), qPrintable(run.error()));
    run.start();
    const HttpProbe probe(run.port());
    if (state == QLatin1String("waiting"))
        QVERIFY(run.waitStatus(4));
    else if (state == QLatin1String("finished"))
        QVERIFY(run.waitFinished());
    else
        QVERIFY(run.waitUntil([&] { return run.run().status().vus > 0; }));
    if (state == QLatin1String("paused"))
        QCOMPARE(probe.request("PATCH", "/v1/status", attrs("\"paused\":true")).status, 200);
    const ProbeResponse r = probe.request("PATCH", "/v1/status", attrs(pause ? "\"paused\":true" : "\"paused\":false"));
    QCOMPARE(r.status, status);
    if (status != 200) {
        QCOMPARE(r.body, errorDoc(500, "Pause error", detail));
        return;
    }
    const QJsonObject a = attributesOf(r);
    QCOMPARE(a.value("paused").toBool(), pause);
    if (pause)
        QCOMPARE(a.value("vus").toInt(), 0);
    if (!pause && state == QLatin1String("paused"))
        QVERIFY(run.waitUntil([&] { return run.run().status().vus == (script == QLatin1String("ext.js") ? 2 : 1); }));
    if (!pause && state == QLatin1String("waiting"))
        QVERIFY(run.waitStatus(int(ExecStatus::Running)));
}

void TestApiStatus::scaleBounds_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("vus");      // expected after success
    QTest::addColumn<int>("vusMax");
    QTest::newRow("both negative") << QByteArray("\"vus\":-1,\"vus-max\":-5") << 400
                                   << "invalid configuration supplied: the number of VUs can't be negative, the number of active VUs (-1) "
                                      "must be less than or equal to the number of maxVUs (-5)" << 0 << 0;
    QTest::newRow("vus above max") << QByteArray("\"vus\":5") << 400
                                   << "invalid configuration supplied: the number of active VUs (5) must be less than or equal to the number of maxVUs (4)"
                                   << 0 << 0;
    QTest::newRow("max below configured") << QByteArray("\"vus-max\":3") << 400
                                          << "the new number of max VUs cannot be lower than the starting number of max VUs (4)" << 0 << 0;
    QTest::newRow("check 1 wins") << QByteArray("\"vus-max\":1") << 400
                                  << "invalid configuration supplied: the number of active VUs (2) must be less than or equal to the number of maxVUs (1)"
                                  << 0 << 0;
    QTest::newRow("scale up") << QByteArray("\"vus\":3") << 200 << "" << 3 << 4;
    QTest::newRow("raise max") << QByteArray("\"vus-max\":6,\"vus\":6") << 200 << "" << 6 << 6;
    QTest::newRow("numeric strings") << QByteArray("\"vus\":\"1\",\"vus-max\":\"4\"") << 200 << "" << 1 << 4;
    QTest::newRow("zero") << QByteArray("\"vus\":0") << 200 << "" << 0 << 4;
}

void TestApiStatus::scaleBounds()
{
    static ApiTestRun *run = nullptr;   // one running test for all rows, in order
    if (!run) {
        run = new ApiTestRun;
        QVERIFY2(run->prepare("ext.js"), qPrintable(run->error()));
        run->start();
        QVERIFY(run->waitUntil([&] { return run->run().status().vus == 2; }));
    }
    QFETCH(QByteArray, patch);
    QFETCH(int, status);
    QFETCH(QString, detail);
    QFETCH(int, vus);
    QFETCH(int, vusMax);
    const ProbeResponse r = HttpProbe(run->port()).request("PATCH", "/v1/status", attrs(patch));
    QCOMPARE(r.status, status);
    if (status == 400) {
        QCOMPARE(r.body, errorDoc(400, "Config update error", detail));
    } else {
        QCOMPARE(attributesOf(r).value("vus").toInt(), vus);
        QCOMPARE(attributesOf(r).value("vus-max").toInt(), vusMax);
    }
    if (QByteArray(QTest::currentDataTag()) == "zero") {
        delete run;
        run = nullptr;
    }
}

void TestApiStatus::noExternallyControlled()
{
    ApiTestRun run;   // strict-k6: k6's answer, byte for byte
    QVERIFY2(run.prepare("constant.js", {}, {}, true), qPrintable(run.error()));
    run.start();
    const ProbeResponse r = HttpProbe(run.port()).request("PATCH", "/v1/status", attrs("\"vus\":2"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, errorDoc(500, "Execution config error",
                              "an externally-controlled executor needs to be configured for live configuration updates"));
}

void TestApiStatus::strictModeIsK6()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("constant.js", {}, {}, true), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 1; }));
    const HttpProbe probe(run.port());
    const ProbeResponse get = probe.request("GET", "/v1/status");
    QVERIFY2(get.body.endsWith(",\"tainted\":false}}}"), get.body.constData());   // k6's seven attributes only
    QVERIFY(!get.body.contains("scenarios"));
    ProbeResponse r = probe.request("PATCH", "/v1/status", attrs("\"paused\":true"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, errorDoc(500, "Pause error",
                              "constant-vus executor 'default' doesn't support pause and resume operations after its start"));
    // rate, mode and scenario are unknown attributes to k6: ignored, whatever their value.
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":\"abc\",\"mode\":\"schedule\",\"scenario\":\"x\""));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("scenarios"));
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":5,\"vus\":1"));
    QCOMPARE(r.body, errorDoc(500, "Execution config error",
                              "an externally-controlled executor needs to be configured for live configuration updates"));
}

void TestApiStatus::steerVusOnConstant()
{
    ApiTestRun run;   // constant-vus, 1 VU: Throttle mode scales it within 0..1
    QVERIFY2(run.prepare("constant.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 1; }));
    const HttpProbe probe(run.port());
    ProbeResponse r = probe.request("PATCH", "/v1/status", attrs("\"vus\":2"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, errorDoc(400, "Config update error",
                              "invalid configuration supplied: the number of active VUs (2) must be less than or equal to the number of maxVUs (1)"));
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":5"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, errorDoc(500, "Execution config error",
                              "no scenario accepts a live rate change; a constant-arrival-rate or ramping-arrival-rate executor needs to be configured"));
    r = probe.request("PATCH", "/v1/status", attrs("\"vus\":0"));
    QCOMPARE(r.status, 200);
    QJsonObject sc = attributesOf(r).value("scenarios").toArray().first().toObject();
    QCOMPARE(sc.value("name").toString(), QStringLiteral("default"));
    QCOMPARE(sc.value("executor").toString(), QStringLiteral("constant-vus"));
    QCOMPARE(sc.value("capabilities").toArray(), (QJsonArray{"pause", "vus"}));
    QCOMPARE(sc.value("mode").toString(), QStringLiteral("manual"));
    QCOMPARE(sc.value("vus-max").toInt(), 1);
    QVERIFY(!sc.contains("rate"));
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 0; }));
    r = probe.request("PATCH", "/v1/status", attrs("\"mode\":\"schedule\""));
    QCOMPARE(r.status, 200);
    QCOMPARE(attributesOf(r).value("scenarios").toArray().first().toObject().value("mode").toString(), QStringLiteral("schedule"));
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 1; }));
}

void TestApiStatus::steerRateAndSchedule()
{
    ApiTestRun run;   // constant-arrival-rate "rate": 20/s for 60 s
    QVERIFY2(run.prepare("rate.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(int(ExecStatus::Running)));
    const HttpProbe probe(run.port());
    const auto scenarioOf = [](const ProbeResponse &r) { return attributesOf(r).value("scenarios").toArray().first().toObject(); };
    ProbeResponse r = probe.request("GET", "/v1/status");
    QCOMPARE(scenarioOf(r).value("rate").toDouble(), 20.0);
    QCOMPARE(scenarioOf(r).value("timeUnit").toString(), QStringLiteral("1s"));
    QCOMPARE(scenarioOf(r).value("capabilities").toArray(), (QJsonArray{"pause", "rate"}));
    // Order: paused, then vus (fails: no VU-steerable scenario), so the rate is not applied.
    r = probe.request("PATCH", "/v1/status", attrs("\"paused\":true,\"vus\":2,\"rate\":30"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, errorDoc(500, "Execution config error",
                              "no scenario accepts a live VU change; an externally-controlled, ramping-vus or constant-vus executor "
                              "needs to be configured"));
    QVERIFY(run.run().status().paused);
    QCOMPARE(run.run().status().scenarios.first().mode, QStringLiteral("schedule"));
    // Resume and a rate in one PATCH.
    r = probe.request("PATCH", "/v1/status", attrs("\"paused\":false,\"rate\":50"));
    QCOMPARE(r.status, 200);
    QCOMPARE(attributesOf(r).value("paused").toBool(), false);
    QCOMPARE(scenarioOf(r).value("rate").toDouble(), 50.0);
    QCOMPARE(scenarioOf(r).value("mode").toString(), QStringLiteral("manual"));
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":-1"));
    QCOMPARE(r.body, errorDoc(400, "Config update error", "invalid configuration supplied: the iteration rate can't be negative"));
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":\"abc\""));
    QCOMPARE(r.body, errorDoc(400, "Invalid data", "strconv.ParseInt: parsing \\\"abc\\\": invalid syntax"));
    r = probe.request("PATCH", "/v1/status", attrs("\"mode\":\"later\""));
    QCOMPARE(r.body, errorDoc(400, "Config update error", "invalid configuration supplied: the mode must be \\\"schedule\\\" or \\\"manual\\\""));
    r = probe.request("PATCH", "/v1/status", attrs("\"rate\":10,\"scenario\":\"nope\""));
    QCOMPARE(r.body, errorDoc(400, "Config update error", "there is no scenario 'nope'"));
    r = probe.request("PATCH", "/v1/status", attrs("\"RATE\":\"40\",\"Scenario\":\"rate\""));   // k6's leniency
    QCOMPARE(r.status, 200);
    QCOMPARE(scenarioOf(r).value("rate").toDouble(), 40.0);
    r = probe.request("PATCH", "/v1/status", attrs("\"mode\":\"schedule\""));
    QCOMPARE(r.status, 200);
    QCOMPARE(scenarioOf(r).value("mode").toString(), QStringLiteral("schedule"));
    QCOMPARE(scenarioOf(r).value("rate").toDouble(), 20.0);
    // stopped wins over everything else.
    r = probe.request("PATCH", "/v1/status", attrs("\"stopped\":true,\"rate\":-1"));
    QCOMPARE(r.status, 200);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.run().exitCode(), 103);
}

void TestApiStatus::partialApplication()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 2; }));
    const ProbeResponse r = HttpProbe(run.port()).request("PATCH", "/v1/status", attrs("\"paused\":true,\"vus\":99"));
    QCOMPARE(r.status, 400);
    QVERIFY(r.body.contains("Config update error"));
    QCOMPARE(run.run().status().paused, true);   // the pause of step 3 is kept
    QCOMPARE(run.run().status().vus, 0);
}

void TestApiStatus::stopWinsAndExits103()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(4));
    const ProbeResponse r = HttpProbe(run.port()).request("PATCH", "/v1/status", attrs("\"stopped\":true,\"paused\":false,\"vus\":99"));
    QCOMPARE(r.status, 200);
    QCOMPARE(attributesOf(r).value("stopped").toBool(), true);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.run().exitCode(), 103);
    QCOMPARE(run.run().status().status, int(ExecStatus::Interrupted));
    QVERIFY(run.log().contains("test run stopped from REST API"));
}

void TestApiStatus::concurrentPauses()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {}, {{"SLEEP", "0.3"}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 2; }));
    const quint16 port = run.port();
    const QByteArray body = attrs("\"paused\":true");
    const QByteArray raw = "PATCH /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    auto a = std::async(std::launch::async, [&] { return HttpProbe(port).exchange(raw); });
    auto b = std::async(std::launch::async, [&] { return HttpProbe(port).exchange(raw); });
    // HttpProbe::exchange spins its own thread's events; the server needs this thread's loop.
    QVERIFY(run.waitUntil([&] { return a.wait_for(std::chrono::seconds(0)) == std::future_status::ready &&
                                       b.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }));
    QList<int> statuses{a.get().value(0).status, b.get().value(0).status};
    std::sort(statuses.begin(), statuses.end());
    QCOMPARE(statuses, (QList<int>{200, 500}));
}

void TestApiStatus::setupEndpoints()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(4));
    const HttpProbe probe(run.port());
    const QByteArray empty = "{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":{}}}";
    QCOMPARE(probe.request("GET", "/v1/setup").body, empty);
    ProbeResponse r = probe.request("PUT", "/v1/setup", "{ \"x\" : [1, 2] }");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(r.body, QByteArray("{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":{\"data\":{\"x\":[1,2]}}}}"));
    QCOMPARE(probe.request("PUT", "/v1/setup", "null").body,
             QByteArray("{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":{\"data\":null}}}"));
    r = probe.request("PUT", "/v1/setup", "{x");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(r.body, errorDoc(400, "Error parsing request body", "invalid character 'x' looking for beginning of object key string"));
    QCOMPARE(probe.request("PUT", "/v1/setup").body, empty);
    r = probe.request("POST", "/v1/setup");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":{\"data\":{\"answer\":42}}}}"));
    r = probe.request("POST", "/v1/teardown");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray());
    QVERIFY(!r.headers.contains("content-type"));
}

void TestApiStatus::setupErrors()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("boom.js", {{"paused", true}}, {{"BOOM", "1"}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(4));
    const HttpProbe probe(run.port());
    ProbeResponse r = probe.request("POST", "/v1/setup");
    QCOMPARE(r.status, 500);
    QCOMPARE(r.headers.value("content-type"), QByteArray("text/plain; charset=utf-8"));
    QVERIFY2(r.body.startsWith("{\"errors\":[{\"status\":\"500\",\"title\":\"Error executing setup\",\"detail\":\"Error: boom-setup"), r.body);
    r = probe.request("POST", "/v1/teardown");
    QCOMPARE(r.status, 500);
    QVERIFY2(r.body.contains("\"title\":\"Error executing teardown\""), r.body);
}

QTEST_GUILESS_MAIN(TestApiStatus)
#include "tst_apistatus.moc"
