// Async functions as VU code (tests/fixtures/scripts/async.js, transpiled by esbuild): a VU runs the
// promise jobs until its exec function's promise settles, in a real runtime against a real
// FixtureServer.
#include "core/metrics/metricsengine.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/fixtureroutes.h"
#include "support/scriptenv.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace throttle;

class TstVuAsync : public QObject {
    Q_OBJECT

    static std::unique_ptr<ScriptEnv> load(const QString &baseUrl = QStringLiteral("http://127.0.0.1:9"))
    {
        return ScriptEnv::load(QStringLiteral("async.js"), {{QStringLiteral("BASE_URL"), baseUrl}});
    }
    static ScenarioBinding binding(const QString &exec)
    {
        ScenarioBinding b;
        b.name = QStringLiteral("sc");
        b.executor = QStringLiteral("per-vu-iterations");
        b.exec = exec;
        return b;
    }
    // A VU of the script, initialised and bound to `exec`; null (and the test failed) if init failed.
    static std::unique_ptr<VuRuntime> boundVu(ScriptEnv &e, const QString &exec)
    {
        auto rt = std::make_unique<VuRuntime>(e.ctx, 1, RuntimeKind::Vu);
        QString error;
        if (!rt->init(&error)) {
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
            return nullptr;
        }
        rt->bind(binding(exec));
        return rt;
    }
    static double count(const MetricsSnapshot &s, const char *name)
    {
        const MetricSnapshot *m = s.find(QString::fromLatin1(name));
        return m ? m->aggregate.count() : 0;
    }

private slots:
    // async setup() hands its resolved value to the iterations; every awaited step of the default
    // function runs inside its iteration, and each request it makes is counted.
    void awaitChainsRunWithinTheIteration()
    {
        FixtureServer server(fixtureRoute);
        auto e = load(server.baseUrl());
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        QVERIFY(e->loaded.transpiled);
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        const CallResult setup = rt.callExport(QStringLiteral("setup"), QByteArray(), QStringLiteral("setup"));
        QVERIFY2(setup.ok, qPrintable(setup.error));
        QCOMPARE(QJsonDocument::fromJson(setup.json).object(),
                 (QJsonObject{{QStringLiteral("token"), QStringLiteral("t0ken")}, {QStringLiteral("n"), 42}}));
        rt.setSetupData(setup.json);
        rt.bind(binding(QStringLiteral("default")));
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(int(server.requests().size()), 8);
        QCOMPARE(count(s, "http_reqs"), 8.0);
        QCOMPARE(count(s, "async_steps"), 6.0);
        QCOMPARE(count(s, "iterations"), 2.0);
        QCOMPARE(s.find(QStringLiteral("checks"))->aggregate.passes(), quint64(2));
        QCOMPARE(server.requestCount("/echo"), 8);
        int withToken = 0;
        for (const FixtureRequest &r : server.requests())
            withToken += r.query == "step=4&token=t0ken" ? 1 : 0;
        QCOMPARE(withToken, 2);
        QVERIFY2(e->log.lines().isEmpty(), qPrintable(e->log.lines().join('\n')));
    }

    // A synchronous exec function that starts promise work: the jobs run before the iteration
    // ends (k6 runs its event loop after every iteration), so their request and metric count in it.
    void syncIterationRunsItsPromiseJobs()
    {
        FixtureServer server(fixtureRoute);
        auto e = load(server.baseUrl());
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const auto vu = boundVu(*e, QStringLiteral("syncWithPromises"));
        QVERIFY(vu);
        VuRuntime &rt = *vu;
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(server.requestCount("/echo"), 1);   // before the next iteration starts
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(server.requestCount("/echo"), 2);
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(count(s, "http_reqs"), 2.0);
        QCOMPARE(count(s, "async_steps"), 2.0);
        QVERIFY2(e->log.lines().isEmpty(), qPrintable(e->log.lines().join('\n')));
    }

    // http.asyncRequest resolves to the Response; each request counts once, in its iteration.
    void asyncRequestResolvesToResponses()
    {
        FixtureServer server(fixtureRoute);
        auto e = load(server.baseUrl());
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const auto vu = boundVu(*e, QStringLiteral("asyncRequests"));
        QVERIFY(vu);
        VuRuntime &rt = *vu;
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(server.requestCount("/echo"), 3);
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(count(s, "http_reqs"), 3.0);
        const MetricSnapshot *checks = s.find(QStringLiteral("checks"));
        QVERIFY(checks);
        QCOMPARE(checks->aggregate.passes(), quint64(2));
        QCOMPARE(checks->aggregate.fails(), quint64(0));
        QVERIFY2(e->log.lines().isEmpty(), qPrintable(e->log.lines().join('\n')));
    }

