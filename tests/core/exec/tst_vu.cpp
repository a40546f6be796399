// The VU state table in src/core/exec/vu.h, row by row, on real VU threads and engines.
#include "core/exec/vupool.h"
#include "core/metrics/metricsengine.h"
#include "core/script/scriptloader.h"
#include "support/testlog.h"

#include <QtTest>
#include <future>
#include <atomic>

using namespace throttle;

namespace {

// A job that counts iterations and can be told to refuse further ones.
class CountingJob : public VuJob {
public:
    const ScenarioBinding &binding() const override { return m_binding; }
    bool acquireIteration(Vu &) override { return !refuse.load(); }
    void iterationDone(Vu &, IterationOutcome o) override
    {
        (o == IterationOutcome::Completed ? completed : interrupted).fetch_add(1);
    }
    ScenarioBinding m_binding;
    std::atomic<bool> refuse{false};
    std::atomic<int> completed{0};
    std::atomic<int> interrupted{0};
};

} // namespace

class TstVu : public QObject {
    Q_OBJECT

    MetricsEngine m_metrics;
    TestLog m_log;
    ScriptContext m_ctx;

    bool loadScript(const QString &name, const QString &iterSleep = QStringLiteral("0.05"))
    {
        m_ctx = ScriptContext();
        m_ctx.entryPath = fixture(name);
        m_ctx.metrics = &m_metrics;
        m_ctx.log = &m_log;
        m_ctx.env.insert(QStringLiteral("ITER_SLEEP"), iterSleep);
        return ScriptLoader::load(m_ctx).ok;
    }

private slots:
    void idleActivateRunsAndSoftDeactivateFinishesIteration()
    {
        QVERIFY(loadScript(QStringLiteral("vu_iter.js"), QStringLiteral("0.3")));
        VuPool pool(m_ctx, nullptr);
        QVERIFY(pool.grow(1).ok);
        Vu &vu = pool.at(0);
        QCOMPARE(vu.state(), Vu::State::Idle);
        CountingJob job;
        vu.activate(&job);
        QTRY_COMPARE(vu.state(), Vu::State::Running);
        QTest::qWait(50);            // an iteration (0.3 s sleep) is in flight
        vu.deactivate(false);        // soft: finish it
        vu.waitIdle();
        QCOMPARE(vu.state(), Vu::State::Idle);
        QCOMPARE(job.interrupted.load(), 0);
        QVERIFY(job.completed.load() >= 1);
        // Idle + deactivate is a no-op
        vu.deactivate(true);
        QCOMPARE(vu.state(), Vu::State::Idle);
    }

    void hardDeactivateInterruptsInFlightIteration()
    {
        QVERIFY(loadScript(QStringLiteral("vu_iter.js"), QStringLiteral("30")));
        VuPool pool(m_ctx, nullptr);
        QVERIFY(pool.grow(1).ok);
        Vu &vu = pool.at(0);
        CountingJob job;
        vu.activate(&job);
        QTRY_COMPARE(vu.state(), Vu::State::Running);
        QTest::qWait(50);
        QElapsedTimer t;
        t.start();
        vu.deactivate(true);
        vu.waitIdle();
        QVERIFY2(t.elapsed() < 5000, "hard stop waited for the 30 s sleep");
        QCOMPARE(job.interrupted.load(), 1);
        QCOMPARE(job.completed.load(), 0);
        // the VU can run again after a hard stop
        job.refuse.store(false);
        vu.activate(&job);
        QTRY_COMPARE(vu.state(), Vu::State::Running);
        vu.deactivate(true);
        vu.waitIdle();
        QCOMPARE(job.interrupted.load(), 2);
    }

