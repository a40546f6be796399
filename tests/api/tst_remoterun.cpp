// RemoteRun steering a real LocalRun through an in-process ApiServer on 127.0.0.1:0: the polled
// status follows the run; pause/resume/scale/stop and the setup endpoints go over REST; errors come
// back as the exact ControlError of the error document; a refused connection shows as an error.
// The blocking control calls run on a second thread while this thread's event loop serves the API.
#include "api/remoterun.h"
#include "apitestrun.h"

#include <QTcpServer>
#include <QtTest>
#include <future>

using namespace throttle;

namespace {

// Runs f() on another thread while this thread keeps serving; nullopt if it did not finish in time.
template <typename F>
auto offThread(F f) -> std::optional<decltype(f())>
{
    auto fut = std::async(std::launch::async, f);
    if (!waitUntil([&] { return fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 20000))
        return std::nullopt;
    return fut.get();
}

const MetricReading *findMetric(const QList<MetricReading> &metrics, const QString &name)
{
    for (const MetricReading &m : metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

} // namespace

class TestRemoteRun : public QObject {
    Q_OBJECT
private slots:
    void statusFollowsAndControlsSteer();
    void steerForwardsRateAndMode();
    void controlErrors_data();
    void controlErrors();
    void metricsPoll();
    void groupsPoll();
    void parseGroupsRejectsAndSurvivesBadDocuments();
    void setupEndpoints();
    void refusedConnection();
    void errorDocumentMapping_data();
    void errorDocumentMapping();
    void attachSendsTheApiToken();
};

void TestRemoteRun::statusFollowsAndControlsSteer()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    RemoteRun remote(run.address());
    QSignalSpy changed(&remote, &RunControl::statusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(remote.connected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::PausedBeforeRun), 10000);
    QVERIFY(remote.status().paused);
    QVERIFY(remote.lastError().isEmpty());
    QVERIFY(changed.count() > 0);

    std::optional<ControlError> e = offThread([&] { return remote.resume(); });
    QVERIFY(e && e->ok());
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::Running), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().vus, 2, 10000);
    QCOMPARE(remote.status().vusMax, 4);

    e = offThread([&] { return remote.scale(3, std::nullopt); });
    QVERIFY(e && e->ok());
    QCOMPARE(run.run().status().vus, 3);
    QCOMPARE(remote.status().vus, 3);   // the PATCH answer is applied at once

    e = offThread([&] { return remote.scale(std::nullopt, 6); });
    QVERIFY(e && e->ok());
    QCOMPARE(run.run().status().vusMax, 6);

    e = offThread([&] { return remote.pause(); });
    QVERIFY(e && e->ok());
    QVERIFY(run.run().status().paused);
    QTRY_VERIFY(remote.status().paused);
    QCOMPARE(remote.status().vus, 0);

    e = offThread([&] { return remote.resume(); });
    QVERIFY(e && e->ok());
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().vus, 3, 10000);

    e = offThread([&] { return remote.stop(); });
    QVERIFY(e && e->ok());
    QVERIFY(run.waitFinished());
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::Interrupted), 10000);
    QVERIFY(remote.status().stopped);
    QVERIFY(!remote.status().running);
}

