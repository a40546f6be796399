// Models and helpers of src/ui, each checked with QAbstractItemModelTester.
#include "core/metrics/metricsengine.h"
#include "ui/checksmodel.h"
#include "ui/consolefilter.h"
#include "ui/consolemodel.h"
#include "ui/errorreport.h"
#include "ui/guilogsink.h"
#include "ui/jshighlighter.h"
#include "ui/metricstablemodel.h"
#include "ui/metrictext.h"
#include "ui/remotemetricsfeed.h"
#include "ui/runnersmodel.h"
#include "ui/recentfilesmodel.h"
#include "ui/scenariosmodel.h"
#include "ui/scenariotext.h"
#include "ui/steeringcapabilities.h"
#include "ui/targetfollow.h"
#include "ui/thresholdsmodel.h"
#include "ui/vumemoryestimate.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTextLayout>
#include <thread>

using namespace throttle;

Q_DECLARE_METATYPE(throttle::ScenarioConfig)

class TestUiModels : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void consoleAppendsAndCaps();
    void logSinkIsThreadSafeAndBounded();
    void consoleFiltersByLevelAndText();
    void metricsTableReadsLikeTheSummary();
    void metricTextLocalAndAttachedAlike_data();
    void metricTextLocalAndAttachedAlike();
    void checksFlattenGroups();
    void thresholdsFollowEvaluation();
    void thresholdReadingsAttached_data();
    void thresholdReadingsAttached();
    void scenariosShowOptions();
    void runnersOfAFleet();
    void scenarioTextPerExecutor_data();
    void scenarioTextPerExecutor();
    void recentFilesNewestFirst();
    void errorReportClearsBySource();
    void vuMemoryMeasuredOrBenchmark();
    void steeringFromDeclaredCapabilities();
    void targetFollowTable_data();
    void targetFollowTable();
    void recentFilesWrittenAfterTheOpen();
    void highlighterColoursJavaScript_data();
    void highlighterColoursJavaScript();
};

void TestUiModels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ThrottleTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_uimodels"));
    QSettings().clear();
}

void TestUiModels::consoleAppendsAndCaps()
{
    ConsoleModel model(nullptr, 3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto line = [](LogLevel l, const QString &m) { return LogLine{QDateTime::currentDateTime(), l, m, {{"source", "console"}}}; };
    model.append({line(LogLevel::Info, "a"), line(LogLevel::Error, "b")});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.errorCount(), 1);
    QCOMPARE(model.lastError(), QStringLiteral("b"));
    model.append({line(LogLevel::Warning, "c"), line(LogLevel::Info, "d")});
    QCOMPARE(model.rowCount(), 3);   // capacity: the oldest went
    QCOMPARE(model.index(0).data(ConsoleModel::MessageRole).toString(), QStringLiteral("b"));
    QCOMPARE(model.index(1).data(ConsoleModel::LevelNameRole).toString(), QStringLiteral("warn"));
    QCOMPARE(model.index(2).data(ConsoleModel::FieldsRole).toString(), QStringLiteral("source=console"));
    QVERIFY(model.text().contains(QStringLiteral("d source=console")));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.errorCount(), 0);
}

void TestUiModels::consoleFiltersByLevelAndText()
{
    ConsoleModel model;
    ConsoleFilter filter;
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSource(&model);
    const auto line = [](LogLevel l, const QString &m, LogFields f = {}) { return LogLine{QDateTime::currentDateTime(), l, m, f}; };
    model.append({line(LogLevel::Debug, "connecting"), line(LogLevel::Info, "hello from VU 1", {{"source", "console"}}),
                  line(LogLevel::Warning, "slow response"), line(LogLevel::Error, "Error: boom", {{"scenario", "checkout"}})});
    QCOMPARE(filter.count(), 4);
    QSignalSpy counted(&filter, &ConsoleFilter::countChanged);
    filter.setMinLevel(int(LogLevel::Warning));
    QCOMPARE(filter.count(), 2);
    QVERIFY(counted.count() >= 1);
    filter.setMinLevel(0);
    filter.setText(QStringLiteral("CHECKOUT"));   // fields too, any case
    QCOMPARE(filter.count(), 1);
    QCOMPARE(filter.index(0, 0).data(ConsoleModel::MessageRole).toString(), QStringLiteral("Error: boom"));
    filter.setText(QStringLiteral("vu"));
    QCOMPARE(filter.count(), 1);
    model.append({line(LogLevel::Info, "hello from VU 2")});   // live: new lines are filtered too
    QCOMPARE(filter.count(), 2);
    filter.setMinLevel(int(LogLevel::Error));
    QCOMPARE(filter.count(), 0);
}

