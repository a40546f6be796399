// Tests DemoTarget: its routes (through CurlTransport), its HTTP/1.1 parsing (raw sockets),
// and exact counters under concurrent load.

#include "core/http/curltransport.h"
#include "demo/demorequestparser.h"
#include "demo/demotarget.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>

#include <thread>
#include <vector>

using namespace throttle;

namespace {

QByteArray headerValue(const HttpResponse &r, const char *name)
{
    for (const auto &h : r.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject jsonObject(const QByteArray &body) { return QJsonDocument::fromJson(body).object(); }

} // namespace

class TestDemoTarget : public QObject {
    Q_OBJECT

private:
    HttpResponse request(const QByteArray &method, const QByteArray &path,
                         const QByteArray &body = {}, const HttpHeaders &headers = {})
    {
        HttpRequest r;
        r.method = method;
        r.url = m_target.baseUrl().toUtf8() + path;
        r.body = body;
        r.headers = headers;
        r.timeoutMs = 10000;
        return m_client.perform(r);
    }

    // Sends raw bytes on a fresh connection and reads until the server closes or `until`
    // appears `count` times.
    QByteArray raw(const QByteArray &bytes, const QByteArray &until = {}, int count = 1)
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_target.port());
        if (!s.waitForConnected(5000))
            return "connect failed";
        s.write(bytes);
        QByteArray in;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 5000) {
            if (!until.isEmpty() && in.count(until) >= count)
                break;
            if (s.state() != QAbstractSocket::ConnectedState && s.bytesAvailable() == 0)
                break;
            s.waitForReadyRead(100);
            in += s.readAll();
        }
        return in;
    }

    DemoTarget m_target;
    CurlTransport m_client;

