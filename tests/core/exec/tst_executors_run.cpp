// The new executors inside a real LocalRun (ExecutorFactory, the 50 ms run-thread tick), on the
// fixture scripts exec_rate.js and exec_ramping.js against a loopback DemoTarget: arrival-rate
// accuracy counted at the target, and ramping-vus following its stages in status().vus.
#include "core/exec/preparedrun.h"
#include "demo/demotarget.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QtTest>
#include <thread>

using namespace throttle;

class TstExecutorsRun : public QObject {
    Q_OBJECT

    DemoTarget m_target;
    TestLog m_log;

    std::unique_ptr<PreparedRun> prepare(const QString &script)
    {
        RunRequest req;
        req.scriptPath = fixture(script);
        req.env = {{QStringLiteral("BASE_URL"), m_target.baseUrl()}};
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p)
            qWarning() << "prepare failed" << code << error;
        m_target.resetCounters();
        return p;
    }
    // Polls (deadline, no fixed sleep) until the run clock reaches ms.

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void constantArrivalRateAccuracy()
    {
        auto p = prepare(QStringLiteral("exec_rate.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 5000));
        const qint64 half = m_target.requestCount(QStringLiteral("/delay"));
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        const qint64 total = m_target.requestCount(QStringLiteral("/delay"));
        // 100/s over 10 s: within 2 %, and evenly spread (about half by the middle).
        QVERIFY2(total >= 980 && total <= 1020, qPrintable(QString::number(total)));
        QVERIFY2(half >= 480 && half <= 520, qPrintable(QString::number(half)));
        QCOMPARE(run.iterationsCompleted(), total);
        QCOMPARE(run.iterationsInterrupted(), 0);
    }

    void rampingVusFollowsStages()
    {
        // startVUs 0; 0 -> 4 over 1 s, hold 4, jump to 8, hold 8, 8 -> 0 over 1 s (20 ms iterations).
        auto p = prepare(QStringLiteral("exec_ramping.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        struct Point { qint64 atMs; qint64 vus; qint64 tolerance; };
        const Point points[] = {{625, 2, 1}, {1500, 4, 0}, {1900, 4, 0}, {2500, 8, 0}, {2900, 8, 0},
                                {3560, 4, 1}, {3800, 2, 1}};
        for (const Point &pt : points) {
            QVERIFY(waitRunClock(run, pt.atMs));
            const qint64 vus = run.status().vus;
            QVERIFY2(qAbs(vus - pt.vus) <= pt.tolerance,
                     qPrintable(QStringLiteral("at %1 ms: %2 VUs, expected %3").arg(pt.atMs).arg(vus).arg(pt.vus)));
        }
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        QCOMPARE(run.status().vusMax, 8);
        QVERIFY(run.iterationsCompleted() > 100);
        QCOMPARE(m_target.requestCount(QStringLiteral("/delay")), run.iterationsCompleted());
        QVERIFY(run.clock().elapsedMs() < 5500);
    }
};

QTEST_MAIN(TstExecutorsRun)
#include "tst_executors_run.moc"
