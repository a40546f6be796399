// The executors of src/core/exec driven directly, with a tick loop like LocalRun's, on real VUs
// running tests/fixtures/scripts/exec_delay.js against a loopback DemoTarget: iteration and
// active-VU counts over time, graceful ramp-down and stop, dropped_iterations, VU growth.
// tst_executors_run covers the same executors inside a LocalRun.
#include "core/exec/arrivalrateexecutor.h"
#include "core/exec/executorfactory.h"
#include "core/exec/preparedrun.h"
#include "core/exec/rampingarrivalrateexecutor.h"
#include "core/exec/rampingvusexecutor.h"
#include "core/exec/vupool.h"
#include "demo/demotarget.h"
#include "support/testlog.h"

#include <QtTest>
#include <thread>

using namespace throttle;
using Stage = ScenarioConfig::Stage;

namespace {

// One scenario on its own VU pool; the PreparedRun only lends the script context and metrics.
class Harness {
public:
    Harness(std::unique_ptr<PreparedRun> prepared, TestLog *log) : m_prepared(std::move(prepared)), m_log(log) {}
    ~Harness()
    {
        if (m_exec && m_exec->started() && !m_exec->finished())
            m_exec->abort();
        if (m_pool)
            m_pool->shutdown();
        m_exec.reset();
    }

    bool start(const ScenarioConfig &sc)
    {
        m_pool = std::make_unique<VuPool>(m_prepared->context(), &m_prepared->run());
        m_exec = ExecutorFactory::create(sc, *m_pool, m_counters,
                                         {&m_prepared->metrics(), m_log, m_prepared->context().runTags});
        if (!m_exec)
            return false;
        VuPool::Growth g = m_pool->grow(m_exec->preAllocatedVus());
        if (!g.ok)
            return false;
        m_pool->setSetupData(QByteArray());
        std::vector<Vu *> vus = std::move(g.vus);
        m_clock.start();
        m_exec->start(std::move(vus), false);
        return true;
    }
    // Ticks (every 5 ms) until the scenario's elapsed time reaches ms; false if it ended before.
    bool runUntil(qint64 ms)
    {
        while (m_clock.elapsed() < ms) {
            if (m_exec->tick(m_clock.elapsed()))
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }
    // Ticks until the executor reports the end; returns the elapsed ms then, -1 on timeout.
    qint64 runToEnd(qint64 timeoutMs = 20000)
    {
        while (m_clock.elapsed() < timeoutMs) {
            if (m_exec->tick(m_clock.elapsed()))
                return m_clock.elapsed();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return -1;
    }
    double metricCount(const QString &name)
    {
        m_prepared->metrics().collect();
        const MetricsSnapshot s = m_prepared->metrics().snapshot();
        const MetricSnapshot *m = s.find(name);
        return m ? m->aggregate.count() : 0.0;
    }
    Executor &exec() { return *m_exec; }
    IterationCounters &counters() { return m_counters; }
    qint64 elapsed() const { return m_clock.elapsed(); }

private:
    std::unique_ptr<PreparedRun> m_prepared;
    TestLog *m_log;
    std::unique_ptr<VuPool> m_pool;
    IterationCounters m_counters;
    std::unique_ptr<Executor> m_exec;
    QElapsedTimer m_clock;
};

ScenarioConfig scenario(ScenarioConfig::Executor type)
{
    ScenarioConfig sc;
    sc.name = QStringLiteral("s");
    sc.executor = type;
    return sc;
}

} // namespace

class TstExecutors : public QObject {
    Q_OBJECT

    DemoTarget m_target;
    TestLog m_log;

