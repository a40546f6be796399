// ApiServer over real sockets: the route table (control-api.md §1.3), Go ServeMux manners,
// response conventions (§1.4) and the QHttpServer 6.4 gaps (ARCHITECTURE.md §2). The run behind
// it is started with --paused, so it waits in status 4 and nothing changes under the tests.
#include "apitestrun.h"
#include "httpprobe.h"

#include <QTcpSocket>
#include <QtTest>

using namespace throttle;

class TestApiServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void routes_data();
    void routes();
    void head();
    void chunkedBodyWithoutContentType();
    void expectContinue();
    void bodyTooLargeAnnounced();
    void bodyTooLargeChunked();
    void connectionClose();
    void http10Closes();
    void keepAlive();
    void closeEndsConnections();
    void bindFailure();

private:
    ApiTestRun *m_run = nullptr;
};

void TestApiServer::initTestCase()
{
    m_run = new ApiTestRun;
    QVERIFY2(m_run->prepare(QStringLiteral("ext.js"), {{"paused", true}}), qPrintable(m_run->error()));
    m_run->start();
    QVERIFY(m_run->waitStatus(int(ExecStatus::PausedBeforeRun)));
}

void TestApiServer::cleanupTestCase()
{
    delete m_run;
}

void TestApiServer::routes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");   // "-" = header absent
    QTest::addColumn<QByteArray>("body");          // "*" = not checked
    QTest::addColumn<QByteArray>("location");
    const QByteArray json = "application/json; charset=utf-8", text = "text/plain; charset=utf-8";
    const QByteArray notFound = "404 page not found\n";
    const QByteArray noMetric = "{\"errors\":[{\"status\":\"404\",\"title\":\"Not Found\",\"detail\":\"No metric with that ID was found\"}]}";
    const QByteArray noGroup = "{\"errors\":[{\"status\":\"404\",\"title\":\"Not Found\",\"detail\":\"No group with that ID was found\"}]}";
    const QByteArray pprof = "To enable profiling, please run k6 with the --profiling-enabled flag";
    const auto row = [](const char *name, const char *m, const char *t, int s, const QByteArray &ct, const QByteArray &b,
                        const char *loc = "") { QTest::newRow(name) << QByteArray(m) << QByteArray(t) << s << ct << b << QByteArray(loc); };
    row("status GET", "GET", "/v1/status", 200, json, "*");
    row("status query", "GET", "/v1/status?x=1", 200, json, "*");
    row("status decoded", "GET", "/v1/%73tatus", 200, json, "*");
    for (const char *m : {"POST", "PUT", "DELETE", "OPTIONS"})
        row(qPrintable(QStringLiteral("status %1").arg(m)), m, "/v1/status", 405, "-", "");
    row("metrics GET", "GET", "/v1/metrics", 200, text, "*");
    for (const char *m : {"PATCH", "POST", "PUT", "DELETE"})
        row(qPrintable(QStringLiteral("metrics %1").arg(m)), m, "/v1/metrics", 405, "-", "");
    row("metric unknown", "GET", "/v1/metrics/nope", 404, text, noMetric);
    row("metric empty id", "GET", "/v1/metrics/", 404, text, noMetric);
    row("metric extra path", "GET", "/v1/metrics/http_reqs/extra", 404, text, noMetric);
    row("metric PATCH", "PATCH", "/v1/metrics/x", 405, "-", "");
    row("groups GET", "GET", "/v1/groups", 200, text, "*");
    row("groups POST", "POST", "/v1/groups", 405, "-", "");
    row("group root", "GET", "/v1/groups/d41d8cd98f00b204e9800998ecf8427e", 200, text, "*");
    row("group unknown", "GET", "/v1/groups/abc", 404, text, noGroup);
    row("group PUT", "PUT", "/v1/groups/abc", 405, "-", "");
    row("setup GET", "GET", "/v1/setup", 200, "application/json", "*");
    row("setup PATCH", "PATCH", "/v1/setup", 405, "-", "");
    row("setup DELETE", "DELETE", "/v1/setup", 405, "-", "");
    for (const char *m : {"GET", "PUT", "PATCH", "DELETE"})
        row(qPrintable(QStringLiteral("teardown %1").arg(m)), m, "/v1/teardown", 405, "-", "");
    row("v1 GET", "GET", "/v1", 301, "text/html; charset=utf-8", "<a href=\"/v1/\">Moved Permanently</a>.\n\n", "/v1/");
    row("v1 POST", "POST", "/v1", 301, "-", "", "/v1/");
    row("v1 slash", "GET", "/v1/", 404, text, notFound);
    row("status slash", "GET", "/v1/status/", 404, text, notFound);
    row("v1 unknown", "PUT", "/v1/nope", 404, text, notFound);
    row("double slash", "GET", "//v1/status", 301, "text/html; charset=utf-8", "<a href=\"/v1/status\">Moved Permanently</a>.\n\n", "/v1/status");
    row("dot", "GET", "/v1/./status", 301, "text/html; charset=utf-8", "*", "/v1/status");
    row("dotdot query", "GET", "/v1/x/../status?a=1", 301, "text/html; charset=utf-8", "*", "/v1/status?a=1");
    row("pprof", "GET", "/debug/pprof/", 200, text, pprof);
    row("pprof heap", "GET", "/debug/pprof/heap", 200, text, pprof);
    row("root", "GET", "/", 200, text, "ok");
    row("ping POST", "POST", "/ping", 200, text, "ok");
    row("upper case v1", "GET", "/V1/status", 200, text, "ok");
    row("other DELETE", "DELETE", "/x/y", 200, text, "ok");
    row("prometheus", "GET", "/metrics", 200, "text/plain; version=0.0.4; charset=utf-8", "*");
}

