// `throttle status|pause|resume|scale|stats` through runCli (control-api.md §9): exact YAML,
// logrus-style failures with exit 255, log formats, flag errors and the exact PATCH wire format.
#include "apitestrun.h"
#include "cli/cli.h"
#include "cli/controlcommands.h"
#include "cli/controlyaml.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace throttle;

namespace {

struct CliResult {
    int code;
    QString out;
    QString err;
};

CliResult cli(const QStringList &args)
{
    QString out, err;
    QTextStream o(&out), e(&err);
    const int code = runCli(args, o, e);
    o.flush();
    e.flush();
    return {code, out, err};
}

} // namespace

class TestControlCommands : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void statusYaml();
    void failures_data();
    void failures();
    void logFormats();
    void steerAndStats();
    void scaleRateAndSchedule();
    void connectionRefused();
    void wireFormat_data();
    void wireFormat();
    void yamlFloat_data();
    void yamlFloat();
    void apiToken();

private:
    ApiTestRun *m_run = nullptr;
};

void TestControlCommands::initTestCase()
{
    qunsetenv("K6_ADDRESS");
    qunsetenv("THROTTLE_ADDRESS");
    m_run = new ApiTestRun;
    QVERIFY2(m_run->prepare("ext.js", {{"paused", true}}), qPrintable(m_run->error()));
    m_run->start();
    QVERIFY(m_run->waitStatus(4));
}

void TestControlCommands::cleanupTestCase()
{
    delete m_run;
}

void TestControlCommands::statusYaml()
{
    const CliResult r = cli({"status", "-a", m_run->address(), "extra", "args"});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    // k6's seven lines unchanged, then Throttle's scenarios block.
    QCOMPARE(r.out, QStringLiteral("status: 4\npaused: \"true\"\nvus: \"0\"\nvus-max: \"4\"\nstopped: false\nrunning: false\ntainted: false\n"
                                   "scenarios:\n  - name: ext\n    executor: externally-controlled\n    capabilities: [pause, vus, vus-max]\n"
                                   "    mode: manual\n    vus: 0\n    vus-max: 4\n"));
    QCOMPARE(cli({"status", "--address=" + m_run->address()}).out, r.out);
    // k6's global flags may come first; k6's other globals are accepted and change nothing here.
    QCOMPARE(cli({"-a", m_run->address(), "status"}).out, r.out);
    const CliResult g = cli({"--address=" + m_run->address(), "-q", "--no-color", "-v", "status"});
    QCOMPARE(g.code, 0);
    QCOMPARE(g.err, QString());
    QCOMPARE(g.out, r.out);
    QCOMPARE(cli({"-a" + m_run->address(), "status", "--quiet"}).out, r.out);
}

void TestControlCommands::failures_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");   // the msg="…" part, unquoted
    QTest::newRow("already paused") << QStringList{"pause"} << "Pause error: execution is already paused";
    QTest::newRow("scale nothing") << QStringList{"scale"} << "Specify either -u/--vus or -m/--max";
    QTest::newRow("scale bad int") << QStringList{"scale", "-u", "abc"}
                                   << "invalid argument \\\"abc\\\" for \\\"-u, --vus\\\" flag: strconv.ParseInt: parsing \\\"abc\\\": invalid syntax";
    QTest::newRow("scale bad rate") << QStringList{"scale", "--rate", "x"}
                                    << "invalid argument \\\"x\\\" for \\\"-r, --rate\\\" flag: strconv.ParseInt: parsing \\\"x\\\": invalid syntax";
    QTest::newRow("scale rate without arrival-rate") << QStringList{"scale", "--rate", "5"}
                                                     << "Execution config error: no scenario accepts a live rate change; a "
                                                        "constant-arrival-rate or ramping-arrival-rate executor needs to be configured";
    QTest::newRow("schedule on externally-controlled") << QStringList{"scale", "--schedule", "--scenario", "ext"}
                                                       << "Config update error: externally-controlled executor 'ext' has no schedule to return to";
    QTest::newRow("scale bounds") << QStringList{"scale", "-m", "2"}
                                  << "Config update error: the new number of max VUs cannot be lower than the starting number of max VUs (4)";
}