void TestUiModels::logSinkIsThreadSafeAndBounded()
{
    GuiLogSink sink(100);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&sink, t] {
            for (int i = 0; i < 50; ++i)
                sink.log(LogLevel::Info, QStringLiteral("t%1 %2").arg(t).arg(i));
        });
    for (auto &th : threads)
        th.join();
    qint64 dropped = 0;
    const QList<LogLine> lines = sink.take(&dropped);
    QCOMPARE(lines.size(), 100);
    QCOMPARE(dropped, 100);
    QVERIFY(sink.take().isEmpty());
}

void TestUiModels::metricsTableReadsLikeTheSummary()
{
    MetricsEngine engine;
    const QString sub = engine.addSubmetric(QStringLiteral("http_req_duration"), {{"expected_response", "true"}});
    const TagSetId ok = engine.intern({{"expected_response", "true"}});
    engine.ingest({Sample{builtin::HttpReqs, ok, 1, 1}, Sample{builtin::HttpReqs, ok, 1, 2},
                   Sample{builtin::HttpReqDuration, ok, 10, 1}, Sample{builtin::HttpReqDuration, ok, 30, 2},
                   Sample{builtin::HttpReqFailed, ok, 0, 1}, Sample{builtin::HttpReqFailed, ok, 1, 2}});
    engine.collect();
    MetricsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SummaryOptions o;
    o.elapsedSec = 2;
    o.thresholdOk.insert(QStringLiteral("http_req_failed"), false);
    model.update(engine.snapshot(), o);
    QStringList names;
    for (const auto &r : model.rows())
        names << r.name;
    QCOMPARE(names, (QStringList{"http_req_duration", sub, "http_req_failed", "http_reqs"}));
    const auto row = [&](int i, int role) { return model.index(i).data(role); };
    QCOMPARE(row(0, MetricsTableModel::ValueTextRole).toString(),
             QStringLiteral("avg 20ms · min 10ms · med 20ms · max 30ms · p(90) 28ms · p(95) 29ms"));
    QCOMPARE(row(1, MetricsTableModel::DisplayNameRole).toString(), QStringLiteral("{ expected_response:true }"));
    QVERIFY(row(1, MetricsTableModel::SubmetricRole).toBool());
    QCOMPARE(row(2, MetricsTableModel::ThresholdStateRole).toString(), QStringLiteral("fail"));
    // Issue 16, defect 9: "50.00% ✓ 1 ✗ 1" became counts a person reads at once.
    QCOMPARE(row(2, MetricsTableModel::ValueTextRole).toString(), QStringLiteral("1 of 2 failed (50.00%)"));
    QCOMPARE(row(3, MetricsTableModel::TypeRole).toString(), QStringLiteral("counter"));
    QCOMPARE(row(3, MetricsTableModel::ValueTextRole).toString(), QStringLiteral("2 · 1/s"));

    // Same metrics, new values: rows change in place.
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    engine.ingest({Sample{builtin::HttpReqs, ok, 1, 3}});
    engine.collect();
    model.update(engine.snapshot(), o);
    QCOMPARE(reset.count(), 0);
    QVERIFY(changed.count() >= 1);
    QVERIFY(row(3, MetricsTableModel::ValueTextRole).toString().startsWith(QStringLiteral("3 · ")));
}