    void jobRefusingSendsVuIdle()
    {
        QVERIFY(loadScript(QStringLiteral("vu_iter.js"), QStringLiteral("0.01")));
        VuPool pool(m_ctx, nullptr);
        QVERIFY(pool.grow(1).ok);
        Vu &vu = pool.at(0);
        CountingJob job;
        vu.activate(&job);
        QTRY_VERIFY(job.completed.load() >= 3);
        job.refuse.store(true);
        QTRY_COMPARE(vu.state(), Vu::State::Idle);
        QVERIFY(!vu.isActive());
        const int done = job.completed.load();
        QTest::qWait(100);
        QCOMPARE(job.completed.load(), done);
    }

    void retireRunningVuExits()
    {
        QVERIFY(loadScript(QStringLiteral("vu_iter.js"), QStringLiteral("30")));
        VuPool pool(m_ctx, nullptr);
        QVERIFY(pool.grow(2).ok);
        CountingJob job;
        pool.at(1).activate(&job);
        QTRY_COMPARE(pool.at(1).state(), Vu::State::Running);
        QElapsedTimer t;
        t.start();
        pool.release({&pool.at(1)});   // retire(hard) + wait: the running VU leaves within ms
        QVERIFY(t.elapsed() < 5000);
        QCOMPARE(pool.size(), 1);
        QCOMPARE(pool.at(0).state(), Vu::State::Idle);
        pool.at(0).retire(false);    // Idle + retire -> Exited
        pool.at(0).waitExited();
        QCOMPARE(pool.at(0).state(), Vu::State::Exited);
        pool.at(0).activate(&job);   // Exited ignores activate
        QCOMPARE(pool.at(0).state(), Vu::State::Exited);
    }

    void initFailureIsReportedAndIgnoresCommands()
    {
        QVERIFY(loadScript(QStringLiteral("vu_initfail.js")));
        VuPool pool(m_ctx, nullptr);
        const VuPool::Growth g = pool.grow(3);
        QVERIFY(!g.ok);
        QCOMPARE(g.vus.size(), size_t(3));
        QVERIFY2(g.error.contains(QStringLiteral("vu 2 cannot start")), qPrintable(g.error));
        QCOMPARE(pool.at(1).state(), Vu::State::Failed);
        CountingJob job;
        pool.at(1).activate(&job);
        QCOMPARE(pool.at(1).state(), Vu::State::Failed);
        QCOMPARE(pool.at(0).state(), Vu::State::Idle);
    }

    // Initializing x interruptInit (a stop during a slow init): the init code is cut, the VU fails.
    void interruptInitStopsInitCode()
    {
        QVERIFY(loadScript(QStringLiteral("vuinit_busy.js")));   // each VU's init: a 60 s busy loop
        VuPool pool(m_ctx, nullptr);
        auto growth = std::async(std::launch::async, [&] { return pool.grow(1); });
        QTRY_COMPARE(pool.size(), 1);
        QTRY_COMPARE(pool.at(0).state(), Vu::State::Initializing);
        pool.interruptInit();
        QVERIFY(growth.wait_for(std::chrono::seconds(10)) == std::future_status::ready);   // liveness bound
        const VuPool::Growth g = growth.get();
        QVERIFY(!g.ok);
        QCOMPARE(pool.at(0).state(), Vu::State::Failed);
    }

    // release() destroys a VU at once: its object, engine and thread are gone (not kept to shutdown).
    void releaseDestroysTheVu()
    {
        QVERIFY(loadScript(QStringLiteral("vu_iter.js"), QStringLiteral("0.01")));
        VuPool pool(m_ctx, nullptr);
        QVERIFY(pool.grow(3).ok);
        std::vector<Vu *> two{&pool.at(1), &pool.at(2)};
        pool.release(two);
        QCOMPARE(pool.size(), 1);
        QCOMPARE(pool.at(0).state(), Vu::State::Idle);
        QVERIFY(pool.grow(2).ok);   // threads are reused or new, the pool works on
        QCOMPARE(pool.size(), 3);
    }
};

QTEST_MAIN(TstVu)
#include "tst_vu.moc"