void TestApiServer::routes()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, location);
    const ProbeResponse r = HttpProbe(m_run->port()).request(method, target);
    QCOMPARE(r.status, status);
    QCOMPARE(r.headers.value("content-type", "-"), contentType);
    if (body != "*")
        QCOMPARE(r.body, body);
    QCOMPARE(r.headers.value("content-length"), QByteArray::number(r.body.size()));
    QCOMPARE(r.headers.value("location"), location);
    if (status == 404 && contentType == "text/plain; charset=utf-8" && body == "404 page not found\n")
        QCOMPARE(r.headers.value("x-content-type-options"), QByteArray("nosniff"));
}

void TestApiServer::head()
{
    const QList<ProbeResponse> r = HttpProbe(m_run->port()).exchange("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1, true);
    QCOMPARE(r.value(0).status, 200);
    QCOMPARE(r.value(0).body, QByteArray());
    QCOMPARE(HttpProbe(m_run->port()).request("HEAD", "/v1/status").status, 405);
}

void TestApiServer::chunkedBodyWithoutContentType()
{
    const QByteArray body = "{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":0,\"paused\":null,\"vus\":null,"
                            "\"vus-max\":null,\"stopped\":false,\"running\":false,\"tainted\":false}}}";
    const QByteArray raw = "PATCH /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + HttpProbe::chunked(body);
    const ProbeResponse r = HttpProbe(m_run->port()).exchange(raw).value(0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
    QVERIFY(r.body.contains("\"status\":4"));
}

void TestApiServer::expectContinue()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_run->port());
    QVERIFY(waitUntil([&] { return s.state() == QAbstractSocket::ConnectedState; }));
    s.write("PUT /v1/setup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\nExpect: 100-continue\r\n\r\n");
    QByteArray got;
    QVERIFY(waitUntil([&] { got += s.readAll(); return got.contains("\r\n\r\n"); }));
    QVERIFY2(got.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), got.constData());
    s.write("{\"a\":[1]}");
    QVERIFY(waitUntil([&] { got += s.readAll(); return got.contains("}}}"); }));
    QVERIFY2(got.contains("HTTP/1.1 200 OK"), got.constData());
    QVERIFY(got.endsWith("{\"data\":{\"type\":\"setupData\",\"id\":\"default\",\"attributes\":{\"data\":{\"a\":[1]}}}}"));
}

