// GET /v1/metrics before the test starts (--paused, status 4), as k6 v1.3 answers it: the vus
// (0) and vus_max gauges are listed, and what a POST /v1/setup records (its HTTP request, its
// data, but no iteration_duration) shows up at once, before the run is resumed.
#include "apitestrun.h"
#include "httpprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace throttle;

class TestApiPaused : public QObject {
    Q_OBJECT

    static QJsonObject metricsById(quint16 port)
    {
        const ProbeResponse r = HttpProbe(port).request("GET", "/v1/metrics");
        QJsonObject out;
        for (const QJsonValue &m : QJsonDocument::fromJson(r.body).object().value("data").toArray())
            out.insert(m["id"].toString(), m["attributes"].toObject());
        return out;
    }

private slots:
    void vusListedWhilePaused()
    {
        ApiTestRun run;
        QVERIFY2(run.prepare("pausedsetup.js", QJsonObject{{"paused", true}}), qPrintable(run.error()));
        run.start();
        QVERIFY(run.waitStatus(4));
        const QJsonObject metrics = metricsById(run.port());
        QVERIFY2(metrics.contains("vus") && metrics.contains("vus_max"), qPrintable(QStringList(metrics.keys()).join(',')));
        QCOMPARE(metrics["vus"].toObject()["sample"].toObject()["value"].toDouble(), 0.0);
        QCOMPARE(metrics["vus_max"].toObject()["sample"].toObject()["value"].toDouble(), 2.0);
        QVERIFY(!metrics.contains("http_reqs"));
    }

    void setupSamplesBeforeTheStart()
    {
        ApiTestRun run;
        QVERIFY2(run.prepare("pausedsetup.js", QJsonObject{{"paused", true}}), qPrintable(run.error()));
        run.start();
        QVERIFY(run.waitStatus(4));
        const ProbeResponse setup = HttpProbe(run.port()).request("POST", "/v1/setup");
        QCOMPARE(setup.status, 200);
        const QJsonObject metrics = metricsById(run.port());
        QCOMPARE(run.run().status().status, 4);   // still waiting for the start
        QCOMPARE(metrics["http_reqs"].toObject()["sample"].toObject()["count"].toDouble(), 1.0);
        QVERIFY(metrics["data_received"].toObject()["sample"].toObject()["count"].toDouble() > 0);
        QVERIFY(metrics.contains("http_req_duration"));
        QVERIFY(!metrics.contains("iteration_duration"));   // k6 v1.3 records none for setup()
        QCOMPARE(run.demo().requestCount("/ok"), qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestApiPaused)
#include "tst_apipaused.moc"
