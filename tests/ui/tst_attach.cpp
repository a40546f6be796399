// RunController in attached mode: a real LocalRun behind an in-process ApiServer on 127.0.0.1:0,
// attached through the app's RemoteRun factory. The slider, pause/resume and stop move the remote
// run; the table, charts and totals fill from the polled /v1/metrics, the checks from /v1/groups; a refused address shows as an
// error state.
#include "apitestrun.h"
#include "app/remoteattach.h"
#include "ui/runcontroller.h"

#include <QTcpServer>
#include <QTest>

using namespace throttle;

class TestAttach : public QObject {
    Q_OBJECT
private slots:
    void attachedControllerSteersRemoteRun();
    void refusedAddressIsAnError();
    void anApiThatStopsAnsweringMeansTheRunEnded();
    void capabilitiesComeFromTheRemoteStatus_data();
    void capabilitiesComeFromTheRemoteStatus();
    void requestsAndFailuresOfAnAttachedRun();
    void aK6ApiHasNoRequestsView();
    void thresholdsOfAnAttachedRun_data();
    void thresholdsOfAnAttachedRun();
};

void TestAttach::attachedControllerSteersRemoteRun()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 2; }));

    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attachAvailable());
    QVERIFY(c.attach(run.address()));
    QVERIFY(c.attached());
    QVERIFY(!c.canStart());
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("running"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(c.vus(), 2, 10000);
    QCOMPARE(c.vusMax(), 4);
    QTRY_COMPARE(c.attachStatus(), QStringLiteral("Attached to %1").arg(run.address()));
    QVERIFY(c.canPause());

    c.requestVus(3);   // the slider
    QTRY_COMPARE_WITH_TIMEOUT(run.run().status().vus, 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(c.vus(), 3, 10000);
    QVERIFY(c.errorTitle().isEmpty());

    c.requestVus(9);   // above vus-max: the remote run's exact error, nothing changes
    QTRY_COMPARE_WITH_TIMEOUT(c.errorTitle(), QStringLiteral("Config update error"), 10000);
    QCOMPARE(c.errorText(), QStringLiteral("invalid configuration supplied: the number of active VUs (9) must be less "
                                           "than or equal to the number of maxVUs (4)"));
    QCOMPARE(run.run().status().vus, 3);
    c.clearError();

    c.pause();
    QTRY_VERIFY_WITH_TIMEOUT(run.run().status().paused, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("paused"), 10000);
    QVERIFY(c.canResume());
    c.resume();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("running"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(run.run().status().vus, 3, 10000);

    // The views fill from /v1/metrics.
    QTRY_VERIFY_WITH_TIMEOUT(c.totalRequests() > 0, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(c.series()->count() >= 2, 15000);
    QVERIFY(c.metrics()->count() > 0);
    bool sawReqs = false;
    for (const MetricsTableModel::Row &r : c.metrics()->rows())
        sawReqs = sawReqs || (r.name == QLatin1String("http_reqs") && r.type == QLatin1String("counter"));
    QVERIFY(sawReqs);
    QVERIFY(c.elapsedSec() > 0);
    // The checks tab fills from /v1/groups: group g1, its check, its sub-group.
    QTRY_VERIFY_WITH_TIMEOUT(c.checks()->totalPasses() > 0, 15000);
    QCOMPARE(c.checks()->totalFails(), 0);
    QStringList paths;   // the summary's order: setup's group, then g1, its check, its sub-group
    for (int i = 0; i < c.checks()->count(); ++i)
        paths << c.checks()->data(c.checks()->index(i), ChecksModel::PathRole).toString();
    QCOMPARE(paths, (QStringList{"::setup", "::g1", "::g1::status is 200", "::g1::inner"}));

    // Issue 16, defect 10: the script pane lists the remote scenarios; no progress is invented (the
    // k6 API has no run length); the thresholds tab counts what the table marks ✗ (ext.js:
    // checks rate>2 fails, http_req_duration passes).
    QTRY_COMPARE_WITH_TIMEOUT(c.scenarios()->rowCount(), 1, 10000);
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::NameRole).toString(), QStringLiteral("ext"));
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::ExecutorRole).toString(), QStringLiteral("externally-controlled"));
    QVERIFY(!c.progressKnown());
    QCOMPARE(c.progress(), 0.0);
    QTRY_COMPARE_WITH_TIMEOUT(c.thresholds()->count(), 2, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(c.thresholds()->failing(), 1, 15000);
    QCOMPARE(c.attachStatusKind(), QStringLiteral("attached"));

    c.stop();
    QVERIFY(run.waitFinished());
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), 10000);
    QVERIFY(!c.canStop());
    // `throttle run` closes its REST API at the end: "connection refused" then means the run is
    // over, not an error.
    run.closeServer();
    QTRY_COMPARE_WITH_TIMEOUT(c.attachStatusKind(), QStringLiteral("ended"), 10000);
    QVERIFY2(c.attachStatus().startsWith(QStringLiteral("The run has ended; its REST API closed (")), qPrintable(c.attachStatus()));
    QCOMPARE(c.state(), QStringLiteral("finished"));

    c.detach();
    QVERIFY(!c.attached());
    QCOMPARE(c.state(), QStringLiteral("empty"));
}