    // A rejected promise is an iteration error, logged with k6's wording for an unhandled rejection;
    // the iteration still counts as complete, as a synchronous throw does.
    void rejectionIsAnIterationError()
    {
        auto e = load();
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const auto vu = boundVu(*e, QStringLiteral("rejects"));
        QVERIFY(vu);
        VuRuntime &rt = *vu;
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        const QString lines = e->log.lines().join('\n');
        QCOMPARE(e->log.lines().size(), 1);
        QVERIFY2(lines.startsWith(QStringLiteral("Uncaught (in promise) Error: async boom")), qPrintable(lines));
        QVERIFY2(lines.contains(QStringLiteral("async.js:")), qPrintable(lines));
        QVERIFY2(lines.contains(QStringLiteral("executor=per-vu-iterations scenario=sc")), qPrintable(lines));
        e->metrics.collect();
        QCOMPARE(count(e->metrics.snapshot(), "iterations"), 1.0);
    }

    // Awaiting a promise nothing can settle ends the iteration with an error instead of hanging.
    void neverSettlingPromiseEndsTheIteration()
    {
        auto e = load();
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const auto vu = boundVu(*e, QStringLiteral("stuck"));
        QVERIFY(vu);
        VuRuntime &rt = *vu;
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QVERIFY2(e->log.contains(QStringLiteral("the promise returned by stuck() never settled")),
                 qPrintable(e->log.lines().join('\n')));
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(count(s, "async_steps"), 0.0);
        QCOMPARE(count(s, "iterations"), 1.0);
    }

    // check() and group() refuse async callbacks with k6's messages (script-api.md §4), also once
    // esbuild has made them plain functions returning a Promise.
    void checkAndGroupRefuseAsyncCallbacks_data()
    {
        QTest::addColumn<QString>("exec");
        QTest::addColumn<QString>("message");
        const QString tail = QStringLiteral(" does not support async functions as arguments, please see "
                                            "https://grafana.com/docs/k6/latest/javascript-api/k6/group/"
                                            "#working-with-async-functions for more info");
        QTest::newRow("check") << "asyncCheck" << "Error: check()" + tail;
        QTest::newRow("group") << "asyncGroup" << "Error: group()" + tail;
        QTest::newRow("check inside an async function")
            << "asyncCheckInAsync" << "Uncaught (in promise) Error: check()" + tail;
    }
    void checkAndGroupRefuseAsyncCallbacks()
    {
        QFETCH(QString, exec);
        QFETCH(QString, message);
        auto e = load();
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const auto vu = boundVu(*e, exec);
        QVERIFY(vu);
        VuRuntime &rt = *vu;
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(e->log.lines().size(), 1);
        QVERIFY2(e->log.lines().first().startsWith(message), qPrintable(e->log.lines().first()));
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QVERIFY(!s.find(QStringLiteral("checks")) || s.find(QStringLiteral("checks"))->aggregate.passes() == 0);
        QVERIFY(!s.find(QStringLiteral("group_duration"))
                || s.find(QStringLiteral("group_duration"))->aggregate.trend().count() == 0);
    }

    // Another thread interrupts an async iteration that would never end (an endless await loop,
    // a sleep after an await); what it left queued does not resume in the next call.
    void interruptCutsAsyncIteration_data()
    {
        QTest::addColumn<QString>("exec");
        QTest::newRow("endless await loop") << "spinner";
        QTest::newRow("sleep after await") << "sleeper";
    }
    void interruptCutsAsyncIteration()
    {
        QFETCH(QString, exec);
        auto e = load();
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        std::atomic<VuRuntime *> live{nullptr};
        std::atomic<int> outcome{-1};
        CallResult after;
        std::thread vu([&] {
            VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
            QString error;
            if (!rt.init(&error))
                return;
            rt.bind(binding(exec));
            live.store(&rt);
            const IterationOutcome o = rt.runIteration();
            live.store(nullptr);
            rt.clearInterrupt();
            // Stale continuations of the spinner would run here (and never stop) if they survived.
            after = rt.callExport(QStringLiteral("spinCount"), QByteArray(), QString());
            outcome.store(int(o));
        });
        QTRY_VERIFY(live.load() != nullptr);
        QTest::qWait(100);
        live.load()->interrupt();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.load() != -1, 10000);
        vu.join();
        QCOMPARE(outcome.load(), int(IterationOutcome::Interrupted));
        QVERIFY2(after.ok, qPrintable(after.error));
        QCOMPARE(after.json, QByteArray("0"));
        e->metrics.collect();
        QCOMPARE(count(e->metrics.snapshot(), "iterations"), 0.0);
    }
};

QTEST_MAIN(TstVuAsync)
#include "tst_vuasync.moc"
