// The per-VU runtime and the loader, on real scripts from tests/fixtures against a real DemoTarget.
#include "core/metrics/metricsengine.h"
#include "core/metrics/samplesink.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "demo/demotarget.h"
#include "support/scriptenv.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <thread>

using namespace throttle;

class TstVuRuntime : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ScriptEnv> load(const QString &script, const QString &baseUrl = QString())
    {
        QMap<QString, QString> env;
        if (!baseUrl.isEmpty())
            env.insert(QStringLiteral("BASE_URL"), baseUrl);
        auto e = ScriptEnv::load(script, env);
        e->metrics.addSubmetric(QStringLiteral("http_req_duration"),
                                {{QStringLiteral("expected_response"), QStringLiteral("true")}});
        return e;
    }
    const MetricSnapshot *metric(const MetricsSnapshot &s, const char *name)
    {
        return s.find(QString::fromLatin1(name));
    }

private slots:
    void loadsPlainScriptWithoutTranspiling()
    {
        auto e = load(QStringLiteral("basic.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        QVERIFY(!e->loaded.transpiled);
        // only the built-in modules the script imports are loaded into VUs
        QCOMPARE(e->ctx.builtinModules, (QSet<QString>{QStringLiteral("k6"), QStringLiteral("k6/http")}));
        QCOMPARE(e->loaded.options.value(QStringLiteral("iterations")).toInt(), 1);
        QVERIFY(e->loaded.functionExports.contains(QStringLiteral("default")));
        QCOMPARE(e->ctx.importPath, e->ctx.entryPath);
    }

    void transpilesModernSyntaxAndLocalImports()
    {
        auto e = load(QStringLiteral("modern.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        QVERIFY(e->loaded.transpiled);
        QVERIFY(e->ctx.importPath != e->ctx.entryPath);
        VuRuntime rt(e->ctx, 1, RuntimeKind::Pseudo);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
        QVERIFY2(r.ok, qPrintable(r.error));
        const QJsonObject o = QJsonDocument::fromJson(r.json).object();
        QCOMPARE(o.value(QStringLiteral("n")).toInt(), 1000);
        QCOMPARE(o.value(QStringLiteral("h")).toString(), QStringLiteral("1,2,3"));
        const QJsonObject merged = o.value(QStringLiteral("merged")).toObject();
        QCOMPARE(merged.value(QStringLiteral("a")).toInt(), 1);
        QCOMPARE(merged.value(QStringLiteral("b")).toInt(), 2);
        QCOMPARE(merged.value(QStringLiteral("caught")).toBool(), true);
    }

    void reportsErrors_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("mustContain");
        QTest::newRow("syntax error: file, line and column")
            << "syntaxerror.js" << 107 << QStringList{"SyntaxError", "syntaxerror.js", "(2:"};
        QTest::newRow("throw in init: message and line")
            << "initthrow.js" << 107 << QStringList{"init failed", "initthrow.js:2"};
        QTest::newRow("http in init context")
            << "initmisuse.js" << 107 << QStringList{"Making http requests in the init context is not supported"};
        QTest::newRow("missing file") << "nosuch.js" << 107 << QStringList{"couldn't be found on local disk"};
        QTest::newRow("unknown k6 module") << "unknownmodule.js" << 107 << QStringList{"unknown module: k6/nosuch"};
        QTest::newRow("k6 module not provided yet")
            << "unsupportedmodule.js" << 107 << QStringList{"the module k6/ws is not supported by this version of Throttle"};
        QTest::newRow("http:// import refused as k6 does")
            << "remotemodule.js" << 107
            << QStringList{"only supported schemes for imports are file and https, "
                           "http://127.0.0.1:9/k6-utils/1.4.0/index.js has `http`"};
    }
    void reportsErrors()
    {
        QFETCH(QString, script);
        QFETCH(int, exitCode);
        QFETCH(QStringList, mustContain);
        auto e = load(script);
        QVERIFY(!e->loaded.ok);
        QCOMPARE(e->loaded.exitCode, exitCode);
        for (const QString &s : mustContain)
            QVERIFY2(e->loaded.error.contains(s), qPrintable(e->loaded.error));
    }

    void openReadsTextAndBinary()
    {
        auto e = load(QStringLiteral("openfile.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        VuRuntime rt(e->ctx, 1, RuntimeKind::Pseudo);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.json, QByteArray("\"hello data:11\""));
    }

    void httpChecksAndGroupsBecomeSamples()
    {
        DemoTarget target;
        QVERIFY(target.start());
        auto e = load(QStringLiteral("basic.js"), target.baseUrl());
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        ScenarioBinding b;
        b.name = QStringLiteral("default");
        b.executor = QStringLiteral("per-vu-iterations");
        rt.bind(b);
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        e->metrics.collect();
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(metric(s, "http_reqs")->aggregate.count(), 2.0);
        QCOMPARE(target.requestCount(), 2);
        QCOMPARE(metric(s, "iterations")->aggregate.count(), 1.0);
        QCOMPARE(metric(s, "checks")->aggregate.passes(), quint64(1));
        QCOMPARE(metric(s, "checks")->aggregate.fails(), quint64(1));
        QCOMPARE(metric(s, "http_req_failed")->aggregate.passes(), quint64(1));   // the 503
        QVERIFY(metric(s, "data_received")->aggregate.count() > 0);
        QCOMPARE(s.rootGroup.children.size(), 1);
        const GroupNode &g1 = s.rootGroup.children.first();
        QCOMPARE(g1.path, QStringLiteral("::g1"));
        QCOMPARE(g1.checks.size(), 2);
        QCOMPARE(g1.checks.first().passes, quint64(1));
        QVERIFY(metric(s, "group_duration"));
        QCOMPARE(metric(s, "group_duration")->aggregate.trend().count(), quint64(1));
        QCOMPARE(metric(s, "http_req_duration{expected_response:true}")->aggregate.trend().count(), quint64(1));
    }

    // exec.vu.tags / exec.vu.metrics.metadata (script-api.md §7): tag writes persist across
    // iterations and tag later samples; metadata travels with the samples taken while it was set.
    void vuTagsAndMetadataReachSamples()
    {
        struct Recorder : SampleSink {
            QStringList seen;   // "metric|tier|level|metadata"
            void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override
            {
                record(batch, TagList(), engine);
            }
            void consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                                     const MetricsEngine &engine) override
            {
                record(batch, metadata, engine);
            }
            void record(const std::vector<Sample> &batch, const TagList &metadata, const MetricsEngine &engine)
            {
                for (const Sample &s : batch) {
                    if (s.metric != builtin::HttpReqs && s.metric != builtin::Iterations)
                        continue;
                    QString tier, level;
                    for (const auto &t : engine.tags(s.tags)) {
                        if (t.first == QLatin1String("tier"))
                            tier = t.second;
                        if (t.first == QLatin1String("level"))
                            level = t.second;
                    }
                    QStringList meta;
                    for (const auto &m : metadata)
                        meta << m.first + '=' + m.second;
                    seen << engine.name(s.metric) + '|' + tier + '|' + level + '|' + meta.join('&');
                }
            }
        };
        DemoTarget target;
        QVERIFY(target.start());
        auto e = load(QStringLiteral("exec_tags.js"), target.baseUrl());
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        Recorder recorder;
        e->metrics.addSink(&recorder);
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        QVERIFY2(e->log.contains(QStringLiteral("init: getting VU information in the init context is not supported")),
                 qPrintable(e->log.lines().join('\n')));
        ScenarioBinding b;
        b.name = QStringLiteral("default");
        b.executor = QStringLiteral("per-vu-iterations");
        rt.bind(b);
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        e->metrics.collect();
        QCOMPARE(recorder.seen, (QStringList{"http_reqs|gold|3|trace_id=t0", "iterations|gold||",
                                             "http_reqs|gold||", "iterations|gold||"}));
        QVERIFY(e->log.contains(QStringLiteral("tag: invalid value for metric tag 'bad': only String, Boolean and "
                                               "Number types are accepted as a metric tag values")));
        QVERIFY(e->log.contains(QStringLiteral("meta: invalid value for metric metadata 'bad': only String, "
                                               "Boolean and Number types are accepted as a metric metadata value")));
        QVERIFY2(e->log.contains(QStringLiteral(R"(view: {"scenario":"default","group":"","tier":"gold"} {})")),
                 qPrintable(e->log.lines().join('\n')));
    }

    // One runtime moved from scenario "a" to "b" (the VU pool reuses VUs across scenarios).
    void vuIterationNumbersPerScenario()
    {
        auto e = load(QStringLiteral("exec_vu_iterations.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        ScenarioBinding b;
        b.exec = QStringLiteral("numbers");
        b.executor = QStringLiteral("per-vu-iterations");
        b.name = QStringLiteral("a");
        rt.bind(b);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        b.name = QStringLiteral("b");
        rt.bind(b);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        rt.bind(b);   // bound again to the same scenario: the count goes on
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QStringList lines;
        for (const QString &l : e->log.lines())
            if (l.contains(QLatin1String("ITER ")))
                lines << l.mid(l.indexOf(QLatin1String("ITER "))).section(QLatin1String(" source="), 0, 0);
        QCOMPARE(lines, (QStringList{"ITER a 0/0/0 0/0", "ITER a 1/1/1 1/1", "ITER a 2/2/2 2/2",
                                     "ITER b 3/0/3 3/0", "ITER b 4/1/4 4/1", "ITER b 5/2/5 5/2"}));
    }

    void stringThrowIsLoggedAndCountsAsComplete()
    {
        auto e = load(QStringLiteral("throws.js"));
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY(rt.init(&error));
        rt.bind(ScenarioBinding{});
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QVERIFY2(e->log.contains(QStringLiteral("a string")), qPrintable(e->log.lines().join('\n')));
    }

    // Another thread cuts sleep() and a busy loop: the iteration ends as interrupted, long before
    // the script would have finished on its own (30 s sleep / endless loop).
    void interruptCutsIteration_data()
    {
        QTest::addColumn<QString>("script");
        QTest::newRow("sleep") << "sleeper.js";
        QTest::newRow("busy loop") << "busy.js";
    }
    void interruptCutsIteration()
    {
        QFETCH(QString, script);
        auto e = load(script);
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        std::atomic<VuRuntime *> live{nullptr};
        std::atomic<int> outcome{-1};
        std::thread vu([&] {
            VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
            QString error;
            if (!rt.init(&error))
                return;
            rt.bind(ScenarioBinding{});
            live.store(&rt);
            outcome.store(int(rt.runIteration()));
            live.store(nullptr);
            // A cleared interrupt lets the VU run again.
            rt.clearInterrupt();
        });
        QTRY_VERIFY(live.load() != nullptr);
        QTest::qWait(100);
        QElapsedTimer t;
        t.start();
        live.load()->interrupt();
        QTRY_VERIFY_WITH_TIMEOUT(outcome.load() != -1, 10000);
        vu.join();
        QCOMPARE(outcome.load(), int(IterationOutcome::Interrupted));
        QVERIFY2(t.elapsed() < 10000, "the interrupt did not cut the iteration");
    }
};

QTEST_MAIN(TstVuRuntime)
#include "tst_vuruntime.moc"