void TestControlCommands::failures()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const CliResult r = cli(args + QStringList{"-a", m_run->address()});
    QCOMPARE(r.code, 255);
    QCOMPARE(r.out, QString());
    QVERIFY2(r.err.startsWith(QLatin1String("time=\"")), qPrintable(r.err));
    QVERIFY2(r.err.endsWith(QStringLiteral(" level=error msg=\"%1\"\n").arg(message)), qPrintable(r.err));
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
}

void TestControlCommands::logFormats()
{
    CliResult r = cli({"pause", "-a", m_run->address(), "--log-format", "raw"});
    QCOMPARE(r.err, QStringLiteral("Pause error: execution is already paused\n"));
    r = cli({"pause", "-a", m_run->address(), "--log-format=json"});
    QVERIFY2(r.err.startsWith(QLatin1String("{\"level\":\"error\",\"msg\":\"Pause error: execution is already paused\",\"time\":\"")),
             qPrintable(r.err));
    r = cli({"stats", "-a", "", "--log-format", "raw"});
    QCOMPARE(r.code, 255);
    QVERIFY(r.err.startsWith(QLatin1String("The REST API server is disabled")));
    r = cli({"status", "-a", "", "--log-format", "raw"});
    QCOMPARE(r.err, QStringLiteral("Get \"http:///v1/status\": http: no Host in request URL\n"));
}

void TestControlCommands::steerAndStats()
{
    // Own run: this one gets resumed and scaled.
    ApiTestRun run;
    QVERIFY2(run.prepare("ext.js", {{"paused", true}}), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(4));
    CliResult r = cli({"resume", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QLatin1String("\npaused: \"false\"\n")));
    QVERIFY(run.waitUntil([&] { return run.run().status().vus == 2; }));
    r = cli({"scale", "--vus", "3", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QLatin1String("\nvus: \"3\"\nvus-max: \"4\"\n")), qPrintable(r.out));
    r = cli({"scale", "-u", "4", "-m", "5", "-a", run.address()});
    QVERIFY2(r.out.contains(QLatin1String("\nvus: \"4\"\nvus-max: \"5\"\n")), qPrintable(r.out));
    QVERIFY(run.waitUntil([&] { return run.run().status().tainted && run.metrics().snapshot().find("http_reqs"); }, 20000));
    r = cli({"stats", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QLatin1String("- name: http_reqs\n  type:\n    type: counter\n    valid: true\n  contains:\n    type: default\n"
                                          "    valid: true\n  tainted: \"\"\n  sample:\n    count: ")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("- name: http_req_duration\n  type:\n    type: trend\n")));
    QVERIFY(r.out.contains(QLatin1String("  tainted: \"false\"\n")));
    const qsizetype avg = r.out.indexOf(QLatin1String("    avg: "));
    QVERIFY(avg > 0 && avg < r.out.indexOf(QLatin1String("    p(95): ")));
    r = cli({"pause", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QLatin1String("paused: \"true\"\nvus: \"0\"\n")));
}