void TestRemoteRun::steerForwardsRateAndMode()
{
    ApiTestRun run;   // constant-arrival-rate "rate", 20/s
    QVERIFY2(run.prepare("rate.js"), qPrintable(run.error()));
    run.start();
    RemoteRun remote(run.address());
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::Running), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().scenarios.size(), 1, 10000);
    const ScenarioStatus first = remote.status().scenarios.first();
    QCOMPARE(first.name, QStringLiteral("rate"));
    QCOMPARE(first.executor, QStringLiteral("constant-arrival-rate"));
    QCOMPARE(first.capabilities, (QStringList{"pause", "rate"}));
    QCOMPARE(first.rate.value_or(-1), 20.0);
    QCOMPARE(first.timeUnitMs, 1000);

    std::optional<ControlError> e = offThread([&] { return remote.setRate(35, QStringLiteral("rate")); });
    QVERIFY(e && e->ok());
    QCOMPARE(run.run().status().scenarios.first().rate.value_or(-1), 35.0);
    QCOMPARE(remote.status().scenarios.first().mode, QStringLiteral("manual"));   // from the PATCH answer
    e = offThread([&] { return remote.setRate(-1); });
    QVERIFY(e);
    QCOMPARE(e->httpStatus, 400);
    QCOMPARE(e->detail, QStringLiteral("invalid configuration supplied: the iteration rate can't be negative"));
    e = offThread([&] { return remote.backToSchedule(); });
    QVERIFY(e && e->ok());
    QCOMPARE(run.run().status().scenarios.first().mode, QStringLiteral("schedule"));
    QCOMPARE(remote.status().scenarios.first().rate.value_or(-1), 20.0);
}

void TestRemoteRun::controlErrors_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("detail");
    QTest::newRow("vus above max") << "vus5" << 400 << "Config update error"
                                   << "invalid configuration supplied: the number of active VUs (5) must be less than or "
                                      "equal to the number of maxVUs (4)";
    QTest::newRow("max below configured") << "max3" << 400 << "Config update error"
                                          << "the new number of max VUs cannot be lower than the starting number of max VUs (4)";
    QTest::newRow("resume running") << "resume" << 500 << "Pause error" << "test execution wasn't paused";
}

void TestRemoteRun::controlErrors()
{
    QFETCH(QString, op);
    QFETCH(int, httpStatus);
    QFETCH(QString, title);
    QFETCH(QString, detail);
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 2; }));
    RemoteRun remote(run.address());
    const std::optional<ControlError> e = offThread([&] {
        if (op == QLatin1String("vus5"))
            return remote.scale(5, std::nullopt);
        if (op == QLatin1String("max3"))
            return remote.scale(std::nullopt, 3);
        return remote.resume();
    });
    QVERIFY(e);
    QCOMPARE(e->httpStatus, httpStatus);
    QCOMPARE(e->title, title);
    QCOMPARE(e->detail, detail);
    QCOMPARE(run.run().status().vus, 2);   // nothing changed
    QCOMPARE(run.run().status().vusMax, 4);
}

void TestRemoteRun::metricsPoll()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    RemoteRun remote(run.address());
    remote.setPollInterval(50);
    QSignalSpy spy(&remote, &RemoteRun::metricsChanged);
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        const MetricReading *m = findMetric(remote.metricReadings(), QStringLiteral("http_reqs"));
        return m && m->sample.value(QStringLiteral("count")) > 0;
    }(), 15000);
    QVERIFY(spy.count() > 0);
    QVERIFY(remote.metricsPolls() > 0);
    const QList<MetricReading> metrics = remote.metricReadings();
    const MetricReading *reqs = findMetric(metrics, QStringLiteral("http_reqs"));
    QCOMPARE(reqs->type, QStringLiteral("counter"));
    QCOMPARE(reqs->contains, QStringLiteral("default"));
    QVERIFY(reqs->sample.contains(QStringLiteral("rate")));
    QTRY_VERIFY_WITH_TIMEOUT(findMetric(remote.metricReadings(), QStringLiteral("http_req_duration")), 10000);
    const MetricReading *duration = findMetric(remote.metricReadings(), QStringLiteral("http_req_duration"));
    QCOMPARE(duration->type, QStringLiteral("trend"));
    QCOMPARE(duration->contains, QStringLiteral("time"));
    QCOMPARE(QStringList(duration->sample.keys()),
             (QStringList{"avg", "max", "med", "min", "p(90)", "p(95)"}));
    const MetricReading *failed = findMetric(remote.metricReadings(), QStringLiteral("http_req_failed"));
    QVERIFY(failed);
    QCOMPARE(failed->type, QStringLiteral("rate"));
}