    std::unique_ptr<Harness> harness(const QString &delayMs, const QString &mode = QString())
    {
        RunRequest req;
        req.scriptPath = fixture(QStringLiteral("exec_delay.js"));
        req.env = {{QStringLiteral("BASE_URL"), m_target.baseUrl()}, {QStringLiteral("DELAY_MS"), delayMs},
                   {QStringLiteral("MODE"), mode}};
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p) {
            qWarning() << "prepare failed" << code << error;
            return nullptr;
        }
        m_target.resetCounters();
        return std::make_unique<Harness>(std::move(p), &m_log);
    }
    qint64 delayRequests() const { return m_target.requestCount(QStringLiteral("/delay")); }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void rampingTarget_data()
    {
        QTest::addColumn<qint64>("startVUs");
        QTest::addColumn<QList<Stage>>("stages");
        QTest::addColumn<QList<qint64>>("atMs");
        QTest::addColumn<QList<qint64>>("expected");
        const QList<Stage> updown{{1000, 4}, {1000, 4}, {0, 8}, {1000, 8}, {1000, 0}};
        QTest::newRow("up, hold, jump, down") << qint64(0) << updown
            << QList<qint64>{0, 249, 250, 999, 1000, 1999, 2000, 2999, 3000, 3124, 3125, 3999, 4000, 9000}
            << QList<qint64>{0, 0, 1, 3, 4, 4, 8, 8, 8, 8, 7, 1, 0, 0};
        QTest::newRow("from startVUs") << qint64(3) << QList<Stage>{{2000, 1}}
            << QList<qint64>{0, 999, 1000, 1999, 2000} << QList<qint64>{3, 3, 2, 2, 1};
        QTest::newRow("leading jump") << qint64(1) << QList<Stage>{{0, 5}, {1000, 5}}
            << QList<qint64>{0, 500, 1000} << QList<qint64>{5, 5, 5};
    }
    void rampingTarget()
    {
        QFETCH(qint64, startVUs);
        QFETCH(QList<Stage>, stages);
        QFETCH(QList<qint64>, atMs);
        QFETCH(QList<qint64>, expected);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::RampingVUs);
        sc.startVUs = startVUs;
        sc.stages = stages;
        for (int i = 0; i < atMs.size(); ++i)
            QCOMPARE(RampingVusExecutor::targetAt(sc, atMs[i]), expected[i]);
    }

    void arrivalTimes()
    {
        // 0 -> 40/s over 2 s: the area reaches 10 at 1 s, 40 at 2 s; flat 40/s: 1 per 25 ms.
        const double from = 0, to = 40.0 / 1000;
        QCOMPARE(qRound(RampingArrivalRateExecutor::timeForArea(from, to, 2000, 10) * 1000), 1000000);
        QCOMPARE(qRound(RampingArrivalRateExecutor::timeForArea(from, to, 2000, 40) * 1000), 2000000);
        QCOMPARE(qRound(RampingArrivalRateExecutor::timeForArea(to, to, 1000, 1) * 1000), 25000);
        // ramp down 40/s -> 0 over 2 s: 30 of the 40 starts are due after 1 s (area 30)
        QCOMPARE(qRound(RampingArrivalRateExecutor::timeForArea(to, from, 2000, 30) * 1000), 1000000);
        QCOMPARE(qRound(RampingArrivalRateExecutor::timeForArea(to, from, 2000, 40) * 1000), 2000000);
    }