void TestControlCommands::scaleRateAndSchedule()
{
    ApiTestRun run;   // constant-arrival-rate "rate", 20/s
    QVERIFY2(run.prepare("rate.js"), qPrintable(run.error()));
    run.start();
    QVERIFY(run.waitStatus(int(ExecStatus::Running)));
    const auto rateNow = [&] { return run.run().status().scenarios.value(0).rate.value_or(-1); };
    CliResult r = cli({"scale", "--rate", "40", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.err, QString());
    QVERIFY2(r.out.startsWith(QLatin1String("status: 7\npaused: \"false\"\n")), qPrintable(r.out));
    QVERIFY(!r.out.contains(QLatin1String("scenarios:")));   // k6's commands print k6's lines only
    QCOMPARE(rateNow(), 40.0);
    QCOMPARE(run.run().status().scenarios.value(0).mode, QStringLiteral("manual"));
    r = cli({"status", "-a", run.address()});
    QVERIFY2(r.out.contains(QLatin1String("\ntainted: false\nscenarios:\n  - name: rate\n    executor: constant-arrival-rate\n"
                                          "    capabilities: [pause, rate]\n    mode: manual\n")), qPrintable(r.out));
    QVERIFY2(r.out.endsWith(QLatin1String("    vus-max: 10\n    rate: 40\n    timeUnit: 1s\n")), qPrintable(r.out));
    r = cli({"scale", "-r", "25", "--scenario", "rate", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QCOMPARE(rateNow(), 25.0);
    r = cli({"scale", "--schedule", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QCOMPARE(run.run().status().scenarios.value(0).mode, QStringLiteral("schedule"));
    QCOMPARE(rateNow(), 20.0);
    r = cli({"pause", "-a", run.address()});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QLatin1String("paused: \"true\"\nvus: \"0\"\n")));
}

void TestControlCommands::connectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const QString addr = QStringLiteral("127.0.0.1:%1").arg(port);
    CliResult r = cli({"status", "-a", addr, "--log-format", "raw"});
    QCOMPARE(r.code, 255);
    QCOMPARE(r.err, QStringLiteral("Get \"http://%1/v1/status\": dial tcp %1: connect: connection refused\n").arg(addr));
    // Global flags before the subcommand; the one repeated after it wins.
    QCOMPARE(cli({"--log-format", "raw", "-a", m_run->address(), "status", "-a", addr}).err, r.err);
    QCOMPARE(cli({"--log-format=raw", "-a", addr, "status"}).err, r.err);
    r = cli({"resume", "-a", addr, "--log-format", "raw"});
    QVERIFY(r.err.startsWith(QStringLiteral("Patch \"http://%1/v1/status\": ").arg(addr)));
}

void TestControlCommands::wireFormat_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("body");
    const QByteArray head = "{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":0,";
    const QByteArray tail = ",\"stopped\":false,\"running\":false,\"tainted\":false}}}";
    QTest::newRow("pause") << QStringList{"pause"} << head + "\"paused\":true,\"vus\":null,\"vus-max\":null" + tail;
    QTest::newRow("resume") << QStringList{"resume"} << head + "\"paused\":false,\"vus\":null,\"vus-max\":null" + tail;
    QTest::newRow("scale") << QStringList{"scale", "-u", "1", "-m", "2"} << head + "\"paused\":null,\"vus\":1,\"vus-max\":2" + tail;
    QTest::newRow("stop") << QStringList{"stop"}
                          << head + "\"paused\":null,\"vus\":null,\"vus-max\":null,\"stopped\":true,\"running\":false,\"tainted\":false}}}";
    QTest::newRow("scale max") << QStringList{"scale", "--max", "-3"} << head + "\"paused\":null,\"vus\":null,\"vus-max\":-3" + tail;
    // Throttle's additive attributes follow k6's seven, only when given.
    const QByteArray tailOpen = ",\"stopped\":false,\"running\":false,\"tainted\":false";
    QTest::newRow("scale rate") << QStringList{"scale", "--rate", "50", "--scenario", "r"}
                                << head + "\"paused\":null,\"vus\":null,\"vus-max\":null" + tailOpen + ",\"rate\":50,\"scenario\":\"r\"}}}";
    QTest::newRow("scale schedule") << QStringList{"scale", "--schedule"}
                                    << head + "\"paused\":null,\"vus\":null,\"vus-max\":null" + tailOpen + ",\"mode\":\"schedule\"}}}";
}

void TestControlCommands::wireFormat()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, body);
    // A bare TCP server records exactly what the client sends and answers with a fixed status.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QByteArray seen;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *s = server.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, s, [&seen, s] {
            seen += s->readAll();
            const qsizetype end = seen.indexOf("\r\n\r\n");
            const QByteArray head = seen.left(end).toLower();
            const qsizetype lengthAt = head.indexOf("content-length: ");
            const bool complete = end > 0 && (lengthAt > 0 ? seen.size() - end - 4 >= head.mid(lengthAt + 16).split('\r').first().toInt()
                                                           : seen.endsWith("0\r\n\r\n"));
            if (!complete)
                return;
            const QByteArray doc = "{\"data\":{\"attributes\":{\"status\":7,\"paused\":true,\"vus\":0,\"vus-max\":5}}}";
            s->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(doc.size()) + "\r\n\r\n" + doc);
        });
    });
    const CliResult r = cli(args + QStringList{"-a", QStringLiteral("127.0.0.1:%1").arg(server.serverPort())});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("status: 7\npaused: \"true\"\nvus: \"0\"\nvus-max: \"5\"\nstopped: false\nrunning: false\ntainted: false\n"));
    QVERIFY2(seen.startsWith("PATCH /v1/status HTTP/1.1\r\n"), seen.constData());
    const QByteArray headers = seen.left(seen.indexOf("\r\n\r\n")).toLower();
    QVERIFY(!headers.contains("content-type"));
    // k6's client sends this body chunked, without Content-Length; so must ours.
    QVERIFY2(headers.contains("transfer-encoding: chunked"), headers.constData());
    QVERIFY(!headers.contains("content-length"));
    QByteArray chunks = seen.mid(seen.indexOf("\r\n\r\n") + 4), decoded;
    for (;;) {
        const qsizetype eol = chunks.indexOf("\r\n");
        const int n = chunks.left(eol).toInt(nullptr, 16);
        if (n == 0)
            break;
        decoded += chunks.mid(eol + 2, n);
        chunks.remove(0, eol + 2 + n + 2);
    }
    QCOMPARE(decoded, body);
}