void TestRemoteRun::groupsPoll()
{
    // ext.js: group g1 { check 'status is 200'; group inner {} } per iteration.
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js"), qPrintable(run.error()));
    run.start();
    RemoteRun remote(run.address());
    remote.setPollInterval(50);
    // The root lists "::setup" (k6 runs setup() in a group of that name) and "::g1".
    const auto g1Of = [](const GroupNode &root) -> const GroupNode * {
        for (const GroupNode &g : root.children)
            if (g.path == QLatin1String("::g1"))
                return &g;
        return nullptr;
    };
    const auto passes = [&] {
        const GroupNode root = remote.groups();
        const GroupNode *g = g1Of(root);
        return !g || g->checks.isEmpty() ? quint64(0) : g->checks.first().passes;
    };
    QTRY_VERIFY_WITH_TIMEOUT(passes() > 0, 15000);
    const GroupNode root = remote.groups();
    QCOMPARE(root.path, QString());
    QCOMPARE(root.id, QStringLiteral("d41d8cd98f00b204e9800998ecf8427e"));   // MD5 of ""
    QCOMPARE(root.children.size(), 2);
    QCOMPARE(root.children.first().path, QStringLiteral("::setup"));
    const GroupNode &g1 = *g1Of(root);
    QCOMPARE(g1.name, QStringLiteral("g1"));
    QCOMPARE(g1.path, QStringLiteral("::g1"));
    QCOMPARE(g1.checks.size(), 1);
    QCOMPARE(g1.checks.first().name, QStringLiteral("status is 200"));
    QCOMPARE(g1.checks.first().path, QStringLiteral("::g1::status is 200"));
    QCOMPARE(g1.checks.first().fails, quint64(0));
    QCOMPARE(g1.children.size(), 1);
    QCOMPARE(g1.children.first().path, QStringLiteral("::g1::inner"));
    // Counts keep following the run.
    const quint64 first = g1.checks.first().passes;
    QTRY_VERIFY_WITH_TIMEOUT(passes() > first, 15000);
}

void TestRemoteRun::parseGroupsRejectsAndSurvivesBadDocuments()
{
    GroupNode root;
    QVERIFY(!RemoteRun::parseGroups("not json", &root));
    QVERIFY(!RemoteRun::parseGroups(R"({"data":{}})", &root));
    QVERIFY(!RemoteRun::parseGroups(R"({"data":[]})", &root));   // no root
    // A group naming itself and an unknown id as children: linked once, unknown ids skipped.
    QVERIFY(RemoteRun::parseGroups(
        R"({"data":[{"type":"groups","id":"r","attributes":{"path":"","name":"","checks":null},)"
        R"("relationships":{"groups":{"data":[{"type":"groups","id":"a"},{"type":"groups","id":"zz"}]},"parent":{"data":null}}},)"
        R"({"type":"groups","id":"a","attributes":{"path":"::a","name":"a","checks":[{"id":"c","path":"::a::ok","name":"ok","passes":3,"fails":1}]},)"
        R"("relationships":{"groups":{"data":[{"type":"groups","id":"a"},{"type":"groups","id":"r"}]},"parent":{"data":{"type":"groups","id":"r"}}}}]})",
        &root));
    QCOMPARE(root.id, QStringLiteral("r"));
    QCOMPARE(root.children.size(), 1);
    QCOMPARE(root.children.first().children.size(), 0);
    QCOMPARE(root.children.first().checks.first().passes, quint64(3));
    QCOMPARE(root.children.first().checks.first().fails, quint64(1));
}