// A finite `throttle run` closes its API a few ms after status 9: the window may never see the
// end, only the refusal. Having answered before, the run has ended; it is not an error.
void TestAttach::anApiThatStopsAnsweringMeansTheRunEnded()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(run.address()));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("running"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(c.requestsPerSec() > 0, 15000);
    run.closeServer();
    QTRY_COMPARE_WITH_TIMEOUT(c.attachStatusKind(), QStringLiteral("ended"), 10000);
    QCOMPARE(c.state(), QStringLiteral("finished"));
    QVERIFY(c.errorTitle().isEmpty());
    QVERIFY(!c.canStop());
    // Issue 16, defect 2, attached: no last-second rate stands in the header after the end.
    QTRY_COMPARE_WITH_TIMEOUT(c.requestsPerSec(), 0.0, 5000);
}

void TestAttach::refusedAddressIsAnError()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(address));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("error"), 10000);
    QVERIFY(c.attachStatus().contains(QStringLiteral("refused"), Qt::CaseInsensitive));
    QCOMPARE(c.attachStatusKind(), QStringLiteral("error"));   // never answered: an error, in red
    QVERIFY(!c.canPause());
    QVERIFY(!c.canStop());
}

// Issue 16, defect 6: max VUs was enabled on an attached ramping/constant-vus run and errored. The
// slider, max VUs and rate follow the capabilities the remote scenarios declare in /v1/status.
void TestAttach::capabilitiesComeFromTheRemoteStatus_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<bool>("vus");
    QTest::addColumn<bool>("vusMax");
    QTest::addColumn<bool>("rate");
    QTest::newRow("externally-controlled") << "ext.js" << true << true << false;
    QTest::newRow("constant-vus") << "constant.js" << true << false << false;
    QTest::newRow("constant-arrival-rate") << "rate.js" << false << false << true;
}

void TestAttach::capabilitiesComeFromTheRemoteStatus()
{
    QFETCH(QString, script);
    QFETCH(bool, vus);
    QFETCH(bool, vusMax);
    QFETCH(bool, rate);
    ApiTestRun run;
    QVERIFY2(run.prepare(script), qPrintable(run.error()));
    run.start();
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(run.address()));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("running"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(c.rateSteerable(), rate, 10000);
    QCOMPARE(c.vusSteerable(), vus);
    QCOMPARE(c.maxVusSteerable(), vusMax);
    QCOMPARE(c.vusSteerNote().isEmpty(), vus);
    QCOMPARE(c.maxVusSteerNote().isEmpty(), vusMax);
    c.stop();
    QVERIFY(run.waitFinished());
}