void TestControlCommands::yamlFloat_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integral") << 2.0 << "2";
    QTest::newRow("fraction") << 1.5 << "1.5";
    QTest::newRow("long") << 20.095716283112548 << "20.095716283112548";
    QTest::newRow("1e5") << 100000.0 << "100000";
    QTest::newRow("million") << 1234567.0 << "1.234567e+06";
    QTest::newRow("1e6") << 1e6 << "1e+06";
    QTest::newRow("small") << 0.0001 << "0.0001";
    QTest::newRow("smaller") << 0.00001 << "1e-05";
    QTest::newRow("negative") << -0.5 << "-0.5";
    QTest::newRow("zero") << 0.0 << "0";
    QTest::newRow("inf") << qInf() << ".inf";
    QTest::newRow("nan") << qQNaN() << ".nan";
}

void TestControlCommands::yamlFloat()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(formatYamlFloat(value), text);
}

// A server that requires a bearer token (--api-token): the commands send it from --api-token or
// THROTTLE_API_TOKEN, chunked PATCHes included; without it the server's 401 is printed as k6 would.
void TestControlCommands::apiToken()
{
    ApiServer server(ApiContext::forRun(m_run->run(), m_run->metrics()));
    server.setAccess(ApiAccessSettings{"s3cret", false});
    QString error;
    QVERIFY(server.start(QHostAddress::LocalHost, 0, &error));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(server.port());
    qunsetenv("THROTTLE_API_TOKEN");
    CliResult r = cli({"status", "-a", address, "--log-format", "raw"});
    QCOMPARE(r.code, 255);
    QCOMPARE(r.err.trimmed(), QStringLiteral("Unauthorized: this API requires a bearer token (Authorization: Bearer <token>, "
                                             "set by --api-token or THROTTLE_API_TOKEN)"));
    r = cli({"status", "-a", address, "--api-token", "s3cret"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("status: 4\n")));
    // PATCH (chunked, raw socket): authorised, so the answer is the run's own refusal.
    r = cli({"pause", "-a", address, "--api-token=s3cret", "--log-format", "raw"});
    QCOMPARE(r.code, 255);
    QCOMPARE(r.err.trimmed(), QStringLiteral("Pause error: execution is already paused"));
    qputenv("THROTTLE_API_TOKEN", "s3cret");
    r = cli({"stats", "-a", address});
    qunsetenv("THROTTLE_API_TOKEN");
    QCOMPARE(r.code, 0);
}

QTEST_GUILESS_MAIN(TestControlCommands)
#include "tst_controlcommands.moc"
