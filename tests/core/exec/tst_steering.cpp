// Throttle's steering beyond k6 (README "Steering every executor") inside real LocalRuns on
// tests/fixtures/scripts/steer.js against a loopback DemoTarget: pause and resume on every
// executor (nothing grows while paused, paused time extends the schedule, arrival-rate drops
// nothing), the manual VU override on ramping-vus / constant-vus and its way back to the
// schedule, a live rate change on the arrival-rate executors, and strict-k6 mode's k6 answers.
#include "core/exec/preparedrun.h"
#include "demo/demotarget.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QtTest>
#include <thread>

using namespace throttle;

class TstSteering : public QObject {
    Q_OBJECT

    DemoTarget m_target;
    TestLog m_log;

    std::unique_ptr<PreparedRun> prepare(const QString &exec, QMap<QString, QString> env = {}, bool strict = false,
                                         const QString &segment = QString())
    {
        RunRequest req;
        if (!segment.isEmpty()) {
            req.cliOverrides.insert(QStringLiteral("executionSegment"), segment);
            req.cliOverrides.insert(QStringLiteral("executionSegmentSequence"), QStringLiteral("0,1/3,2/3,1"));
        }
        req.scriptPath = fixture(QStringLiteral("steer.js"));
        env.insert(QStringLiteral("BASE_URL"), m_target.baseUrl());
        env.insert(QStringLiteral("EXEC"), exec);
        req.env = env;
        req.strictK6 = strict;
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p)
            qWarning() << "prepare failed" << code << error;
        m_target.resetCounters();
        return p;
    }
    qint64 requests() const { return m_target.requestCount(QStringLiteral("/delay")); }
    // Polls (deadline, no fixed sleep) until the run clock reaches ms while running.
    static ScenarioStatus scenario(const LocalRun &run)
    {
        const RunStatus s = run.status();
        return s.scenarios.isEmpty() ? ScenarioStatus{} : s.scenarios.first();
    }
    static double dropped(PreparedRun &p)
    {
        const MetricsSnapshot s = p.metrics().snapshot();
        const MetricSnapshot *m = s.find(QStringLiteral("dropped_iterations"));
        return m ? m->aggregate.count() : 0.0;
    }
    static bool waitVus(const LocalRun &run, qint64 vus)
    {
        QDeadlineTimer deadline(10000);
        while (run.status().vus != vus && !deadline.hasExpired())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return run.status().vus == vus;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void pauseEveryExecutor_data()
    {
        QTest::addColumn<QString>("exec");
        QTest::addColumn<QStringList>("capabilities");
        QTest::addColumn<bool>("arrivalRate");
        QTest::newRow("constant-vus") << "constant-vus" << QStringList{"pause", "vus"} << false;
        QTest::newRow("ramping-vus") << "ramping-vus" << QStringList{"pause", "vus"} << false;
        QTest::newRow("shared-iterations") << "shared-iterations" << QStringList{"pause"} << false;
        QTest::newRow("per-vu-iterations") << "per-vu-iterations" << QStringList{"pause"} << false;
        QTest::newRow("constant-arrival-rate") << "constant-arrival-rate" << QStringList{"pause", "rate"} << true;
        QTest::newRow("ramping-arrival-rate") << "ramping-arrival-rate" << QStringList{"pause", "rate"} << true;
        QTest::newRow("externally-controlled") << "externally-controlled" << QStringList{"pause", "vus", "vus-max"} << false;
    }
    void pauseEveryExecutor()
    {
        QFETCH(QString, exec);
        QFETCH(QStringList, capabilities);
        QFETCH(bool, arrivalRate);
        constexpr qint64 kPauseMs = 2500;
        // Plenty of arrival-rate VUs: no start may be dropped for want of a VU on a busy machine.
        auto p = prepare(exec, {{QStringLiteral("PREALLOC"), QStringLiteral("30")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 1000));
        QElapsedTimer wall;
        wall.start();
        const qint64 clockAtMark = run.clock().elapsedMs();
        QCOMPARE(scenario(run).executor, exec);
        QCOMPARE(scenario(run).capabilities, capabilities);

        QVERIFY(run.pause().ok());   // returns once the in-flight iterations are done
        RunStatus s = run.status();
        QVERIFY(s.paused);
        QCOMPARE(s.vus, 0);
        QCOMPARE(scenario(run).vus, 0);
        const qint64 iterations = run.iterationsCompleted() + run.iterationsInterrupted();
        const qint64 atTarget = requests();
        const qint64 clock = run.clock().elapsedMs();
        QTest::qWait(int(kPauseMs));   // time must pass to show that nothing happens in it
        QCOMPARE(run.iterationsCompleted() + run.iterationsInterrupted(), iterations);
        QCOMPARE(requests(), atTarget);
        QCOMPARE(run.clock().elapsedMs(), clock);
        QVERIFY(!run.isFinished());

        QVERIFY(run.resume().ok());
        QVERIFY(!run.status().paused);
        QTRY_VERIFY(run.iterationsCompleted() > iterations);
        // The scenario ends when its 3 s (duration / maxDuration / stages) are over in run time.
        QDeadlineTimer deadline(30000);
        while (run.status().status < int(ExecStatus::Teardown) && !deadline.hasExpired())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        const qint64 wallAfterMark = wall.elapsed();
        const qint64 clockAtEnd = run.clock().elapsedMs();
        run.waitFinished();
        QCOMPARE(run.exitCode(), 0);
        // So the pause extended it in wall time, and the run clock left the pause out.
        QVERIFY2(wallAfterMark >= 3000 - clockAtMark + kPauseMs - 100, qPrintable(QString::number(wallAfterMark)));
        QVERIFY2(clockAtEnd >= 3000 && clockAtEnd < 3000 + kPauseMs - 1000, qPrintable(QString::number(clockAtEnd)));
        // Every completed iteration made its one request; the iterations the end of the scenario
        // cut (gracefulStop 0s) made theirs unless they were cut before it went out.
        QVERIFY2(requests() >= run.iterationsCompleted() &&
                     requests() <= run.iterationsCompleted() + run.iterationsInterrupted(),
                 qPrintable(QStringLiteral("%1 requests, %2 completed + %3 interrupted iterations")
                                .arg(requests()).arg(run.iterationsCompleted()).arg(run.iterationsInterrupted())));
        if (arrivalRate) {
            // 50/s for 3 s of run time: the paused 1.5 s neither started nor dropped iterations.
            const qint64 started = run.iterationsCompleted() + run.iterationsInterrupted();
            QVERIFY2(started >= 145 && started <= 150,
                     qPrintable(QStringLiteral("%1 started, %2 dropped").arg(started).arg(dropped(*p))));
            QCOMPARE(dropped(*p), 0.0);
        }
    }

    void rampingVusManualAndBack()
    {
        // The schedule holds 2 VUs (maxVUs 6: a leading 0 s jump to 6).
        auto p = prepare(QStringLiteral("ramping-vus"), {{QStringLiteral("DURATION"), QStringLiteral("60s")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 300));
        QVERIFY(waitVus(run, 2));
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QCOMPARE(scenario(run).vusMax, 6);

        QVERIFY(run.scale(5, std::nullopt).ok());
        QVERIFY(waitVus(run, 5));
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QCOMPARE(scenario(run).vus, 5);
        QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 500));   // ticks keep the override
        QCOMPARE(run.status().vus, 5);

        // Bounds, k6-style; a refused change leaves the override as it was.
        ControlError e = run.scale(7, std::nullopt);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QCOMPARE(e.title, QStringLiteral("Config update error"));
        QCOMPARE(e.detail, QStringLiteral("invalid configuration supplied: the number of active VUs (7) must be less than or "
                                          "equal to the number of maxVUs (6)"));
        e = run.scale(-1, std::nullopt);
        QCOMPARE(e.detail, QStringLiteral("invalid configuration supplied: the number of VUs can't be negative"));
        e = run.scale(3, 8);
        QCOMPARE(e.detail, QStringLiteral("ramping-vus executor 's' doesn't support changing vus-max (6)"));
        e = run.setRate(10);
        QCOMPARE(e.kind, ControlError::Kind::NotConfigured);
        QCOMPARE(e.title, QStringLiteral("Execution config error"));
        QCOMPARE(run.status().vus, 5);

        // Back to the schedule: 2 VUs again (gracefulRampDown 0 s interrupts the others).
        QVERIFY(run.backToSchedule().ok());
        QVERIFY(waitVus(run, 2));
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));

        // Scale down below the schedule, and a change while paused applies on resume.
        QVERIFY(run.scale(1, 6).ok());
        QVERIFY(waitVus(run, 1));
        QVERIFY(run.pause().ok());
        QVERIFY(run.scale(4, std::nullopt).ok());
        QCOMPARE(run.status().vus, 0);
        QVERIFY(run.resume().ok());
        QVERIFY(waitVus(run, 4));
        StatusPatch hold;
        hold.mode = QStringLiteral("schedule");
        hold.vus = 3;
        QCOMPARE(run.steer(hold).detail,
                 QStringLiteral("invalid configuration supplied: mode \"schedule\" can't be combined with vus, vus-max or rate"));
        QVERIFY(run.backToSchedule(QStringLiteral("s")).ok());
        QVERIFY(waitVus(run, 2));
        // Mode table rows: back to schedule on the schedule is a no-op; "manual" holds the
        // scheduled count; "manual" again keeps it.
        QVERIFY(run.backToSchedule().ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        StatusPatch manual;
        manual.mode = QStringLiteral("manual");
        QVERIFY(run.steer(manual).ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QVERIFY(run.steer(manual).ok());
        QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 200));
        QCOMPARE(run.status().vus, 2);
        QVERIFY(run.stop().ok());
        run.waitFinished();
        QCOMPARE(run.exitCode(), 103);
    }

    // With execution segments a VU change is test-wide, like externally-controlled's: the three
    // runners of 0,1/3,2/3,1 together hold exactly the requested count, and the bound is the
    // test-wide maxVUs.
    void segmentedManualVusAddUp()
    {
        QList<qint64> atFive, atTwo;
        for (const QString &segment : {QStringLiteral("0:1/3"), QStringLiteral("1/3:2/3"), QStringLiteral("2/3:1")}) {
            auto p = prepare(QStringLiteral("ramping-vus"), {{QStringLiteral("DURATION"), QStringLiteral("60s")}}, false, segment);
            QVERIFY(p);
            LocalRun &run = p->run();
            run.start();
            QVERIFY(waitRunClock(run, 200));
            QCOMPARE(scenario(run).vusMax, 6);
            QVERIFY(run.scale(5, std::nullopt).ok());
            QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 300));
            atFive << run.status().vus;
            QVERIFY(run.scale(2, std::nullopt).ok());
            QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 300));
            atTwo << run.status().vus;
            QVERIFY(run.stop().ok());
            run.waitFinished();
        }
        QCOMPARE(atFive[0] + atFive[1] + atFive[2], 5);
        QCOMPARE(atTwo[0] + atTwo[1] + atTwo[2], 2);
        QVERIFY(atFive[0] >= 1 && atFive[1] >= 1 && atFive[2] >= 1);
    }

    void constantVusScale()
    {
        auto p = prepare(QStringLiteral("constant-vus"), {{QStringLiteral("DURATION"), QStringLiteral("60s")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 200));
        QVERIFY(waitVus(run, 3));
        QVERIFY(run.scale(1, std::nullopt).ok());
        QVERIFY(waitVus(run, 1));
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QCOMPARE(run.scale(4, std::nullopt).detail,
                 QStringLiteral("invalid configuration supplied: the number of active VUs (4) must be less than or equal to the "
                                "number of maxVUs (3)"));
        StatusPatch named;
        named.scenario = QStringLiteral("nope");
        named.vus = 1;
        QCOMPARE(run.steer(named).detail, QStringLiteral("there is no scenario 'nope'"));
        QVERIFY(run.backToSchedule().ok());
        QVERIFY(waitVus(run, 3));
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QVERIFY(run.stop().ok());
        run.waitFinished();
    }

    void constantArrivalRateLiveRate()
    {
        // 20/s scheduled; changed to 100/s: measured at the target over 10 s of run time. Plenty of
        // pre-allocated VUs, so that slow iterations on a busy machine never leave a start without
        // a VU (the accuracy promise holds when VUs suffice).
        auto p = prepare(QStringLiteral("constant-arrival-rate"),
                         {{QStringLiteral("DURATION"), QStringLiteral("60s")}, {QStringLiteral("RATE"), QStringLiteral("20")},
                          {QStringLiteral("PREALLOC"), QStringLiteral("60")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 1000));
        QCOMPARE(scenario(run).rate.value_or(-1), 20.0);
        QCOMPARE(scenario(run).timeUnitMs, 1000);
        QCOMPARE(run.setRate(-1).detail, QStringLiteral("invalid configuration supplied: the iteration rate can't be negative"));
        QVERIFY(run.setRate(100).ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QCOMPARE(scenario(run).rate.value_or(-1), 100.0);
        QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 1000));
        const qint64 c0 = requests();
        const qint64 t0 = run.clock().elapsedMs();
        QVERIFY(waitRunClock(run, t0 + 10000));
        const qint64 c1 = requests();
        const qint64 t1 = run.clock().elapsedMs();
        const double perSec = double(c1 - c0) * 1000.0 / double(t1 - t0);
        QVERIFY2(perSec >= 98 && perSec <= 102,
                 qPrintable(QStringLiteral("%1/s, %2 dropped").arg(perSec).arg(dropped(*p))));
        QCOMPARE(dropped(*p), 0.0);

        QVERIFY(run.backToSchedule().ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QCOMPARE(scenario(run).rate.value_or(-1), 20.0);
        // Back on the schedule: 20/s again, and the starts it planned meanwhile are not dropped.
        // (A settling time first: on a busy machine requests started at 100/s may still be in flight.)
        QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 2000));
        const qint64 c2 = requests();
        const qint64 t2 = run.clock().elapsedMs();
        QVERIFY(waitRunClock(run, t2 + 5000));
        const double back = double(requests() - c2) * 1000.0 / double(run.clock().elapsedMs() - t2);
        QVERIFY2(back >= 17 && back <= 23, qPrintable(QString::number(back)));
        QVERIFY(run.stop().ok());
        run.waitFinished();
        QCOMPARE(dropped(*p), 0.0);
        QCOMPARE(run.scale(2, std::nullopt).detail, QStringLiteral("the test run has already finished"));
    }

    void rampingArrivalRateManualAndBack()
    {
        auto p = prepare(QStringLiteral("ramping-arrival-rate"), {{QStringLiteral("DURATION"), QStringLiteral("60s")}});
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 500));
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QCOMPARE(scenario(run).rate.value_or(-1), 50.0);
        QVERIFY(run.setRate(10).ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QCOMPARE(scenario(run).rate.value_or(-1), 10.0);
        QVERIFY(run.backToSchedule().ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QCOMPARE(scenario(run).rate.value_or(-1), 50.0);
        StatusPatch hold;   // mode "manual": hold the scheduled rate
        hold.mode = QStringLiteral("manual");
        QVERIFY(run.steer(hold).ok());
        QCOMPARE(scenario(run).mode, QStringLiteral("manual"));
        QCOMPARE(scenario(run).rate.value_or(-1), 50.0);
        QVERIFY(run.setRate(30).ok());            // Manual x setManualRate
        QVERIFY(run.steer(hold).ok());            // Manual x holdManual: no-op
        QCOMPARE(scenario(run).rate.value_or(-1), 30.0);
        QVERIFY(run.backToSchedule().ok());
        QVERIFY(run.backToSchedule().ok());       // Schedule x backToSchedule: no-op
        QCOMPARE(scenario(run).mode, QStringLiteral("schedule"));
        QCOMPARE(run.scale(1, std::nullopt).kind, ControlError::Kind::NotConfigured);   // no VU-steerable scenario
        QVERIFY(run.stop().ok());
        run.waitFinished();
    }

    void strictModeAnswersAsK6()
    {
        auto p = prepare(QStringLiteral("constant-vus"), {{QStringLiteral("DURATION"), QStringLiteral("60s")}}, true);
        QVERIFY(p);
        LocalRun &run = p->run();
        QVERIFY(run.strictK6());
        run.start();
        QVERIFY(waitRunClock(run, 200));
        QVERIFY(run.status().scenarios.isEmpty());
        for (const ControlError &e : {run.pause(), run.resume()}) {
            QCOMPARE(e.kind, ControlError::Kind::WrongState);
            QCOMPARE(e.title, QStringLiteral("Pause error"));
            QCOMPARE(e.detail, QStringLiteral("constant-vus executor 's' doesn't support pause and resume operations after its start"));
        }
        const ControlError e = run.scale(1, std::nullopt);
        QCOMPARE(e.kind, ControlError::Kind::NotConfigured);
        QCOMPARE(e.title, QStringLiteral("Execution config error"));
        QCOMPARE(e.detail, QStringLiteral("an externally-controlled executor needs to be configured for live configuration updates"));
        QVERIFY(run.setRate(5).ok());          // ignored, as k6 ignores unknown attributes
        QVERIFY(run.backToSchedule().ok());
        QCOMPARE(run.status().vus, 3);
        QVERIFY(run.stop().ok());
        run.waitFinished();
    }
};

QTEST_MAIN(TstSteering)
#include "tst_steering.moc"