void TestApiServer::bodyTooLargeAnnounced()
{
    const QByteArray raw = "PUT /v1/setup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n";
    const ProbeResponse r = HttpProbe(m_run->port()).exchange(raw, 1, false, true).value(0);
    QCOMPARE(r.status, 413);
    QVERIFY(r.interim.isEmpty());
    QVERIFY(r.body.startsWith("{\"errors\":[{\"status\":\"413\",\"title\":\"Request body too large\""));
    QVERIFY(r.closedByServer);
}

void TestApiServer::bodyTooLargeChunked()
{
    const QByteArray raw = "PUT /v1/setup HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                           HttpProbe::chunked("\"" + QByteArray(1200 * 1024, 'a') + "\"", 64 * 1024);
    const ProbeResponse r = HttpProbe(m_run->port()).exchange(raw).value(0);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.headers.value("connection"), QByteArray("close"));
    // Just under the limit is fine.
    const QByteArray ok = "PUT /v1/setup HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" +
                          HttpProbe::chunked("\"" + QByteArray(1000 * 1024, 'a') + "\"", 64 * 1024);
    QCOMPARE(HttpProbe(m_run->port()).exchange(ok).value(0).status, 200);
    QCOMPARE(HttpProbe(m_run->port()).request("PUT", "/v1/setup").status, 200);   // clear again
}

void TestApiServer::connectionClose()
{
    const ProbeResponse r = HttpProbe(m_run->port()).exchange("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 1,
                                                             false, true).value(0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("connection"), QByteArray("close"));
    QVERIFY(r.closedByServer);
}

void TestApiServer::http10Closes()
{
    const ProbeResponse r = HttpProbe(m_run->port()).exchange("GET / HTTP/1.0\r\n\r\n", 1, false, true).value(0);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("ok"));
    QVERIFY(r.closedByServer);
}

void TestApiServer::keepAlive()
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, m_run->port());
    QVERIFY(waitUntil([&] { return s.state() == QAbstractSocket::ConnectedState; }));
    for (int i = 0; i < 3; ++i) {
        s.write("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray got;
        QVERIFY(waitUntil([&] { got += s.readAll(); return got.endsWith("}}}"); }));
        QVERIFY(got.startsWith("HTTP/1.1 200 OK"));
    }
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
}

void TestApiServer::closeEndsConnections()
{
    ApiServer server(ApiContext::forRun(m_run->run(), m_run->metrics()));
    QString error;
    QVERIFY(server.start(QHostAddress::LocalHost, 0, &error));
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(waitUntil([&] { return idle.state() == QAbstractSocket::ConnectedState; }));
    idle.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(waitUntil([&] { return idle.bytesAvailable() > 0; }));
    server.close();
    QVERIFY(!server.isListening());
    QVERIFY(waitUntil([&] { return idle.state() == QAbstractSocket::UnconnectedState; }, 3000));
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(waitUntil([&] { return late.state() == QAbstractSocket::UnconnectedState; }, 3000));
    QCOMPARE(late.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestApiServer::bindFailure()
{
    ApiServer second(ApiContext::forRun(m_run->run(), m_run->metrics()));
    QString error;
    QVERIFY(!second.start(QStringLiteral("127.0.0.1:%1").arg(m_run->port()), &error));
    QCOMPARE(error, QStringLiteral("listen tcp 127.0.0.1:%1: bind: address already in use").arg(m_run->port()));
    QVERIFY(!second.start(QStringLiteral("nonsense"), &error));
    QVERIFY(error.contains(QLatin1String("missing port")));
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