// The same metric reads the same in a local run's table and an attached run's (/v1/metrics):
// attached bytes were "21127 B" beside the local "21 kB" (issue 16, defect 9).
void TestUiModels::metricTextLocalAndAttachedAlike_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("contains");
    QTest::addColumn<QVariantMap>("sample");
    QTest::addColumn<qint64>("total");    // -1: not known
    QTest::addColumn<QString>("text");
    QTest::newRow("data counter") << "data_received" << "counter" << "data"
                                  << QVariantMap{{"count", 21127.0}, {"rate", 3521.1}} << qint64(-1) << "21 kB · 3.5 kB/s";
    QTest::newRow("counter") << "http_reqs" << "counter" << "default"
                             << QVariantMap{{"count", 2094.0}, {"rate", 20.0952}} << qint64(-1) << "2094 · 20.1/s";
    QTest::newRow("failed, count known") << "http_req_failed" << "rate" << "default"
                                         << QVariantMap{{"rate", 0.0}} << qint64(2094) << "0 of 2094 failed (0.00%)";
    QTest::newRow("checks") << "checks" << "rate" << "default" << QVariantMap{{"rate", 0.75}} << qint64(8)
                            << "6 of 8 passed (75.00%)";
    QTest::newRow("sub-metric rate, count unknown") << "http_req_failed{status:500}" << "rate" << "default"
                                                    << QVariantMap{{"rate", 1.0}} << qint64(-1) << "100.00% failed";
    QTest::newRow("custom rate") << "my_rate" << "rate" << "default" << QVariantMap{{"rate", 0.5}} << qint64(4)
                                 << "2 of 4 true (50.00%)";
    QTest::newRow("gauge") << "vus" << "gauge" << "default" << QVariantMap{{"value", 7.0}} << qint64(-1) << "7";
    QTest::newRow("time trend") << "http_req_duration" << "trend" << "time"
                                << QVariantMap{{"avg", 1.5}, {"min", 0.5}, {"med", 1.0}, {"max", 1500.0}, {"p(90)", 3.0}, {"p(95)", 4.25}}
                                << qint64(-1) << "avg 1.5ms · min 500µs · med 1ms · max 1.5s · p(90) 3ms · p(95) 4.25ms";
}

void TestUiModels::metricTextLocalAndAttachedAlike()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, contains);
    QFETCH(QVariantMap, sample);
    QFETCH(qint64, total);
    QFETCH(QString, text);
    MetricReading m{name, type, contains, std::nullopt, {}};
    for (auto it = sample.cbegin(); it != sample.cend(); ++it)
        m.sample.insert(it.key(), it.value().toDouble());
    QMap<QString, quint64> totals;
    if (total >= 0)
        totals.insert(name, quint64(total));
    const QList<MetricsTableModel::Row> rows = RemoteMetricsFeed::rows({m}, totals);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().valueText, text);
}