    void sharedIterationsExact()
    {
        auto h = harness(QStringLiteral("10"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::SharedIterations);
        sc.vus = 3;
        sc.iterations = 20;
        QVERIFY(h->start(sc));
        QVERIFY(h->runToEnd() >= 0);
        QCOMPARE(delayRequests(), 20);
        QCOMPARE(h->counters().completed.load(), 20);
        QCOMPARE(h->counters().interrupted.load(), 0);
        QCOMPARE(h->metricCount(QStringLiteral("dropped_iterations")), 0.0);
    }

    void perVuIterationsExact()
    {
        auto h = harness(QStringLiteral("0"), QStringLiteral("vu"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::PerVUIterations);
        sc.vus = 3;
        sc.iterations = 4;
        QVERIFY(h->start(sc));
        QVERIFY(h->runToEnd() >= 0);
        for (int vu = 1; vu <= 3; ++vu)
            QCOMPARE(m_target.requestCount(QStringLiteral("/bytes/%1").arg(vu)), 4);
        QCOMPARE(h->counters().completed.load(), 12);
        QCOMPARE(h->metricCount(QStringLiteral("dropped_iterations")), 0.0);
    }

    void gracefulStopInterrupts_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<qint64>("iterations");
        QTest::addColumn<double>("dropped");
        // 2 VUs, 5 s iterations, maxDuration 1 s + gracefulStop 0.5 s: one iteration each, interrupted.
        QTest::newRow("shared-iterations") << int(ScenarioConfig::Executor::SharedIterations) << qint64(5) << 3.0;
        QTest::newRow("per-vu-iterations") << int(ScenarioConfig::Executor::PerVUIterations) << qint64(3) << 4.0;
    }
    void gracefulStopInterrupts()
    {
        QFETCH(int, type);
        QFETCH(qint64, iterations);
        QFETCH(double, dropped);
        auto h = harness(QStringLiteral("5000"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor(type));
        sc.vus = 2;
        sc.iterations = iterations;
        sc.maxDurationSettingMs = 1000;
        sc.gracefulStopMs = 500;
        QVERIFY(h->start(sc));
        const qint64 end = h->runToEnd();
        QVERIFY2(end >= 1500 && end < 2500, qPrintable(QString::number(end)));
        QCOMPARE(h->counters().interrupted.load(), 2);
        QCOMPARE(h->counters().completed.load(), 0);
        QCOMPARE(h->metricCount(QStringLiteral("dropped_iterations")), dropped);
        QCOMPARE(h->metricCount(QStringLiteral("iterations")), 0.0);
    }

    void rampDownGrace_data()
    {
        QTest::addColumn<qint64>("gracefulRampDown");
        QTest::addColumn<qint64>("interruptedAt900");
        QTest::addColumn<qint64>("activeAt900");
        QTest::newRow("grace shorter than the iteration") << qint64(200) << qint64(1) << qint64(1);
        QTest::newRow("grace longer than the iteration") << qint64(5000) << qint64(0) << qint64(2);
    }
    void rampDownGrace()
    {
        QFETCH(qint64, gracefulRampDown);
        QFETCH(qint64, interruptedAt900);
        QFETCH(qint64, activeAt900);
        // 1 s iterations; the second VU is ramped down at 0.4 s, mid-iteration.
        auto h = harness(QStringLiteral("1000"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::RampingVUs);
        sc.startVUs = 2;
        sc.stages = {{400, 2}, {0, 1}, {1600, 1}};
        sc.gracefulRampDownMs = gracefulRampDown;
        sc.gracefulStopMs = 0;
        QVERIFY(h->start(sc));
        QCOMPARE(h->exec().activeVus(), 2);
        QVERIFY(h->runUntil(900));
        QCOMPARE(h->counters().interrupted.load(), interruptedAt900);
        QCOMPARE(h->exec().activeVus(), activeAt900);
        QVERIFY(h->runUntil(1300));
        QCOMPARE(h->exec().activeVus(), 1);
        // VU 1 finished its first iteration; VU 2 finished it too unless it was interrupted.
        QCOMPARE(h->counters().completed.load(), 2 - interruptedAt900);
        QVERIFY(h->runToEnd() >= 2000);
        QCOMPARE(h->exec().activeVus(), 0);
    }

    void constantArrivalRateDrops()
    {
        // 10 starts/s for 2 s on one VU busy 1 s per iteration: most starts find no idle VU.
        auto h = harness(QStringLiteral("1000"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::ConstantArrivalRate);
        sc.rate = 10;
        sc.durationMs = 2000;
        sc.preAllocatedVUs = 1;
        sc.maxVUsValue = 1;
        sc.gracefulStopMs = 2000;
        QVERIFY(h->start(sc));
        QVERIFY(h->runToEnd() >= 2000);
        auto &e = static_cast<ArrivalRateExecutor &>(h->exec());
        const qint64 started = e.startedIterations();
        QVERIFY2(started >= 2 && started <= 3, qPrintable(QString::number(started)));
        QCOMPARE(e.droppedIterations(), 20 - started);
        QCOMPARE(h->metricCount(QStringLiteral("dropped_iterations")), double(20 - started));
        QCOMPARE(h->counters().completed.load(), started);
        QCOMPARE(delayRequests(), started);
        QCOMPARE(e.initializedVus(), 1);
        QVERIFY(m_log.contains(QStringLiteral(
            "Insufficient VUs, reached 1 active VUs and cannot initialize more executor=constant-arrival-rate scenario=s")));
    }

    void constantArrivalRateInitializesVus()
    {
        // 20 starts/s, 200 ms iterations: ~4 VUs needed, 1 pre-allocated, up to 6 made on demand.
        auto h = harness(QStringLiteral("200"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::ConstantArrivalRate);
        sc.rate = 20;
        sc.durationMs = 1500;
        sc.preAllocatedVUs = 1;
        sc.maxVUsValue = 6;
        QVERIFY(h->start(sc));
        QVERIFY(h->runToEnd() >= 1500);
        auto &e = static_cast<ArrivalRateExecutor &>(h->exec());
        QVERIFY2(e.initializedVus() >= 4 && e.initializedVus() <= 6, qPrintable(QString::number(e.initializedVus())));
        QCOMPARE(e.startedIterations() + e.droppedIterations(), 30);
        QVERIFY2(e.startedIterations() >= 20, qPrintable(QString::number(e.startedIterations())));
        QCOMPARE(h->metricCount(QStringLiteral("dropped_iterations")), double(e.droppedIterations()));
        QCOMPARE(delayRequests(), e.startedIterations());
    }

    void constantArrivalRateHighRate()
    {
        // 2000 starts/s for 1 s (one per 0.5 ms): the scheduling thread keeps the pace on its own
        // clock, far below the run thread's 50 ms tick.
        auto h = harness(QStringLiteral("0"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::ConstantArrivalRate);
        sc.rate = 2000;
        sc.durationMs = 1000;
        sc.preAllocatedVUs = 40;
        QVERIFY(h->start(sc));
        QVERIFY(h->runUntil(500));
        auto &e = static_cast<ArrivalRateExecutor &>(h->exec());
        const qint64 half = e.startedIterations() + e.droppedIterations();
        QVERIFY(h->runToEnd() >= 1000);
        QVERIFY2(qAbs(half - 1000) <= 40, qPrintable(QString::number(half)));
        // Every planned start is accounted for exactly: started, or dropped when no VU was free.
        // How many are dropped depends on how busy the machine is (a speed question, for bench/).
        QCOMPARE(e.startedIterations() + e.droppedIterations(), 2000);
        QVERIFY(e.startedIterations() > 0);
        QCOMPARE(delayRequests(), e.startedIterations());
    }

    void rampingArrivalRateFollowsStages()
    {
        // 0 -> 40/s over 2 s, then 40/s for 1 s: 10 starts by 1 s, 40 by 2 s, 80 in all.
        auto h = harness(QStringLiteral("20"));
        QVERIFY(h);
        ScenarioConfig sc = scenario(ScenarioConfig::Executor::RampingArrivalRate);
        sc.startRate = 0;
        sc.stages = {{2000, 40}, {1000, 40}};
        sc.preAllocatedVUs = 5;
        QVERIFY(h->start(sc));
        QVERIFY(h->runUntil(1000));
        const qint64 at1 = delayRequests();
        QVERIFY(h->runUntil(2000));
        const qint64 at2 = delayRequests();
        QVERIFY(h->runToEnd() >= 3000);
        QVERIFY2(qAbs(at1 - 10) <= 2, qPrintable(QString::number(at1)));
        QVERIFY2(qAbs(at2 - 40) <= 2, qPrintable(QString::number(at2)));
        auto &e = static_cast<ArrivalRateExecutor &>(h->exec());
        QCOMPARE(e.startedIterations(), 80);
        QCOMPARE(e.droppedIterations(), 0);
        QCOMPARE(delayRequests(), 80);
        QCOMPARE(h->counters().completed.load(), 80);
    }
};

QTEST_MAIN(TstExecutors)
#include "tst_executors.moc"
