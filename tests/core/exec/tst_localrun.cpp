// LocalRun and the externally-controlled executor: every row of the state tables in
// localrun.h / externallycontrolledexecutor.h, with the exact messages of control-api.md §2.4/§3.4,
// on real VUs running fixture scripts against a loopback DemoTarget.
#include "core/exec/preparedrun.h"
#include "demo/demotarget.h"
#include "support/testlog.h"

#include <QtTest>

using namespace throttle;

class TstLocalRun : public QObject {
    Q_OBJECT

    DemoTarget m_target;
    TestLog m_log;

    std::unique_ptr<PreparedRun> prepare(const QString &script, QJsonObject cli = {},
                                         QMap<QString, QString> env = {}, bool strictK6 = false)
    {
        RunRequest req;
        req.strictK6 = strictK6;
        req.scriptPath = fixture(script);
        req.cliOverrides = cli;
        env.insert(QStringLiteral("BASE_URL"), m_target.baseUrl());
        req.env = env;
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p)
            qWarning() << "prepare failed" << code << error;
        return p;
    }
    static bool waitStatus(LocalRun &run, ExecStatus s, int timeoutMs = 15000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (run.status().status == int(s))
                return true;
            QTest::qWait(10);
        }
        return false;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void pausedStartStoresScaleUntilResume()
    {
        auto p = prepare(QStringLiteral("ext.js"), {{"paused", true}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::PausedBeforeRun));
        RunStatus s = run.status();
        QVERIFY(s.paused);
        QVERIFY(!s.running);
        QCOMPARE(s.vusMax, 4);
        // pausing again is refused; scaling is stored, not shown yet
        ControlError e = run.pause();
        QCOMPARE(e.kind, ControlError::Kind::WrongState);
        QCOMPARE(e.title, QStringLiteral("Pause error"));
        QCOMPARE(e.detail, QStringLiteral("execution is already paused"));
        QVERIFY(run.scale(3, 6).ok());
        QCOMPARE(run.status().vus, 0);
        QCOMPARE(run.status().vusMax, 4);
        QVERIFY(run.resume().ok());
        QVERIFY(waitStatus(run, ExecStatus::Running));
        QTRY_COMPARE(run.status().vus, 3);
        QTRY_COMPARE(run.status().vusMax, 6);
        QVERIFY(m_log.contains(QStringLiteral("setup ran")));
        QVERIFY(run.stop().ok());
        run.waitFinished();
        QCOMPARE(run.exitCode(), 103);
        QCOMPARE(run.status().status, int(ExecStatus::Interrupted));
        QVERIFY(run.status().stopped);
        QVERIFY(!run.status().running);
    }

    void stopBeforeStartSkipsSetupAndTeardown()
    {
        auto p = prepare(QStringLiteral("ext.js"), {{"paused", true}});
        QVERIFY(p);
        const int setupsBefore = m_log.lines().filter(QStringLiteral("setup ran")).size();
        const int teardownsBefore = m_log.lines().filter(QStringLiteral("teardown ran")).size();
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::PausedBeforeRun));
        QVERIFY(run.stop().ok());
        run.waitFinished();
        QCOMPARE(run.exitCode(), 103);
        QCOMPARE(m_log.lines().filter(QStringLiteral("setup ran")).size(), setupsBefore);
        QCOMPARE(m_log.lines().filter(QStringLiteral("teardown ran")).size(), teardownsBefore);
    }

    void pauseResumeWhileRunning()
    {
        auto p = prepare(QStringLiteral("ext.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::Running));
        QTRY_COMPARE(run.status().vus, 2);
        ControlError e = run.resume();
        QCOMPARE(e.detail, QStringLiteral("test execution wasn't paused"));
        QVERIFY(run.pause().ok());
        QVERIFY(run.status().paused);
        QCOMPARE(run.status().vus, 0);
        QCOMPARE(run.status().status, int(ExecStatus::Running));
        e = run.pause();
        QCOMPARE(e.kind, ControlError::Kind::WrongState);
        QCOMPARE(e.detail, QStringLiteral("test execution was already paused"));
        // While paused: no iteration completes and the clock stands still.
        const qint64 done = run.iterationsCompleted();
        const qint64 clock = run.clock().elapsedMs();
        QTest::qWait(300);
        QCOMPARE(run.iterationsCompleted(), done);
        QCOMPARE(run.clock().elapsedMs(), clock);
        // vus set while paused is recorded and applied on resume
        QVERIFY(run.scale(3, std::nullopt).ok());
        QCOMPARE(run.status().vus, 0);
        QVERIFY(run.resume().ok());
        QTRY_COMPARE(run.status().vus, 3);
        QTRY_VERIFY(run.iterationsCompleted() > done);
        run.stop();
        run.waitFinished();
    }

    void scaleBounds_data()
    {
        QTest::addColumn<qint64>("vus");
        QTest::addColumn<qint64>("vusMax");
        QTest::addColumn<QString>("detail");
        QTest::newRow("both negative") << qint64(-1) << qint64(-5)
            << "invalid configuration supplied: the number of VUs can't be negative, the number of active VUs (-1) "
               "must be less than or equal to the number of maxVUs (-5)";
        QTest::newRow("vus above max") << qint64(5) << qint64(4)
            << "invalid configuration supplied: the number of active VUs (5) must be less than or equal to the number of maxVUs (4)";
        QTest::newRow("max below configured") << qint64(1) << qint64(3)
            << "the new number of max VUs cannot be lower than the starting number of max VUs (4)";
        QTest::newRow("check 1 wins") << qint64(2) << qint64(1)
            << "invalid configuration supplied: the number of active VUs (2) must be less than or equal to the number of maxVUs (1)";
    }
    void scaleBounds()
    {
        QFETCH(qint64, vus);
        QFETCH(qint64, vusMax);
        QFETCH(QString, detail);
        auto p = prepare(QStringLiteral("ext.js"), {{"paused", true}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::PausedBeforeRun));
        const ControlError e = run.scale(vus, vusMax);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QCOMPARE(e.title, QStringLiteral("Config update error"));
        QCOMPARE(e.detail, detail);
        run.stop();
        run.waitFinished();
    }

    void scaleUpAndHardScaleDown()
    {
        // Iterations take 3 s: a scale-down must cut them, not wait.
        auto p = prepare(QStringLiteral("ext.js"), {}, {{"DELAY_MS", "3000"}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::Running));
        QVERIFY(run.scale(4, 8).ok());
        QTRY_COMPARE(run.status().vus, 4);
        QCOMPARE(run.status().vusMax, 8);
        QTest::qWait(200);   // let the new VUs get a request in flight
        QElapsedTimer t;
        t.start();
        QVERIFY(run.scale(1, std::nullopt).ok());
        QVERIFY2(t.elapsed() < 2500, "scale-down waited for the 3 s iterations instead of cutting them");
        QCOMPARE(run.status().vus, 1);
        QTRY_VERIFY(run.iterationsInterrupted() >= 3);
        // vus-max back down to the configured value
        QVERIFY(run.scale(std::nullopt, 4).ok());
        QCOMPARE(run.status().vusMax, 4);
        run.stop();
        run.waitFinished();
        QCOMPARE(run.exitCode(), 103);
    }

    void durationEndsRunAndLaterControlIsRefused()
    {
        auto p = prepare(QStringLiteral("ext.js"), {}, {{"DURATION", "1s"}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        QCOMPARE(run.status().status, int(ExecStatus::Ended));
        QVERIFY(!run.status().stopped);
        QVERIFY(run.iterationsCompleted() > 0);
        QVERIFY(m_log.contains(QStringLiteral("teardown ran")));
        QCOMPARE(run.pause().detail, QStringLiteral("the test run has already finished"));
        QCOMPARE(run.resume().detail, QStringLiteral("the test run has already finished"));
        const ControlError e = run.scale(1, std::nullopt);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QCOMPARE(e.detail, QStringLiteral("the test run has already finished"));
        // clock stays within the duration (paused time excluded, no graceful stop)
        QVERIFY(run.clock().elapsedMs() >= 1000);
    }

    void constantVusCannotBeSteeredInStrictMode()
    {
        // --strict-k6 keeps k6's answers (tst_steering covers the default Throttle mode).
        auto p = prepare(QStringLiteral("constant.js"), {}, {}, true);
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::Running));
        ControlError e = run.pause();
        QCOMPARE(e.kind, ControlError::Kind::WrongState);
        QCOMPARE(e.detail, QStringLiteral("constant-vus executor 'default' doesn't support pause and resume operations after its start"));
        e = run.scale(5, std::nullopt);
        QCOMPARE(e.kind, ControlError::Kind::NotConfigured);
        QCOMPARE(e.title, QStringLiteral("Execution config error"));
        QCOMPARE(e.detail, QStringLiteral("an externally-controlled executor needs to be configured for live configuration updates"));
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        QTRY_COMPARE(run.status().status, int(ExecStatus::Ended));
    }

    void signalAbortExits105()
    {
        auto p = prepare(QStringLiteral("ext.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitStatus(run, ExecStatus::Running));
        run.abortBySignal();
        run.waitFinished();
        QCOMPARE(run.exitCode(), 105);
        QCOMPARE(run.status().status, int(ExecStatus::Interrupted));
    }
};

QTEST_MAIN(TstLocalRun)
#include "tst_localrun.moc"
