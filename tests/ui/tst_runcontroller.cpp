// RunController against a real LocalRun and the loopback demo target: steering goes through
// RunControl on the worker thread, errors come back with PATCH /v1/status's titles and details.
#include "core/exec/localrun.h"
#include "core/history/runhistory.h"
#include "demo/demotarget.h"
#include "ui/runcontroller.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace throttle;

namespace {
const QString kData = QStringLiteral(THROTTLE_UI_TEST_DATA);
constexpr int kPrepareMs = 30000;   // liveness bound for a preparation on a loaded machine
}

class TestRunController : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void opensAndShowsOptions();
    void scriptErrorIsShown();
    void initErrorShowsOnlyTheUsersFrames();
    void steersALocalRun();
    void scaleErrorsUseTheRestMessages();
    void recordsTheRunIntoTheHistory();
    void steersScheduledScenarios();
    void describesAnArrivalRateScript();
    void aPendingSliderMoveStaysWithItsScript();
    void requestsAndFailuresOfALocalRun();
    void reloadsAfterAnEditOnDisk();
    void preparesOffTheGuiThread();
    void secondOpenCancelsTheFirst();
    void stopCancelsAPreparation();

private:
    QMap<QString, QString> env() const { return {{QStringLiteral("BASE_URL"), m_target.baseUrl()}}; }
    DemoTarget m_target;
};

void TestRunController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_target.start(QHostAddress::LocalHost, 0), qPrintable(m_target.errorString()));
}