void TestRemoteRun::setupEndpoints()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(int(ExecStatus::PausedBeforeRun)));
    RemoteRun remote(run.address());
    std::optional<std::optional<QByteArray>> data = offThread([&] { return remote.setupData(); });
    QVERIFY(data);
    QVERIFY(!data->has_value());   // nothing set yet
    QVERIFY(offThread([&] { remote.setSetupData(QByteArray("{\"a\":[1,2]}")); return true; }));
    QCOMPARE(run.run().setupData(), std::optional<QByteArray>("{\"a\":[1,2]}"));
    data = offThread([&] { return remote.setupData(); });
    QVERIFY(data && data->has_value());
    QCOMPARE(**data, QByteArray("{\"a\":[1,2]}"));
    const std::optional<ControlError> setup = offThread([&] { return remote.runSetup(); });
    QVERIFY(setup && setup->ok());
    QCOMPARE(run.run().setupData(), std::optional<QByteArray>("{\"answer\":42}"));
    const std::optional<ControlError> teardown = offThread([&] { return remote.runTeardown(); });
    QVERIFY(teardown && teardown->ok());
}

void TestRemoteRun::refusedConnection()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();   // nothing listens there now
    const QString address = QStringLiteral("127.0.0.1:%1").arg(port);
    RemoteRun remote(address);
    QSignalSpy spy(&remote, &RemoteRun::connectionChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!remote.lastError().isEmpty(), 10000);
    QVERIFY(!remote.connected());
    QVERIFY2(remote.lastError().contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(remote.lastError()));
    QVERIFY(spy.count() > 0);
    QCOMPARE(remote.status().status, 0);
    const std::optional<ControlError> e = offThread([&] { return remote.pause(); });
    QVERIFY(e);
    QCOMPARE(e->httpStatus, RemoteRun::kTransportError);
    QCOMPARE(e->title, QStringLiteral("Connection error"));
    QCOMPARE(e->detail, QStringLiteral("Patch \"http://%1/v1/status\": dial tcp %1: connect: connection refused").arg(address));
}

void TestRemoteRun::errorDocumentMapping_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("detail");
    QTest::newRow("ok") << 200 << QByteArray("{}") << 0 << "" << "";
    QTest::newRow("document") << 500 << QByteArray(R"({"errors":[{"status":"500","title":"Pause error","detail":"x y"}]})")
                              << 500 << "Pause error" << "x y";
    QTest::newRow("no document") << 404 << QByteArray("nope") << 404 << "HTTP 404" << "nope";
}

void TestRemoteRun::errorDocumentMapping()
{
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, title);
    QFETCH(QString, detail);
    const ControlError e = RemoteRun::errorFromReply(http, body, {});
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.title, title);
    QCOMPARE(e.detail, detail);
}

// The desktop's attach to a run whose API needs a token: RemoteRun sends $THROTTLE_API_TOKEN.
void TestRemoteRun::attachSendsTheApiToken()
{
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    ApiServer server(ApiContext::forRun(run.run(), run.metrics()));
    server.setAccess(ApiAccessSettings{"s3cret", false});
    QString error;
    QVERIFY(server.start(QHostAddress::LocalHost, 0, &error));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(server.port());
    {
        qunsetenv("THROTTLE_API_TOKEN");
        RemoteRun anonymous(address);
        QTRY_VERIFY_WITH_TIMEOUT(!anonymous.lastError().isEmpty(), 10000);
        QVERIFY(!anonymous.connected());
    }
    qputenv("THROTTLE_API_TOKEN", "s3cret");
    RemoteRun remote(address);
    QTRY_VERIFY_WITH_TIMEOUT(remote.connected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::PausedBeforeRun), 10000);
    std::optional<ControlError> e = offThread([&] { return remote.resume(); });   // PATCH, raw socket
    QVERIFY(e && e->ok());
    QTRY_COMPARE_WITH_TIMEOUT(remote.status().status, int(ExecStatus::Running), 10000);
    qunsetenv("THROTTLE_API_TOKEN");
}

QTEST_GUILESS_MAIN(TestRemoteRun)
#include "tst_remoterun.moc"