// The Requests and Failures views work attached, through Throttle's /v1/throttle/* resources.
void TestAttach::requestsAndFailuresOfAnAttachedRun()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(run.address()));
    QTRY_COMPARE_WITH_TIMEOUT(c.requests()->count(), 3, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(c.failures()->count(), 2, 10000);
    QCOMPARE(c.failures()->total(), 12);
    QCOMPARE(c.requests()->index(1).data(RequestsModel::NameRole).toString(), QStringLiteral("ok"));
    QVERIFY(c.requests()->index(1).data(RequestsModel::RpsRole).toDouble() > 0);
    QVERIFY(c.requests()->note().isEmpty());
}

// k6's REST API (here: a strict-k6 run, which answers as k6) has no per-request data: the views
// stay empty and say so instead of inventing rows.
void TestAttach::aK6ApiHasNoRequestsView()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("requests.js", {}, {}, true), qPrintable(run.error()));
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(run.address()));
    QTRY_COMPARE_WITH_TIMEOUT(c.requests()->note(), RequestsFeed::kNotExposed, 10000);
    QCOMPARE(c.failures()->note(), RequestsFeed::kNotExposed);
    QCOMPARE(c.requests()->count(), 0);
}

// Issue 16: the thresholds tab shows each expression with the value it compares, attached as
// locally — from Throttle's /v1/throttle/thresholds. A k6 API (strict-k6 here) has no expressions:
// one row per thresholded metric with its tainted flag and table text, and a note saying so.
void TestAttach::thresholdsOfAnAttachedRun_data()
{
    QTest::addColumn<bool>("strictK6");
    QTest::newRow("throttle run") << false;
    QTest::newRow("k6 API (strict-k6)") << true;
}

void TestAttach::thresholdsOfAnAttachedRun()
{
    QFETCH(bool, strictK6);
    ApiTestRun run;
    QVERIFY2(run.prepare("thresholds.js", {}, {}, strictK6), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitFinished());
    RunController c;
    c.setAttachFactory(remoteAttachFactory());
    QVERIFY(c.attach(run.address()));
    ThresholdsModel *t = c.thresholds();
    const auto row = [t](int i, int role) { return t->data(t->index(i), role).toString(); };
    if (strictK6) {
        QTRY_VERIFY_WITH_TIMEOUT(t->count() >= 3, 10000);
        QVERIFY(t->attachedRows());
        for (int i = 0; i < t->count(); ++i)
            QVERIFY(row(i, ThresholdsModel::ExpressionRole).isEmpty());
        QCOMPARE(t->failing(), 1);   // http_req_failed
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(t->count(), 5, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(row(3, ThresholdsModel::StateRole), QStringLiteral("fail"), 10000);
    QVERIFY(!t->attachedRows());
    QCOMPARE(t->failing(), 1);
    QCOMPARE(row(3, ThresholdsModel::MetricRole), QStringLiteral("http_req_failed"));
    QCOMPARE(row(3, ThresholdsModel::ExpressionRole), QStringLiteral("rate<0.01"));
    QCOMPARE(row(3, ThresholdsModel::ObservedRole), QStringLiteral("rate=0.5 (50.00%)"));
    QCOMPARE(row(1, ThresholdsModel::ExpressionRole), QStringLiteral("p(95)<60000"));
    QVERIFY2(row(1, ThresholdsModel::ObservedRole).startsWith(QStringLiteral("p(95)=")), qPrintable(row(1, ThresholdsModel::ObservedRole)));
    QVERIFY(t->data(t->index(2), ThresholdsModel::AbortOnFailRole).toBool());
    QCOMPARE(row(4, ThresholdsModel::ObservedRole), QStringLiteral("count: no samples yet"));
}

QTEST_MAIN(TestAttach)
#include "tst_attach.moc"