private slots:
    void initTestCase()
    {
        QVERIFY(m_target.start());
        QVERIFY(m_target.port() > 0);
        QCOMPARE(m_target.baseUrl(), QString("http://127.0.0.1:%1").arg(m_target.port()));
    }
    void cleanupTestCase() { m_target.stop(); }

    void routes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("bodyContains");
        QTest::newRow("index") << QByteArray("GET") << QByteArray("/") << 200 << QByteArray("<html>");
        QTest::newRow("ok") << QByteArray("GET") << QByteArray("/ok") << 200 << QByteArray("ok");
        QTest::newRow("json") << QByteArray("GET") << QByteArray("/json") << 200 << QByteArray("\"name\":\"throttle\"");
        QTest::newRow("status 418") << QByteArray("GET") << QByteArray("/status/418") << 418 << QByteArray();
        QTest::newRow("status bad") << QByteArray("GET") << QByteArray("/status/abc") << 400 << QByteArray();
        QTest::newRow("bytes") << QByteArray("GET") << QByteArray("/bytes/5") << 200 << QByteArray("xxxxx");
        QTest::newRow("bytes too big") << QByteArray("GET") << QByteArray("/bytes/999999999999") << 400 << QByteArray();
        QTest::newRow("redirect 0") << QByteArray("GET") << QByteArray("/redirect/0") << 302 << QByteArray();
        QTest::newRow("delay 0") << QByteArray("GET") << QByteArray("/delay?ms=0") << 200 << QByteArray("delayed_ms");
        QTest::newRow("delay bad") << QByteArray("GET") << QByteArray("/delay?ms=x") << 400 << QByteArray();
        QTest::newRow("unknown") << QByteArray("GET") << QByteArray("/nope") << 404 << QByteArray();
        QTest::newRow("wrong method") << QByteArray("POST") << QByteArray("/ok") << 405 << QByteArray();
        QTest::newRow("login GET") << QByteArray("GET") << QByteArray("/login") << 200 << QByteArray("name=\"csrf\"");
        QTest::newRow("login PUT") << QByteArray("PUT") << QByteArray("/login") << 405 << QByteArray();
        QTest::newRow("echo DELETE") << QByteArray("DELETE") << QByteArray("/echo") << 200 << QByteArray("\"method\":\"DELETE\"");
        QTest::newRow("items") << QByteArray("GET") << QByteArray("/api/items") << 200 << QByteArray("apple");
        QTest::newRow("item 1") << QByteArray("GET") << QByteArray("/api/items/1") << 200 << QByteArray("apple");
        QTest::newRow("item missing") << QByteArray("GET") << QByteArray("/api/items/9999") << 404 << QByteArray();
        QTest::newRow("item bad id") << QByteArray("GET") << QByteArray("/api/items/x") << 404 << QByteArray();
    }
    void routes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        QFETCH(QByteArray, bodyContains);
        const HttpResponse r = request(method, path);
        QCOMPARE(r.errorCode, 0);
        QCOMPARE(r.status, status);
        QVERIFY2(r.body.contains(bodyContains), r.body.constData());
    }

    void redirectChain()
    {
        QCOMPARE(headerValue(request("GET", "/redirect/3"), "Location"), QByteArray("/redirect/2"));
        QCOMPARE(headerValue(request("GET", "/redirect/0"), "Location"), QByteArray("/ok"));
    }

    void echo()
    {
        const HttpResponse r = request("PUT", "/echo?a=1&b=2", "hello body", {{"X-Test", "yes"}});
        const QJsonObject o = jsonObject(r.body);
        QCOMPARE(o.value("method").toString(), QString("PUT"));
        QCOMPARE(o.value("path").toString(), QString("/echo"));
        QCOMPARE(o.value("query").toString(), QString("a=1&b=2"));
        QCOMPARE(o.value("body").toString(), QString("hello body"));
        QCOMPARE(o.value("headers").toObject().value("X-Test").toString(), QString("yes"));
    }

    void cookies()
    {
        const HttpResponse set = request("GET", "/cookies/set?k=v&n=2");
        QCOMPARE(jsonObject(set.body).value("cookies").toObject().value("k").toString(), QString("v"));
        QCOMPARE(headerValue(set, "Set-Cookie"), QByteArray("k=v; Path=/"));
        const HttpResponse show = request("GET", "/cookies", {}, {{"Cookie", "a=1; b=two"}});
        const QJsonObject c = jsonObject(show.body).value("cookies").toObject();
        QCOMPARE(c.value("a").toString(), QString("1"));
        QCOMPARE(c.value("b").toString(), QString("two"));
    }

    void login()
    {
        const HttpHeaders form{{"Content-Type", "application/x-www-form-urlencoded"}};
        const HttpResponse ok = request("POST", "/login", "user=ann+lee&password=secret", form);
        QCOMPARE(ok.status, 200);
        QCOMPARE(jsonObject(ok.body).value("ok").toBool(), true);
        QCOMPARE(jsonObject(ok.body).value("user").toString(), QString("ann lee"));
        QVERIFY(headerValue(ok, "Set-Cookie").startsWith("session="));
        QCOMPARE(request("POST", "/login", "user=ann", form).status, 401);
    }

    void loginCsrf()
    {
        const QByteArray page = request("GET", "/login").body;
        const QByteArray marker = "name=\"csrf\" value=\"";
        const qsizetype at = page.indexOf(marker);
        QVERIFY2(at > 0, page.constData());
        const qsizetype start = at + marker.size();
        const QByteArray token = page.mid(start, page.indexOf('"', start) - start);
        QVERIFY(token.contains('.'));
        const HttpHeaders form{{"Content-Type", "application/x-www-form-urlencoded"}};
        QCOMPARE(request("POST", "/login", "user=ann&password=pw&csrf=" + token, form).status, 200);
        QCOMPARE(request("POST", "/login", "user=ann&password=pw&csrf=forged.0000", form).status, 403);
        QCOMPARE(request("POST", "/login", "user=ann&password=pw&csrf=", form).status, 403);
    }

    void itemsCrud()
    {
        const HttpResponse created = request("POST", "/api/items", R"({"name":"tea","price":3})");
        QCOMPARE(created.status, 201);
        const int id = jsonObject(created.body).value("id").toInt();
        QVERIFY(id > 0);
        const QByteArray itemPath = "/api/items/" + QByteArray::number(id);
        QCOMPARE(jsonObject(request("GET", itemPath).body).value("name").toString(), QString("tea"));
        const HttpResponse put = request("PUT", itemPath, R"({"name":"green tea"})");
        QCOMPARE(put.status, 200);
        QCOMPARE(jsonObject(put.body).value("id").toInt(), id);
        QCOMPARE(jsonObject(request("GET", itemPath).body).value("name").toString(), QString("green tea"));
        QCOMPARE(request("DELETE", itemPath).status, 204);
        QCOMPARE(request("GET", itemPath).status, 404);
        QCOMPARE(request("DELETE", itemPath).status, 404);
        QCOMPARE(request("POST", "/api/items", "not json").status, 400);
        QCOMPARE(request("PATCH", "/api/items").status, 405);
    }

    void upload()
    {
        const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
                                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                                "Content-Type: application/octet-stream\r\n\r\n0123456789\r\n--XyZ--\r\n";
        const HttpResponse r = request("POST", "/upload", body,
                                       {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
        QCOMPARE(r.status, 200);
        const QJsonArray parts = jsonObject(r.body).value("parts").toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].toObject().value("name").toString(), QString("field"));
        QCOMPARE(parts[0].toObject().value("size").toInt(), 5);
        QCOMPARE(parts[1].toObject().value("filename").toString(), QString("a.bin"));
        QCOMPARE(parts[1].toObject().value("size").toInt(), 10);
        QCOMPARE(request("POST", "/upload", "x", {{"Content-Type", "text/plain"}}).status, 400);
    }

    void chunkedRequestBody()
    {
        const QByteArray in = raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                  "Connection: close\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n");
        QVERIFY2(in.startsWith("HTTP/1.1 200 OK"), in.constData());
        QVERIFY(in.contains("\"body\":\"hello world\""));
    }

    void pipelining()
    {
        const QByteArray in = raw("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /status/201 HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "GET /delay?ms=50 HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n",
                                  "HTTP/1.1 ", 4);
        const qsizetype first = in.indexOf("200 OK");
        const qsizetype second = in.indexOf("201 Created");
        const qsizetype third = in.indexOf("delayed_ms");
        const qsizetype fourth = in.lastIndexOf("\r\n\r\nok");
        QVERIFY2(first >= 0 && first < second && second < third && third < fourth, in.constData());
    }

    void http10ClosesByDefault()
    {
        const QByteArray in = raw("GET /ok HTTP/1.0\r\n\r\n");
        QVERIFY(in.startsWith("HTTP/1.1 200 OK"));
        QVERIFY(in.contains("Connection: close"));
        QVERIFY(in.endsWith("ok"));
    }

    void expectContinue()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_target.port());
        QVERIFY(s.waitForConnected(5000));
        s.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n"
                "Connection: close\r\n\r\n");
        QByteArray in;
        QElapsedTimer clock;
        clock.start();
        while (!in.contains("\r\n\r\n") && clock.elapsed() < 5000) {
            s.waitForReadyRead(100);
            in += s.readAll();
        }
        QCOMPARE(in, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        s.write("abc");
        while (!in.contains("\"body\":\"abc\"") && clock.elapsed() < 5000) {
            s.waitForReadyRead(100);
            in += s.readAll();
        }
        QVERIFY2(in.contains("HTTP/1.1 200 OK"), in.constData());
        QVERIFY(in.contains("\"body\":\"abc\""));
    }

    void garbage_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("statusLine");
        QTest::newRow("binary") << QByteArray("\x01\x02\x03\xff garbage\r\n\r\n", 17) << QByteArray("HTTP/1.1 400");
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << QByteArray("HTTP/1.1 400");
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nnocolon\r\n\r\n") << QByteArray("HTTP/1.1 400");
        QTest::newRow("bad length") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: -4\r\n\r\n") << QByteArray("HTTP/1.1 400");
        QTest::newRow("huge length") << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n") << QByteArray("HTTP/1.1 413");
        QTest::newRow("bad chunk") << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << QByteArray("HTTP/1.1 400");
        QTest::newRow("huge chunk") << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffff\r\n") << QByteArray("HTTP/1.1 413");
        QTest::newRow("gzip te") << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << QByteArray("HTTP/1.1 501");
        QTest::newRow("huge head") << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(70000, 'a')) << QByteArray("HTTP/1.1 431");
    }
    void garbage()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, statusLine);
        const QByteArray in = raw(bytes);
        QVERIFY2(in.startsWith(statusLine), in.left(80).constData());
        QVERIFY(in.contains("Connection: close"));
        QCOMPARE(request("GET", "/ok").status, 200);  // still serving
    }

    void parserByteByByte()
    {
        // Two pipelined requests fed one byte at a time parse exactly like one big read.
        const QByteArray wire = "POST /echo?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "3\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n"
                                "PUT /p HTTP/1.1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nwxyz";
        DemoRequestParser parser;
        QByteArray buffer;
        QList<DemoRequest> done;
        for (char c : wire) {
            buffer.append(c);
            const auto r = parser.feed(buffer);
            QVERIFY(r != DemoRequestParser::Result::Error);
            if (r == DemoRequestParser::Result::Done)
                done.append(parser.take());
        }
        QCOMPARE(done.size(), 2);
        QCOMPARE(done[0].method, QByteArray("POST"));
        QCOMPARE(done[0].path, QByteArray("/echo"));
        QCOMPARE(done[0].query, QByteArray("x=1"));
        QCOMPARE(done[0].body, QByteArray("abcde"));
        QVERIFY(done[0].keepAlive);
        QCOMPARE(done[1].body, QByteArray("wxyz"));
        QVERIFY(!done[1].keepAlive);
        QVERIFY(buffer.isEmpty());
    }

    void parserSurvivesRandomInput()
    {
        QRandomGenerator rng(42);
        const QByteArray seed = "GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (int round = 0; round < 2000; ++round) {
            QByteArray input = seed;
            for (int m = 0; m < 1 + int(rng.bounded(8)); ++m)  // mutate a valid-looking head
                input[int(rng.bounded(int(input.size())))] = char(rng.bounded(256));
            input += QByteArray::number(rng.generate(), 16) + "\r\n";
            DemoRequestParser parser;
            QByteArray buffer = input;
            for (int step = 0; step < 10; ++step) {  // bounded: every step consumes or stops
                const auto r = parser.feed(buffer);
                if (r == DemoRequestParser::Result::Error) {
                    QVERIFY(parser.errorStatus() >= 400);
                    break;
                }
                if (r == DemoRequestParser::Result::NeedMore)
                    break;
                parser.take();
            }
        }
    }

    void garbageOverTheWire()
    {
        QRandomGenerator rng(7);
        for (int i = 0; i < 20; ++i) {
            QByteArray junk(int(1 + rng.bounded(3000)), Qt::Uninitialized);
            for (char &c : junk)
                c = char(rng.bounded(256));
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_target.port());
            QVERIFY(s.waitForConnected(5000));
            s.write(junk + "\r\n\r\n");
            s.waitForBytesWritten(1000);
            s.abort();
        }
        QCOMPARE(request("GET", "/ok").status, 200);
    }

    void delayDoesNotBlockOthers()
    {
        HttpResponse slow;
        std::thread t([&] {
            CurlTransport c;
            HttpRequest r;
            r.url = m_target.baseUrl().toUtf8() + "/delay?ms=1500";
            slow = c.perform(r);
        });
        QElapsedTimer clock;
        clock.start();
        int fast = 0;
        for (int i = 0; i < 20; ++i)
            fast += request("GET", "/ok").status == 200;
        const qint64 took = clock.elapsed();
        t.join();
        QCOMPARE(fast, 20);
        QVERIFY2(took < 1000, qPrintable(QString::number(took)));
        QCOMPARE(slow.status, 200);
        QVERIFY(slow.timings.waiting >= 1400);
    }

    void hangingClientLeaves()
    {
        m_target.resetCounters();
        CurlTransport c;
        HttpRequest r;
        r.url = m_target.baseUrl().toUtf8() + "/hang";
        r.timeoutMs = 300;
        QCOMPARE(c.perform(r).errorCode, 1050);
        QCOMPARE(m_target.requestCount("/hang"), 1);
        QCOMPARE(request("GET", "/ok").status, 200);
    }

    void countersUnderConcurrentLoad()
    {
        m_target.resetCounters();
        constexpr int Threads = 8;
        constexpr int PerThread = 200;
        std::vector<std::thread> threads;
        std::vector<int> ok(Threads, 0);
        for (int i = 0; i < Threads; ++i) {
            threads.emplace_back([this, i, &ok] {
                CurlTransport c;
                for (int n = 0; n < PerThread; ++n) {
                    HttpRequest r;
                    r.url = m_target.baseUrl().toUtf8() + (n % 2 ? "/json" : "/ok?n=" + QByteArray::number(n));
                    ok[i] += c.perform(r).status == 200;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        for (int i = 0; i < Threads; ++i)
            QCOMPARE(ok[i], PerThread);
        QCOMPARE(m_target.requestCount(), qint64(Threads * PerThread));
        QCOMPARE(m_target.requestCount("/ok"), qint64(Threads * PerThread / 2));
        QCOMPARE(m_target.requestCount("/json"), qint64(Threads * PerThread / 2));
        QCOMPARE(m_target.connectionCount(), qint64(Threads));
        m_target.resetCounters();
        QCOMPARE(m_target.requestCount(), 0);
        QCOMPARE(m_target.requestCount("/ok"), 0);
        QCOMPARE(m_target.connectionCount(), 0);
    }

    void restart()
    {
        DemoTarget other;
        QVERIFY(other.start());
        const quint16 first = other.port();
        other.stop();
        QVERIFY(!other.isRunning());
        QVERIFY(other.start());
        QVERIFY(other.port() > 0);
        CurlTransport c;
        HttpRequest r;
        r.url = other.baseUrl().toUtf8() + "/ok";
        QCOMPARE(c.perform(r).status, 200);
        Q_UNUSED(first);
    }

    void portInUseFails()
    {
        DemoTarget other;
        QVERIFY(!other.start(QHostAddress::LocalHost, m_target.port()));
        QVERIFY(!other.errorString().isEmpty());
        QVERIFY(!other.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestDemoTarget)
#include "tst_demotarget.moc"
