// End to end: the `throttle run --paused` flow of the k6-operator on an externally-controlled
// script, steered only over REST: resume, scale up, pause, scale down (recorded while paused),
// resume, pause, stop. The run exits 103 and /v1/metrics counts exactly the requests the demo
// target served: pause waits for in-flight iterations, so no request is ever cut (a cut request
// reaches the target but is rightly not an http_reqs sample).
#include "apitestrun.h"
#include "httpprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace throttle;

class TestApiE2e : public QObject {
    Q_OBJECT
private slots:
    void pausedRunSteeredOverRest();
};

void TestApiE2e::pausedRunSteeredOverRest()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}, {{"SLEEP", "0.25"}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(int(ExecStatus::PausedBeforeRun)));
    const HttpProbe probe(run.port());
    const auto patch = [&](const QByteArray &attrs) {
        const ProbeResponse r = probe.request("PATCH", "/v1/status", "{\"data\":{\"attributes\":{" + attrs + "}}}");
        return std::make_pair(r.status, QJsonDocument::fromJson(r.body).object().value("data").toObject().value("attributes").toObject());
    };
    const auto vus = [&] { return run.run().status().vus; };

    QCOMPARE(patch("\"paused\":false").first, 200);
    QVERIFY(run.waitUntil([&] { return vus() == 2; }));
    QVERIFY(run.waitUntil([&] { return run.demo().requestCount("/ok") > 4; }));
    auto [code, attrs] = patch("\"vus\":4");
    QCOMPARE(code, 200);
    QCOMPARE(attrs.value("vus").toInt(), 4);
    QVERIFY(run.waitUntil([&] { return vus() == 4; }));
    std::tie(code, attrs) = patch("\"paused\":true");
    QCOMPARE(code, 200);
    QCOMPARE(attrs.value("paused").toBool(), true);
    QCOMPARE(attrs.value("vus").toInt(), 0);
    // scale down while paused: recorded (status keeps vus 0), applied on resume
    std::tie(code, attrs) = patch("\"vus\":1");
    QCOMPARE(code, 200);
    QCOMPARE(attrs.value("vus").toInt(), 0);
    const qint64 atPause = run.demo().requestCount("/ok");
    std::tie(code, attrs) = patch("\"paused\":false");
    QCOMPARE(code, 200);
    QVERIFY(run.waitUntil([&] { return vus() == 1; }));
    QVERIFY(run.waitUntil([&] { return run.demo().requestCount("/ok") > atPause + 2; }));
    std::tie(code, attrs) = patch("\"paused\":true");
    QCOMPARE(code, 200);
    std::tie(code, attrs) = patch("\"stopped\":true");
    QCOMPARE(code, 200);
    QCOMPARE(attrs.value("stopped").toBool(), true);
    QVERIFY(run.waitFinished());
    QCOMPARE(run.run().exitCode(), 103);

    const ProbeResponse m = probe.request("GET", "/v1/metrics/http_reqs");
    QCOMPARE(m.status, 200);
    const double count = QJsonDocument::fromJson(m.body).object().value("data").toObject().value("attributes").toObject()
                             .value("sample").toObject().value("count").toDouble();
    QCOMPARE(qint64(count), run.demo().requestCount("/ok"));
    const ProbeResponse s = probe.request("GET", "/v1/status");
    QVERIFY(s.body.contains("\"status\":10,\"paused\":true,\"vus\":0"));   // stopped while paused
    QVERIFY(s.body.contains("\"stopped\":true,\"running\":false"));
}

QTEST_GUILESS_MAIN(TestApiE2e)
#include "tst_apie2e.moc"