void TestUiModels::checksFlattenGroups()
{
    GroupNode root;
    root.checks = {CheckNode{"top", "::top", "", 3, 1}};
    GroupNode g;
    g.name = "g1";
    g.path = "::g1";
    g.checks = {CheckNode{"inner", "::g1::inner", "", 5, 0}};
    GroupNode gg;
    gg.name = "g2";
    gg.path = "::g1::g2";
    gg.checks = {CheckNode{"deep", "::g1::g2::deep", "", 1, 2}};
    g.children = {gg};
    root.children = {g};
    ChecksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(root);
    QCOMPARE(model.rowCount(), 5);
    const auto d = [&](int i, int role) { return model.index(i).data(role); };
    QCOMPARE(d(0, ChecksModel::NameRole).toString(), QStringLiteral("top"));
    QCOMPARE(d(1, ChecksModel::IsGroupRole).toBool(), true);
    QCOMPARE(d(1, ChecksModel::PassesRole).toLongLong(), 6);   // g1 sums itself and g2
    QCOMPARE(d(1, ChecksModel::FailsRole).toLongLong(), 2);
    QCOMPARE(d(3, ChecksModel::DepthRole).toInt(), 1);
    QCOMPARE(d(4, ChecksModel::DepthRole).toInt(), 2);
    QCOMPARE(d(0, ChecksModel::PassRateRole).toDouble(), 0.75);
    QCOMPARE(model.totalPasses(), 9);
    QCOMPARE(model.totalFails(), 3);
    root.checks[0].passes = 4;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.update(root);
    QCOMPARE(changed.count(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::thresholdsFollowEvaluation()
{
    ThresholdsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QJsonObject t;
    t.insert("http_req_duration", QJsonArray{"p(95)<200", QJsonObject{{"threshold", "avg<100"}, {"abortOnFail", true}}});
    t.insert("checks", QJsonArray{"rate>0.9"});
    model.setThresholds(t);
    QCOMPARE(model.rowCount(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(model.index(i).data(ThresholdsModel::StateRole).toString(), QStringLiteral("pending"));
    ThresholdSet::Evaluation ev;
    ev.expressions["http_req_duration"]["p(95)<200"] = true;
    ev.expressions["http_req_duration"]["avg<100"] = false;
    model.update(ev);
    QCOMPARE(model.failing(), 1);
    int abortRow = -1;
    for (int i = 0; i < 3; ++i)
        if (model.index(i).data(ThresholdsModel::AbortOnFailRole).toBool())
            abortRow = i;
    QVERIFY(abortRow >= 0);
    QCOMPARE(model.index(abortRow).data(ThresholdsModel::StateRole).toString(), QStringLiteral("fail"));
    QCOMPARE(model.index(abortRow).data(ThresholdsModel::ExpressionRole).toString(), QStringLiteral("avg<100"));

    // The value each expression compares, beside it (issue 16: thresholds with observed values).
    MetricsEngine engine;
    const TagSetId none = 0;
    engine.ingest({Sample{builtin::HttpReqDuration, none, 100, 1}, Sample{builtin::HttpReqDuration, none, 300, 2},
                   Sample{builtin::Checks, none, 1, 1}, Sample{builtin::Checks, none, 0, 2}});
    engine.collect();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.observe(engine.snapshot(), 2.0);
    QCOMPARE(changed.count(), 3);
    QStringList observed;
    for (int i = 0; i < 3; ++i)
        observed << model.index(i).data(ThresholdsModel::ObservedRole).toString();
    observed.sort();
    QCOMPARE(observed, (QStringList{"avg=200ms", "p(95)=290ms", "rate=0.5 (50.00%)"}));
    QCOMPARE(model.failing(), 1);   // observing does not evaluate

    // Attached: rows from the metrics that carry a threshold state (the k6 API has no expressions).
    MetricsTableModel::Row failed{"checks", "checks", "rate", "1 of 2 passed (50.00%)", "fail", false};
    MetricsTableModel::Row plain{"http_reqs", "http_reqs", "counter", "2 · 1/s", "", false};
    model.setFromTainted({failed, plain});
    QVERIFY(model.attachedRows());
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.failing(), 1);
    QCOMPARE(model.index(0).data(ThresholdsModel::ObservedRole).toString(), QStringLiteral("1 of 2 passed (50.00%)"));
    QVERIFY(model.index(0).data(ThresholdsModel::ExpressionRole).toString().isEmpty());
}

// Attached to a Throttle run: its /v1/throttle/thresholds readings, formatted as the local rows.
void TestUiModels::thresholdReadingsAttached_data()
{
    QTest::addColumn<QString>("stat");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("contains");
    QTest::addColumn<QString>("text");
    const double none = qQNaN();
    QTest::newRow("trend of times") << "p(95)" << 123.4 << "trend" << "time" << "p(95)=123.4ms";
    QTest::newRow("rate") << "rate" << 0.0034 << "rate" << "default" << "rate=0.0034 (0.34%)";
    QTest::newRow("counter count") << "count" << 2094.0 << "counter" << "default" << "count=2094";
    QTest::newRow("counter rate") << "rate" << 20.125 << "counter" << "default" << "rate=20.13/s";
    QTest::newRow("bytes") << "count" << 30000.0 << "counter" << "data" << "count=30 kB";
    QTest::newRow("gauge") << "value" << 7.0 << "gauge" << "default" << "value=7";
    QTest::newRow("no samples") << "count" << none << "counter" << "default" << "count: no samples yet";
}

void TestUiModels::thresholdReadingsAttached()
{
    QFETCH(QString, stat);
    QFETCH(double, value);
    QFETCH(QString, type);
    QFETCH(QString, contains);
    QFETCH(QString, text);
    const std::optional<double> observed = qIsNaN(value) ? std::nullopt : std::optional<double>(value);
    ThresholdsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Tainted rows first, as before the first answer: the readings replace them.
    model.setFromTainted({MetricsTableModel::Row{"m", "m", type, "x", "pass", false}});
    QVERIFY(model.attachedRows());
    const ThresholdReading r{"m", stat + QStringLiteral(">0"), true, QStringLiteral("fail"), stat, observed, type, contains};
    model.setReadings({r, ThresholdReading{"m", "max>0", false, "pending", "max", std::nullopt, type, contains}});
    QVERIFY(!model.attachedRows());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.failing(), 1);
    const QModelIndex i = model.index(0);
    QCOMPARE(i.data(ThresholdsModel::ExpressionRole).toString(), stat + QStringLiteral(">0"));
    QVERIFY(i.data(ThresholdsModel::AbortOnFailRole).toBool());
    QCOMPARE(i.data(ThresholdsModel::ObservedRole).toString(), text);
    QCOMPARE(model.index(1).data(ThresholdsModel::StateRole).toString(), QStringLiteral("pending"));

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);   // the next poll: changed in place
    model.setReadings({ThresholdReading{r.metric, r.expression, true, "pass", stat, observed, type, contains},
                       ThresholdReading{"m", "max>0", false, "pending", "max", std::nullopt, type, contains}});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.failing(), 0);
}

void TestUiModels::scenariosShowOptions()
{
    ScenarioConfig ext;
    ext.name = "ext";
    ext.executor = ScenarioConfig::Executor::ExternallyControlled;
    ext.vus = 2;
    ext.maxVUsValue = 10;
    ext.durationMs = 30000;
    ScenariosModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScenarios({ext});
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex i = model.index(0);
    QCOMPARE(i.data(ScenariosModel::ExecutorRole).toString(), QStringLiteral("externally-controlled"));
    QCOMPARE(i.data(ScenariosModel::VusRole).toLongLong(), 2);
    QCOMPARE(i.data(ScenariosModel::MaxVusRole).toLongLong(), 10);
    QCOMPARE(i.data(ScenariosModel::DurationRole).toString(), QStringLiteral("30s"));
    QVERIFY(i.data(ScenariosModel::DescriptionRole).toString().contains(QStringLiteral("10 max VUs")));
}

// Issue 16, defect 8: ramping-vus with startVUs 2 and the arrival-rate executors showed "VUs 1",
// and the duration included the graceful stop (an 8 s test showed 38 s).
void TestUiModels::scenarioTextPerExecutor_data()
{
    using Ex = ScenarioConfig::Executor;
    QTest::addColumn<ScenarioConfig>("config");
    QTest::addColumn<qint64>("startVus");
    QTest::addColumn<qint64>("scheduledMs");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<QString>("graceful");
    ScenarioConfig c;
    c.name = "s";
    c.executor = Ex::ConstantVUs;
    c.vus = 5;
    c.durationMs = 8000;
    QTest::newRow("constant-vus") << c << qint64(5) << qint64(8000) << "5 VUs · 8s" << "+30s graceful stop";
    c = ScenarioConfig();
    c.executor = Ex::RampingVUs;
    c.startVUs = 2;
    c.gracefulStopMs = 0;
    c.stages = {{2000, 6}, {4000, 6}, {2000, 0}};
    QTest::newRow("ramping-vus") << c << qint64(2) << qint64(8000) << "2 → 0 VUs (peak 6) in 3 stages · 8s" << "";
    c = ScenarioConfig();
    c.executor = Ex::ConstantArrivalRate;
    c.rate = 20;
    c.preAllocatedVUs = 4;
    c.maxVUsValue = 8;
    c.durationMs = 60000;
    QTest::newRow("constant-arrival-rate") << c << qint64(4) << qint64(60000) << "20 iterations/s · 4–8 VUs · 1m0s"
                                           << "+30s graceful stop";
    c = ScenarioConfig();
    c.executor = Ex::RampingArrivalRate;
    c.startRate = 5;
    c.timeUnitMs = 60000;
    c.preAllocatedVUs = 3;
    c.stages = {{10000, 50}};
    QTest::newRow("ramping-arrival-rate") << c << qint64(3) << qint64(10000)
                                          << "5 → 50 iterations/1m0s in 1 stage · 3 VUs · 10s" << "+30s graceful stop";
    c = ScenarioConfig();
    c.executor = Ex::SharedIterations;
    c.vus = 4;
    c.iterations = 100;
    QTest::newRow("shared-iterations") << c << qint64(4) << qint64(600000)
                                       << "100 iterations shared by 4 VUs · at most 10m0s" << "+30s graceful stop";
    c = ScenarioConfig();
    c.executor = Ex::ExternallyControlled;
    c.vus = 2;
    c.maxVUsValue = 10;
    c.durationMs = 0;
    QTest::newRow("externally-controlled, infinite") << c << qint64(2) << qint64(0) << "2 VUs · max VUs 10 · until stopped" << "";
}

void TestUiModels::scenarioTextPerExecutor()
{
    QFETCH(ScenarioConfig, config);
    QFETCH(qint64, startVus);
    QFETCH(qint64, scheduledMs);
    QFETCH(QString, summary);
    QFETCH(QString, graceful);
    QCOMPARE(ScenarioText::startVus(config), startVus);
    QCOMPARE(ScenarioText::scheduledMs(config), scheduledMs);
    QCOMPARE(ScenarioText::summary(config), summary);
    QCOMPARE(ScenarioText::gracefulNote(config), graceful);
    ScenariosModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScenarios({config});
    QCOMPARE(model.index(0).data(ScenariosModel::VusRole).toLongLong(), startVus);
    QCOMPARE(model.index(0).data(ScenariosModel::SummaryRole).toString(), summary);
}

void TestUiModels::recentFilesNewestFirst()
{
    QTemporaryDir dir;
    RecentFilesModel model(nullptr, QStringLiteral("recentTest"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.clear();
    for (int i = 0; i < 12; ++i)
        model.add(dir.filePath(QStringLiteral("s%1.js").arg(i)));
    QCOMPARE(model.rowCount(), RecentFilesModel::kMax);
    QCOMPARE(model.index(0).data(RecentFilesModel::FileNameRole).toString(), QStringLiteral("s11.js"));
    model.add(dir.filePath(QStringLiteral("s5.js")));
    QCOMPARE(model.index(0).data(RecentFilesModel::FileNameRole).toString(), QStringLiteral("s5.js"));
    QCOMPARE(model.rowCount(), RecentFilesModel::kMax);
    RecentFilesModel again(nullptr, QStringLiteral("recentTest"));   // persisted
    QCOMPARE(again.paths(), model.paths());
}

void TestUiModels::steeringFromDeclaredCapabilities()
{
    const auto sc = [](const char *name, const char *executor, QStringList caps, const char *mode = "schedule") {
        ScenarioStatus s;
        s.name = QLatin1String(name);
        s.executor = QLatin1String(executor);
        s.capabilities = caps;
        s.mode = QLatin1String(mode);
        if (caps.contains(QStringLiteral("rate")))
            s.rate = 20;
        return s;
    };
    // Nothing declared (strict-k6, or k6 itself attached): k6's rules, the run answers.
    const SteeringCapabilities none = SteeringCapabilities::from({});
    QVERIFY(none.vus() && none.vusMax() && !none.rate() && none.vusNote().isEmpty());

    const SteeringCapabilities ext = SteeringCapabilities::from({sc("e", "externally-controlled", {"pause", "vus", "vus-max"}, "manual")});
    QVERIFY(ext.vus() && ext.vusMax() && !ext.hasSchedule() && ext.vusMaxNote().isEmpty());
    QVERIFY(!ext.manual());   // always "manual" in its status, but it has no schedule to be off

    const SteeringCapabilities mixed = SteeringCapabilities::from(
        {sc("ramp", "ramping-vus", {"pause", "vus"}, "manual"), sc("rate", "constant-arrival-rate", {"pause", "rate"})});
    QVERIFY(mixed.vus() && !mixed.vusMax() && mixed.rate() && mixed.hasSchedule() && mixed.manual());
    QCOMPARE(mixed.rateValue(), 20.0);
    QCOMPARE(mixed.vusMaxNote(), QStringLiteral("Only an externally-controlled scenario takes a new max VUs; the slider "
                                                "moves the others between 0 and their maxVUs."));

    const SteeringCapabilities iters = SteeringCapabilities::from(
        {sc("a", "shared-iterations", {"pause"}), sc("b", "per-vu-iterations", {"pause"})});
    QVERIFY(!iters.vus() && !iters.vusMax() && !iters.rate() && !iters.hasSchedule());
    QCOMPARE(iters.vusNote(), QStringLiteral("No scenario takes a VU change: shared-iterations 'a', per-vu-iterations 'b'."));
}

void TestUiModels::vuMemoryMeasuredOrBenchmark()
{
    VuMemoryEstimate e;
    QVERIFY(!e.measured());
    QCOMPARE(e.text(2000, false), QStringLiteral("about 1.6 GiB for 2000 VUs (0.80 MiB per VU, the benchmark's figure for a small script)"));
    QVERIFY(VuMemoryEstimate::residentBytes() > 0);
    const qint64 mb = 1024 * 1024;
    e.setBaseline(100 * mb);
    e.observe(105 * mb, 5);   // too few VUs to tell
    QVERIFY(!e.measured());
    e.observe(150 * mb, 100);   // 50 MiB over 100 VUs
    QVERIFY(e.measured());
    QCOMPARE(e.text(4000, true), QStringLiteral("about 2.0 GiB for 4000 VUs on the machine that runs the test "
                                                "(0.50 MiB per VU, measured in this run)"));
    e.setBaseline(100 * mb);   // a new script: measured again
    QVERIFY(!e.measured());
}

void TestUiModels::errorReportClearsBySource()
{
    using S = ErrorReport::Source;
    ErrorReport r;
    QVERIFY(r.isEmpty());
    QVERIFY(r.set(S::Control, QStringLiteral("Config update error"), QStringLiteral("too many")));
    QVERIFY(!r.set(S::Control, QStringLiteral("Config update error"), QStringLiteral("too many")));   // same: no change
    QVERIFY(!r.clear(S::Api));     // another kind's success leaves it
    QCOMPARE(r.title(), QStringLiteral("Config update error"));
    QVERIFY(r.clear(S::Control));  // the same kind's success clears it
    QVERIFY(r.isEmpty() && r.title().isEmpty() && r.detail().isEmpty());
    QVERIFY(r.set(S::Api, QStringLiteral("Error from API server"), QStringLiteral("in use")));
    QVERIFY(r.set(S::Script, QStringLiteral("Script error"), QStringLiteral("x")));   // a newer one replaces it
    QVERIFY(!r.clear(S::Api));
    QVERIFY(r.clearAll());
    QVERIFY(!r.clearAll());
}

// Every row of TargetFollow's table. "stopped" is issue 16's defect 2: the set count jumped 7→4
// while the VUs of a stopped run wound down.
void TestUiModels::targetFollowTable_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("paused");
    QTest::addColumn<bool>("stopped");
    QTest::addColumn<bool>("pending");
    QTest::addColumn<bool>("follows");
    const int running = int(ExecStatus::Running);
    QTest::newRow("running") << running << false << false << false << true;
    QTest::newRow("running, local change pending") << running << false << false << true << false;
    QTest::newRow("paused") << running << true << false << false << false;
    QTest::newRow("stopped, winding down") << running << false << true << false << false;
    QTest::newRow("setup") << int(ExecStatus::Setup) << false << false << false << false;
    QTest::newRow("teardown") << int(ExecStatus::Teardown) << false << false << false << false;
    QTest::newRow("interrupted") << int(ExecStatus::Interrupted) << false << true << false << false;
}

void TestUiModels::targetFollowTable()
{
    QFETCH(int, status);
    QFETCH(bool, paused);
    QFETCH(bool, stopped);
    QFETCH(bool, pending);
    QFETCH(bool, follows);
    RunStatus s;
    s.status = status;
    s.paused = paused;
    s.stopped = stopped;
    s.vus = 4;
    QCOMPARE(TargetFollow::follows(s, pending), follows);
}

// Opening a script adds it to the recent files; the settings file is written from the event loop
// afterwards, not inside the call (it took 10-40 ms of the GUI thread's open on a busy machine,
// issue 13: the window never stalls over 100 ms while a bundle opens).
void TestUiModels::recentFilesWrittenAfterTheOpen()
{
    QTemporaryDir dir;
    RecentFilesModel model(nullptr, QStringLiteral("recentDeferred"));
    model.clear();
    const QString file = QSettings().fileName();
    const auto onDisk = [&file] {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    model.add(dir.filePath(QStringLiteral("deferred-open.js")));
    QVERIFY(!onDisk().contains("deferred-open.js"));   // not written inside add()
    QCOMPARE(QSettings().value(QStringLiteral("recentDeferred")).toStringList(), model.paths());   // yet visible
    QTRY_VERIFY_WITH_TIMEOUT(onDisk().contains("deferred-open.js"), 5000);   // written by the event loop
}

void TestUiModels::highlighterColoursJavaScript_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("kind");
    QTest::newRow("keyword") << "export const x = 1;" << 0 << int(JsHighlighter::Kind::Keyword);
    QTest::newRow("number") << "let n = 42;" << 8 << int(JsHighlighter::Kind::Number);
    QTest::newRow("string") << "http.get('a const b');" << 12 << int(JsHighlighter::Kind::String);
    QTest::newRow("template") << "x = `v ${__VU}`;" << 6 << int(JsHighlighter::Kind::String);
    QTest::newRow("comment") << "a(); // const" << 9 << int(JsHighlighter::Kind::Comment);
    QTest::newRow("builtin") << "check(r, {});" << 0 << int(JsHighlighter::Kind::Builtin);
    QTest::newRow("block comment, 2nd line") << "/* one\nconst two */ let" << 8 << int(JsHighlighter::Kind::Comment);
}

void TestUiModels::highlighterColoursJavaScript()
{
    QFETCH(QString, code);
    QFETCH(int, position);
    QFETCH(int, kind);
    QTextDocument doc;
    doc.setPlainText(code);
    JsHighlighter h(&doc);
    h.rehighlight();
    const QTextBlock block = doc.findBlock(position);
    const int offset = position - block.position();
    QColor found;
    for (const QTextLayout::FormatRange &r : block.layout()->formats())
        if (offset >= r.start && offset < r.start + r.length)
            found = r.format.foreground().color();
    QCOMPARE(found, h.format(JsHighlighter::Kind(kind)).foreground().color());
}

// An attached fleet's runners: one row each, states as the runner list shows them, a runner that
// stops answering kept and marked (count stays, answering drops), a single run has none.
void TestUiModels::runnersOfAFleet()
{
    RunnersModel model;
    QAbstractItemModelTester tester(&model);
    QSignalSpy counts(&model, &RunnersModel::countChanged);
    RunStatus running;
    running.status = int(ExecStatus::Running);
    running.running = true;
    running.vus = 4;
    running.vusMax = 5;
    RunStatus paused = running;
    paused.paused = true;
    RunStatus ended = running;
    ended.status = int(ExecStatus::Ended);
    ended.running = false;
    RunStatus starting;
    starting.status = int(ExecStatus::PausedBeforeRun);
    QList<RunnerReading> fleet = {{"127.0.0.1:6601", true, {}, running, 12.25},
                                  {"127.0.0.1:6602", true, {}, paused, std::nullopt},
                                  {"127.0.0.1:6603", true, {}, ended, 3.0},
                                  {"127.0.0.1:6604", true, {}, starting, std::nullopt}};
    model.update(fleet);
    QCOMPARE(model.count(), 4);
    QCOMPARE(model.answering(), 4);
    QCOMPARE(counts.size(), 1);
    const auto at = [&](int row, RunnersModel::Role role) { return model.data(model.index(row), role); };
    QCOMPARE(at(0, RunnersModel::StateRole).toString(), QStringLiteral("running"));
    QCOMPARE(at(0, RunnersModel::ReqRateRole).toString(), QStringLiteral("12.3"));
    QCOMPARE(at(0, RunnersModel::VusRole).toInt(), 4);
    QCOMPARE(at(1, RunnersModel::StateRole).toString(), QStringLiteral("paused"));
    QCOMPARE(at(1, RunnersModel::ReqRateRole).toString(), QStringLiteral("-"));
    QCOMPARE(at(2, RunnersModel::StateRole).toString(), QStringLiteral("ended"));
    QCOMPARE(at(3, RunnersModel::StateRole).toString(), QStringLiteral("starting"));

    fleet[1].connected = false;
    fleet[1].error = QStringLiteral("http://127.0.0.1:6602/v1/status: Connection refused");
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.update(fleet);
    QCOMPARE(model.count(), 4);
    QCOMPARE(model.answering(), 3);
    QCOMPARE(changed.size(), 1);   // only that row
    QCOMPARE(at(1, RunnersModel::StateRole).toString(), QStringLiteral("not answering"));
    QCOMPARE(at(1, RunnersModel::AnsweringRole).toBool(), false);
    QCOMPARE(at(1, RunnersModel::ErrorRole).toString(), fleet[1].error);
    QCOMPARE(at(1, RunnersModel::VusRole).toInt(), 4);   // its last known VUs

    model.update({});
    QCOMPARE(model.count(), 0);
}

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
