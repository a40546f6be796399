// A pause that waits for a busy iteration must never block the rest of the run (issue 15, item 3):
// a stop, a signal and the end of the duration all win at once, the run clock keeps running until
// the pause has taken effect (control-api.md §2.4) and stands still after. Also: a stop after a
// normal end (--linger) changes nothing (item 9), and vus-max returns to the configured maxVUs
// when the scenario ends (§2.2, item 12).
#include "core/exec/preparedrun.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QtTest>
#include <future>

using namespace throttle;

class TstPauseStop : public QObject {
    Q_OBJECT

    TestLog m_log;

    std::unique_ptr<PreparedRun> prepare(const QString &script, QMap<QString, QString> env = {})
    {
        m_log.clear();
        RunRequest req;
        req.scriptPath = fixture(script);
        req.env = env;
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p)
            qWarning() << "prepare failed" << code << error;
        return p;
    }
    // A pause on another thread (it blocks until the busy iteration ends); returns once the run
    // reports it paused.
    static std::future<ControlError> pauseInBackground(LocalRun &run)
    {
        auto f = std::async(std::launch::async, [&run] { return run.pause(); });
        QDeadlineTimer deadline(10000);
        while (!run.status().paused && !deadline.hasExpired())
            QThread::msleep(2);
        return f;
    }
    static bool ready(std::future<ControlError> &f, int ms)
    {
        return f.wait_for(std::chrono::milliseconds(ms)) == std::future_status::ready;
    }

private slots:
    void stopWinsOverAPendingPause_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("stop (REST, GUI)") << "stop" << 103;
        QTest::newRow("SIGINT") << "sigint" << 105;
        QTest::newRow("SIGTERM") << "sigterm" << 105;
    }
    void stopWinsOverAPendingPause()
    {
        QFETCH(QString, how);
        QFETCH(int, exitCode);
        auto p = prepare(QStringLiteral("extbusy.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QTRY_VERIFY(m_log.contains(QStringLiteral("busy iteration")));   // the iteration is running
        std::future<ControlError> pause = pauseInBackground(run);
        QVERIFY(run.status().paused);
        QVERIFY(!ready(pause, 200));   // the busy iteration holds it
        if (how == QLatin1String("stop"))
            QVERIFY(run.stop().ok());
        else
            run.abortBySignal(how == QLatin1String("sigint") ? QStringLiteral("interrupt") : QStringLiteral("terminated"));
        // Liveness bound, not a speed claim: the stop cuts the busy iteration.
        QVERIFY(ready(pause, 5000));
        const ControlError e = pause.get();
        QCOMPARE(e.kind, ControlError::Kind::WrongState);
        QCOMPARE(e.detail, QStringLiteral("the test run has already finished"));
        run.waitFinished();
        QCOMPARE(run.exitCode(), exitCode);
        QCOMPARE(run.status().status, int(ExecStatus::Interrupted));
        if (how == QLatin1String("sigterm"))
            QVERIFY(m_log.contains(QStringLiteral("test run was aborted because k6 received a 'terminated' signal")));
    }

    void durationEndsTheRunWhileAPauseIsPending()
    {
        auto p = prepare(QStringLiteral("extbusy.js"), {{QStringLiteral("DURATION"), QStringLiteral("1s")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QTRY_VERIFY(m_log.contains(QStringLiteral("busy iteration")));   // the iteration is running
        std::future<ControlError> pause = pauseInBackground(run);
        // The clock runs on while the pause waits: the 1 s duration ends the scenario, which cuts
        // the busy iteration (no graceful stop) and answers the pause.
        QVERIFY(ready(pause, 20000));
        QCOMPARE(pause.get().detail, QStringLiteral("the test run has already finished"));
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        QCOMPARE(run.status().status, int(ExecStatus::Ended));
        QVERIFY(run.clock().elapsedMs() >= 1000);
    }

    void clockStopsOnlyOnceThePauseTookEffect()
    {
        auto p = prepare(QStringLiteral("extbusy.js"), {{QStringLiteral("BUSY_MS"), QStringLiteral("800")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QTRY_VERIFY(m_log.contains(QStringLiteral("busy iteration")));   // the iteration is running
        std::future<ControlError> pause = pauseInBackground(run);
        const qint64 requestedAt = run.clock().elapsedMs();
        QVERIFY(ready(pause, 20000));
        QVERIFY(pause.get().ok());
        // The clock ran while the iteration finished (up to 800 ms), and stands still now.
        const qint64 tookEffectAt = run.clock().elapsedMs();
        QVERIFY2(tookEffectAt > requestedAt, qPrintable(QStringLiteral("%1 %2").arg(requestedAt).arg(tookEffectAt)));
        QDeadlineTimer settle(300);
        while (!settle.hasExpired())
            QCOMPARE(run.clock().elapsedMs(), tookEffectAt);
        QVERIFY(run.resume().ok());
        QTRY_VERIFY(run.clock().elapsedMs() > tookEffectAt);
        run.stop();
        run.waitFinished();
    }

    void resumeCancelsAPendingPause()
    {
        auto p = prepare(QStringLiteral("extbusy.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QTRY_VERIFY(m_log.contains(QStringLiteral("busy iteration")));   // the iteration is running
        std::future<ControlError> pause = pauseInBackground(run);
        QVERIFY(run.resume().ok());   // not blocked behind the pause
        QVERIFY(ready(pause, 5000));
        QVERIFY(pause.get().ok());
        QVERIFY(!run.status().paused);
        const qint64 t = run.clock().elapsedMs();
        QTRY_VERIFY(run.clock().elapsedMs() > t);   // never stopped
        QVERIFY(run.scale(2, std::nullopt).ok());   // nor is steering
        QTRY_COMPARE(run.status().vus, 2);
        run.stop();
        run.waitFinished();
    }

    void stopAfterANormalEndKeepsExitCode0()
    {
        auto p = prepare(QStringLiteral("extsleep.js"), {{QStringLiteral("DURATION"), QStringLiteral("300ms")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        QVERIFY(run.stop().ok());   // --linger: {"stopped":true} after the end
        QCOMPARE(run.exitCode(), 0);
        QVERIFY(!run.status().stopped);
        QCOMPARE(run.status().status, int(ExecStatus::Ended));
    }

    void vusMaxReturnsToTheConfiguredMaxAtTheEnd()
    {
        auto p = prepare(QStringLiteral("extsleep.js"), {{QStringLiteral("DURATION"), QStringLiteral("1s")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QVERIFY(run.scale(5, 9).ok());
        QCOMPARE(run.status().vusMax, 9);
        run.waitFinished();
        const RunStatus s = run.status();
        QCOMPARE(s.vusMax, 4);
        QCOMPARE(s.scenarios.value(0).vusMax, 4);
    }
};

QTEST_GUILESS_MAIN(TstPauseStop)
#include "tst_pausestop.moc"