void TestRunController::opensAndShowsOptions()
{
    RunController c;
    QAbstractItemModelTester t1(c.scenarios(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(c.thresholds(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(c.recentFiles(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(c.state(), QStringLiteral("empty"));
    c.setEnvironment(env());
    QVERIFY(c.openScript(QUrl::fromLocalFile(kData + "/steer.js").toString()));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);   // prepared off the GUI thread
    QVERIFY(c.script()->source().contains(QStringLiteral("externally-controlled")));
    QCOMPARE(c.scenarios()->rowCount(), 1);
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::NameRole).toString(), QStringLiteral("steer"));
    QCOMPARE(c.targetVus(), 2);
    QCOMPARE(c.targetVusMax(), 10);
    QCOMPARE(c.configuredMaxVus(), 10);
    QVERIFY(c.scalable());
    QCOMPARE(c.durationText(), QStringLiteral("30s"));
    QCOMPARE(c.thresholds()->rowCount(), 2);
    QCOMPARE(c.recentFiles()->index(0).data(RecentFilesModel::FileNameRole).toString(), QStringLiteral("steer.js"));
    QVERIFY(c.canStart());
    QVERIFY(!c.canPause());
}

void TestRunController::scriptErrorIsShown()
{
    RunController c;
    QSignalSpy errors(&c, &RunController::errorChanged);
    QVERIFY(c.openScript(kData + "/broken.js"));   // the file is read; preparing it fails
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("error"), kPrepareMs);
    QVERIFY(errors.count() >= 1);
    QVERIFY2(c.errorText().contains(QStringLiteral("broken.js")), qPrintable(c.errorText()));
    QVERIFY2(c.errorText().contains(QStringLiteral("(6:11)")), qPrintable(c.errorText()));   // line:column
    QVERIFY(c.console()->errorCount() >= 1);
    QVERIFY(!c.canStart() || c.state() == QStringLiteral("error"));
}

void TestRunController::initErrorShowsOnlyTheUsersFrames()
{
    RunController c;
    QVERIFY(c.openScript(kData + "/initerror.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("error"), kPrepareMs);
    const QString path = QUrl::fromLocalFile(kData + "/initerror.js").toString();
    QCOMPARE(c.errorText(), QStringLiteral("Error: Making http requests in the init context is not supported\n"
                                           "\tat helper (%1:6)\n\tat %1:8").arg(path));
    QCOMPARE(c.exitCode(), 107);
}

void TestRunController::steersALocalRun()
{
    RunController c;
    QAbstractItemModelTester t1(c.metrics(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(c.checks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t3(c.console(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t4(c.series(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/steer.js"));
    c.start();   // queued until the script is prepared
    QTRY_VERIFY_WITH_TIMEOUT(c.localRun(), kPrepareMs);
    LocalRun *run = c.localRun();
    QVERIFY(run);
    QTRY_COMPARE_WITH_TIMEOUT(run->status().vus, 2, 15000);
    QTRY_COMPARE(c.state(), QStringLiteral("running"));

    // Slider: several quick moves coalesce; the run ends at the last value.
    c.requestVus(3);
    c.requestVus(4);
    c.requestVus(6);
    QCOMPARE(c.targetVus(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(run->status().vus, 6, 10000);
    QTRY_COMPARE(c.vus(), 6);

    // Raise max VUs: new VUs are initialised, the slider's bound follows.
    c.requestMaxVus(14);
    QTRY_COMPARE_WITH_TIMEOUT(run->status().vusMax, 14, 15000);
    QTRY_COMPARE(c.sliderMax(), 14);

    // A scale from elsewhere (REST would do the same) is followed by the slider.
    QVERIFY(run->scale(5, std::nullopt).ok());
    QTRY_COMPARE_WITH_TIMEOUT(c.targetVus(), 5, 5000);

    // Watching: charts, metrics table, checks and console fill in.
    QTRY_VERIFY_WITH_TIMEOUT(c.series()->rowCount() >= 2, 10000);
    QTRY_VERIFY(c.totalRequests() > 0);
    QVERIFY(c.metrics()->rowCount() > 5);
    QTRY_VERIFY(c.checks()->totalPasses() > 0);
    // Each threshold's observed value, beside its expression (steer.js: p(95)<5000, rate>0.5).
    QTRY_VERIFY(c.thresholds()->index(0).data(ThresholdsModel::ObservedRole).toString().contains(QLatin1Char('=')));
    QStringList observed;
    for (int i = 0; i < c.thresholds()->rowCount(); ++i)
        observed << c.thresholds()->index(i).data(ThresholdsModel::ObservedRole).toString();
    QVERIFY2(observed.filter(QStringLiteral("p(95)=")).size() == 1, qPrintable(observed.join(", ")));
    QVERIFY2(observed.filter(QStringLiteral("rate=1 (100.00%)")).size() == 1, qPrintable(observed.join(", ")));
    QTRY_VERIFY(c.console()->rowCount() > 0);
    QVERIFY(c.series()->index(c.series()->rowCount() - 1, TimeSeriesModel::RequestsPerSec).data().toDouble() >= 0);

    // Pause and resume.
    QVERIFY(c.canPause());
    c.pause();
    QTRY_VERIFY_WITH_TIMEOUT(run->status().paused, 10000);
    QTRY_COMPARE(c.state(), QStringLiteral("paused"));
    QCOMPARE(run->status().vus, 0);
    c.pause();   // twice: RunControl's own message
    QTRY_COMPARE(c.errorText(), QStringLiteral("test execution was already paused"));
    QCOMPARE(c.errorTitle(), QStringLiteral("Pause error"));
    c.clearError();
    c.resume();
    QTRY_VERIFY(!run->status().paused);
    QTRY_COMPARE_WITH_TIMEOUT(run->status().vus, 5, 10000);

    // Stop (issue 16, defect 2): a deliberate stop is an info line, not an error; the slider keeps
    // its setting while the VUs wind down; no last-second rate stays in the header; the progress
    // bar keeps the share of the 30 s the run reached instead of jumping to 100 %.
    QSignalSpy finished(&c, &RunController::runFinished);
    double rpsSeen = -1;   // what a QML binding on requestsPerSec last read
    connect(&c, &RunController::progressChanged, &c, [&] { rpsSeen = c.requestsPerSec(); });
    QTRY_VERIFY_WITH_TIMEOUT(rpsSeen > 0, 10000);
    c.stop();
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.at(0).at(0).toInt(), 103);
    QCOMPARE(c.state(), QStringLiteral("finished"));
    QVERIFY(c.canStart());
    QCOMPARE(c.targetVus(), 5);
    QCOMPARE(c.requestsPerSec(), 0.0);
    QCOMPARE(rpsSeen, 0.0);   // notified: the window's header dropped its last-second rate too
    QVERIFY2(c.progress() > 0 && c.progress() < 1.0, qPrintable(QString::number(c.progress())));
    QCOMPARE(c.console()->errorCount(), 0);
    bool noted = false;
    for (int i = 0; i < c.console()->rowCount(); ++i) {
        const QModelIndex row = c.console()->index(i);
        noted = noted || (row.data(ConsoleModel::MessageRole).toString() == QLatin1String("test run stopped from the desktop app")
                          && row.data(ConsoleModel::LevelNameRole).toString() == QLatin1String("info"));
    }
    QVERIFY(noted);
}

void TestRunController::scaleErrorsUseTheRestMessages()
{
    RunController c;
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/steer.js"));
    c.start();
    QTRY_VERIFY_WITH_TIMEOUT(c.localRun(), kPrepareMs);
    QTRY_COMPARE_WITH_TIMEOUT(c.localRun()->status().vus, 2, 15000);
    c.requestMaxVus(5);
    QTRY_COMPARE_WITH_TIMEOUT(c.errorText(),
        QStringLiteral("the new number of max VUs cannot be lower than the starting number of max VUs (10)"), 5000);
    QCOMPARE(c.errorTitle(), QStringLiteral("Config update error"));
    QTRY_COMPARE(c.targetVusMax(), 10);   // back to the run's value
    c.requestVus(11);
    QTRY_COMPARE_WITH_TIMEOUT(c.errorText(),
        QStringLiteral("invalid configuration supplied: the number of active VUs (11) must be less than or equal to the number of maxVUs (10)"), 5000);
    QTRY_COMPARE(c.targetVus(), 2);
    QCOMPARE(c.localRun()->status().vus, 2);
    // The condition is gone once a scale succeeds: the banner goes with it (issue 16, defect 5).
    c.requestVus(3);
    QTRY_COMPARE_WITH_TIMEOUT(c.localRun()->status().vus, 3, 10000);
    QTRY_VERIFY(c.errorText().isEmpty());
    QVERIFY(c.errorTitle().isEmpty());
    c.stop();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), 15000);
}

// The desktop run is recorded as the CLI's is (issue 20 item 1): its seconds, its end and its
// steering log with the desktop as the source.
void TestRunController::recordsTheRunIntoTheHistory()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("history.sqlite"));
    RunController c;
    QVERIFY(c.historyPath().isEmpty());   // ctest: THROTTLE_NO_HISTORY=1
    c.setHistoryPath(db);
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/steer.js"));
    c.start();
    QTRY_VERIFY_WITH_TIMEOUT(c.localRun(), kPrepareMs);
    QTRY_COMPARE_WITH_TIMEOUT(c.localRun()->status().vus, 2, 15000);
    c.requestVus(4);
    QTRY_COMPARE_WITH_TIMEOUT(c.localRun()->status().vus, 4, 10000);
    c.pause();
    QTRY_VERIFY_WITH_TIMEOUT(c.localRun()->status().paused, 10000);
    c.resume();
    QTRY_VERIFY_WITH_TIMEOUT(!c.localRun()->status().paused, 10000);
    c.stop();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), 15000);

    RunHistory h;
    QVERIFY(h.open(db, nullptr));
    const QList<HistoryRun> runs = h.runs();
    QCOMPARE(runs.size(), 1);
    const HistoryRun &r = runs.first();
    QCOMPARE(r.origin, QStringLiteral("desktop"));
    QCOMPARE(r.script, QFileInfo(kData + "/steer.js").absoluteFilePath());
    QCOMPARE(r.exitCode, std::optional<int>(103));
    QVERIFY(r.summaryJson.contains("\"http_reqs\""));
    QVERIFY(!h.seconds(r.id).isEmpty());
    QStringList log;
    for (const SteeringAction &a : h.steering(r.id))
        log << QStringLiteral("%1 %2->%3 %4").arg(a.action, a.oldValue, a.newValue, SteeringSource::name(a.source));
    QCOMPARE(log, (QStringList{"vus 2->4 desktop", "paused false->true desktop", "paused true->false desktop",
                               "stopped false->true desktop"}));
}

// Beyond k6: the slider moves a ramping-vus scenario to manual, the rate field sets a live
// arrival rate, and "Back to schedule" returns both.
void TestRunController::steersScheduledScenarios()
{
    RunController c;
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/schedules.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    QVERIFY(!c.scalable());   // no externally-controlled scenario: no vus-max field
    QCOMPARE(c.targetVus(), 2 + 4);   // ramp's startVUs + rate's preAllocatedVUs (issue 16, defect 8)
    QVERIFY(!c.manual());
    QCOMPARE(c.durationText(), QStringLiteral("1m0s"));   // gracefulStop excluded
    c.start();
    LocalRun *run = c.localRun();
    QVERIFY(run);
    QTRY_VERIFY_WITH_TIMEOUT(c.hasSchedule(), 15000);
    QVERIFY(c.rateSteerable());
    QVERIFY(!c.manual());
    QTRY_COMPARE_WITH_TIMEOUT(c.rate(), 20.0, 5000);
    const auto ramp = [run] { return run->status().scenarios.value(0); };

    c.requestVus(5);   // the first scenario that takes a VU change: ramp
    QTRY_COMPARE_WITH_TIMEOUT(ramp().vus, 5, 10000);
    QCOMPARE(ramp().mode, QStringLiteral("manual"));
    QTRY_VERIFY(c.manual());

    c.requestRate(50);
    QTRY_COMPARE_WITH_TIMEOUT(c.rate(), 50.0, 10000);
    QCOMPARE(run->status().scenarios.value(1).mode, QStringLiteral("manual"));

    c.returnToSchedule();
    QTRY_VERIFY_WITH_TIMEOUT(!c.manual(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ramp().vus, 2, 10000);
    QTRY_COMPARE(c.rate(), 20.0);
    QVERIFY(c.errorText().isEmpty());
    c.stop();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), 15000);
}

// Issue 16, defects 6 and 8 on a script whose only scenario is constant-arrival-rate (8 s, 30 s
// graceful stop, 2 pre-allocated VUs): the slider starts at 2, not 1; the duration reads 8s, not
// 38s; no VU change and no max VUs, a rate.
void TestRunController::describesAnArrivalRateScript()
{
    RunController c;
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/arrival.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    QCOMPARE(c.targetVus(), 2);
    QCOMPARE(c.durationText(), QStringLiteral("8s"));
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::SummaryRole).toString(),
             QStringLiteral("10 iterations/s · 2–4 VUs · 8s"));
    QCOMPARE(c.scenarios()->index(0).data(ScenariosModel::GracefulRole).toString(), QStringLiteral("+30s graceful stop"));
    QVERIFY(!c.vusSteerable());
    QVERIFY(!c.maxVusSteerable());
    QVERIFY(c.rateSteerable());
}

// A slider move still in its debounce when another script is opened was applied to the new one
// (found by the QML tests: schedules.js came up in manual mode).
void TestRunController::aPendingSliderMoveStaysWithItsScript()
{
    RunController c;
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/steer.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    c.requestVus(4);
    QVERIFY(c.openScript(kData + "/schedules.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    QSignalSpy done(&c, &RunController::busyChanged);
    QVERIFY(!done.wait(500));   // longer than the debounce: nothing is sent
    QVERIFY(!c.manual());
    QCOMPARE(c.localRun()->status().scenarios.value(0).mode, QStringLiteral("schedule"));
}

// Issue 16, Requests and Failures views: a local run fills both from its RequestStats.
void TestRunController::requestsAndFailuresOfALocalRun()
{
    RunController c;
    QAbstractItemModelTester t1(c.requests(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(c.failures(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    c.setEnvironment(env());
    QVERIFY(c.openScript(kData + "/requests.js"));
    c.start();
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("finished"), kPrepareMs);
    QCOMPARE(c.requests()->rowCount(), 3);
    QStringList rows;
    for (int i = 0; i < 3; ++i)
        rows << c.requests()->index(i).data(RequestsModel::NameRole).toString() + QLatin1Char(' ')
                    + c.requests()->index(i).data(RequestsModel::MethodRole).toString() + QLatin1Char(' ')
                    + c.requests()->index(i).data(RequestsModel::CountRole).toString();
    QCOMPARE(rows, (QStringList{m_target.baseUrl() + "/status/404 GET 10", "ok GET 10", "ok POST 10"}));
    QVERIFY(c.requests()->index(1).data(RequestsModel::RpsRole).toDouble() > 0);
    QCOMPARE(c.failures()->rowCount(), 2);
    QCOMPARE(c.failures()->index(0).data(FailuresModel::TitleRole).toString(), QStringLiteral("1404 · HTTP 404 Not Found"));
    QCOMPARE(c.failures()->index(0).data(FailuresModel::CountRole).toInt(), 10);
    QCOMPARE(c.failures()->index(1).data(FailuresModel::KindRole).toString(), QStringLiteral("iteration"));
    QCOMPARE(c.failures()->total(), 12);
    QVERIFY(c.requests()->note().isEmpty());
}

void TestRunController::reloadsAfterAnEditOnDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("edit.js"));
    QFile::copy(kData + "/steer.js", path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    RunController c;
    c.setEnvironment(env());
    QVERIFY(c.openScript(path));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    QVERIFY(!c.script()->changedOnDisk());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite | QIODevice::Text));
        QString text = QString::fromUtf8(f.readAll());
        text.replace(QStringLiteral("maxVUs: 10"), QStringLiteral("maxVUs: 12"));
        f.resize(0);
        f.write(text.toUtf8());
    }
    QTRY_VERIFY_WITH_TIMEOUT(c.script()->changedOnDisk(), 5000);
    QVERIFY(c.reload());
    QVERIFY(!c.script()->changedOnDisk());
    QTRY_COMPARE_WITH_TIMEOUT(c.configuredMaxVus(), 12, kPrepareMs);
    QVERIFY(c.script()->source().contains(QStringLiteral("maxVUs: 12")));
}

// The options pass of slowinit.js busy-loops for 1.5 s on the preparing thread; a 10 ms timer on
// the GUI thread keeps ticking meanwhile (with the old synchronous preparation it could not tick
// at all until the script was ready). The longest gap between ticks is printed, not asserted.
void TestRunController::preparesOffTheGuiThread()
{
    RunController c;
    int ticksWhilePreparing = 0;
    qint64 longestGapMs = 0;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, &c, [&] {
        longestGapMs = std::max(longestGapMs, sinceTick.restart());
        if (c.preparing())
            ++ticksWhilePreparing;
    });
    QSignalSpy preparing(&c, &RunController::preparingChanged);
    sinceTick.start();
    ticker.start();
    QVERIFY(c.openScript(kData + "/slowinit.js"));
    QCOMPARE(c.state(), QStringLiteral("preparing"));
    QVERIFY(c.preparing());
    QVERIFY(c.canStart());   // Start queues until it is ready
    QTRY_VERIFY_WITH_TIMEOUT(c.preparingText().startsWith(QStringLiteral("Preparing script… ")), 5000);
    QVERIFY(c.preparingText().endsWith(QStringLiteral(" s")));
    QTRY_COMPARE_WITH_TIMEOUT(c.state(), QStringLiteral("ready"), kPrepareMs);
    ticker.stop();
    QVERIFY(!c.preparing());
    QVERIFY(c.preparingText().isEmpty());
    QVERIFY2(ticksWhilePreparing >= 20, qPrintable(QString::number(ticksWhilePreparing)));   // liveness
    QVERIFY(preparing.count() >= 3);   // started, ticked, finished
    QCOMPARE(c.scenarios()->rowCount(), 1);
    qInfo("GUI thread while a 1.5 s options pass ran: %d ticks of 10 ms, longest gap %lld ms",
          ticksWhilePreparing, longestGapMs);
}

// loopinit.js never finishes its init context; opening steer.js instead cancels it (the options
// pass engine is interrupted) and steer.js becomes the session. Destroying the controller then
// returns: no preparation is left running.
void TestRunController::secondOpenCancelsTheFirst()
{
    auto c = std::make_unique<RunController>();
    c->setEnvironment(env());
    QVERIFY(c->openScript(kData + "/loopinit.js"));
    QVERIFY(c->preparing());
    c->start();   // queued for loopinit.js: must not start anything once steer.js is opened
    QVERIFY(c->openScript(kData + "/steer.js"));
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), QStringLiteral("ready"), kPrepareMs);
    QCOMPARE(c->script()->fileName(), QStringLiteral("steer.js"));
    QCOMPARE(c->scenarios()->index(0).data(ScenariosModel::NameRole).toString(), QStringLiteral("steer"));
    QVERIFY(c->errorText().isEmpty());
    c.reset();
}

void TestRunController::stopCancelsAPreparation()
{
    auto c = std::make_unique<RunController>();
    QVERIFY(c->openScript(kData + "/loopinit.js"));
    QVERIFY(c->canStop());
    c->stop();
    QVERIFY(!c->preparing());
    QCOMPARE(c->state(), QStringLiteral("ready"));   // Start prepares it again
    QVERIFY(!c->localRun());
    c.reset();   // returns: the cancelled options pass was interrupted
}

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
