// Tests CurlTransport against a real DemoTarget (and a raw socket server for misbehaviour the
// demo target does not offer) on 127.0.0.1.

#include "core/http/curltransport.h"
#include "demo/demotarget.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace throttle;

namespace {

// A one-trick server on plain sockets: reads each request head, then either answers with a
// canned byte string and closes, or resets the connection (SO_LINGER 0).
class RawServer {
public:
    enum class Mode { Reply, Reset };

    RawServer(QByteArray reply, Mode mode)
        : m_reply(std::move(reply))
        , m_mode(mode)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_fd, 16);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~RawServer()
    {
        ::shutdown(m_fd, SHUT_RDWR);  // wakes accept()
        m_thread.join();
        ::close(m_fd);
    }
    QByteArray url(const char *path = "/") const
    {
        return "http://127.0.0.1:" + QByteArray::number(m_port) + path;
    }

private:
    void serve()
    {
        for (;;) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0)
                return;
            QByteArray in;
            char buf[4096];
            while (!in.contains("\r\n\r\n")) {
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0)
                    break;
                in.append(buf, n);
            }
            if (m_mode == Mode::Reset) {
                linger l{1, 0};
                ::setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            } else {
                ::send(c, m_reply.constData(), size_t(m_reply.size()), MSG_NOSIGNAL);
            }
            ::close(c);
        }
    }

    QByteArray m_reply;
    Mode m_mode;
    int m_fd = -1;
    quint16 m_port = 0;
    std::thread m_thread;
};

QByteArray headerValue(const HttpResponse &r, const char *name)
{
    for (const auto &h : r.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject jsonBody(const HttpResponse &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

} // namespace

class TestCurlTransport : public QObject {
    Q_OBJECT

private:
    QByteArray url(const QByteArray &path) const { return m_target.baseUrl().toUtf8() + path; }
    HttpResponse get(CurlTransport &t, const QByteArray &path, qint64 timeoutMs = 10000)
    {
        HttpRequest r;
        r.url = url(path);
        r.timeoutMs = timeoutMs;
        return t.perform(r);
    }

    DemoTarget m_target;

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }
    void cleanupTestCase() { m_target.stop(); }

    void simpleGet()
    {
        CurlTransport t;
        const HttpResponse r = get(t, "/ok");
        QCOMPARE(r.errorCode, 0);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.statusText, QByteArray("200 OK"));
        QCOMPARE(r.proto, QByteArray("HTTP/1.1"));
        QCOMPARE(r.body, QByteArray("ok"));
        QCOMPARE(r.remoteIp, QByteArray("127.0.0.1"));
        QCOMPARE(r.remotePort, int(m_target.port()));
        QCOMPARE(headerValue(r, "Content-Length"), QByteArray("2"));
        QVERIFY(r.tlsVersion.isEmpty());
        QVERIFY(r.tlsCipherSuite.isEmpty());
        QVERIFY(!r.cancelled);
    }

    void connectionReuse()
    {
        CurlTransport t;
        m_target.resetCounters();
        for (int i = 0; i < 5; ++i)
            QCOMPARE(get(t, "/ok").status, 200);
        QCOMPARE(m_target.requestCount(), 5);
        QCOMPARE(m_target.connectionCount(), 1);
    }

    void noConnectionReuse()
    {
        CurlTransport t;
        m_target.resetCounters();
        HttpRequest r;
        r.url = url("/ok");
        r.noConnectionReuse = true;
        for (int i = 0; i < 3; ++i)
            QCOMPARE(t.perform(r).status, 200);
        QCOMPARE(m_target.connectionCount(), 3);
    }

    void closeIdleConnections()
    {
        CurlTransport t;
        m_target.resetCounters();
        QCOMPARE(get(t, "/ok").status, 200);
        QCOMPARE(get(t, "/ok").status, 200);
        t.closeIdleConnections();
        QCOMPARE(get(t, "/ok").status, 200);
        QCOMPARE(m_target.connectionCount(), 2);
    }

    void chunkedBody()
    {
        CurlTransport t;
        const HttpResponse r = get(t, "/chunked");
        QCOMPARE(r.status, 200);
        QCOMPARE(headerValue(r, "Transfer-Encoding"), QByteArray("chunked"));
        QCOMPARE(r.body, QByteArray("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n"));
    }

    void compressedBody_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QString>("encoding");
        QTest::newRow("gzip") << QByteArray("/gzip") << "gzip";
        QTest::newRow("deflate") << QByteArray("/deflate") << "deflate";
    }
    void compressedBody()
    {
        QFETCH(QByteArray, path);
        QFETCH(QString, encoding);
        CurlTransport t;
        const HttpResponse r = get(t, path);
        QCOMPARE(r.errorCode, 0);
        QCOMPARE(headerValue(r, "Content-Encoding"), encoding.toUtf8());
        QCOMPARE(jsonBody(r).value("compressed").toString(), encoding);
        // The decoded body is larger than what came over the wire.
        QVERIFY(r.body.size() > headerValue(r, "Content-Length").toInt());
    }

    void badCompressedBody()
    {
        RawServer server("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n"
                         "Connection: close\r\n\r\nnot gzip!!!!",
                         RawServer::Mode::Reply);
        CurlTransport t;
        HttpRequest r;
        r.url = server.url();
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.errorCode, 1701);
        QCOMPARE(resp.status, 0);
    }

    void defaultHeadersAreK6s()
    {
        CurlTransport t;
        HttpRequest r;
        r.method = "POST";
        r.url = url("/echo");
        r.body = QByteArray(200000, 'b');  // large enough for curl to want Expect: 100-continue
        r.headers = {{"User-Agent", "throttle-test"}, {"X-Empty", ""}};
        const QJsonObject headers = jsonBody(t.perform(r)).value("headers").toObject();
        QCOMPARE(headers.value("User-Agent").toString(), QString("throttle-test"));
        QVERIFY(headers.contains("X-Empty"));
        for (const char *absent : {"Accept", "Accept-Encoding", "Expect", "Content-Type"})
            QVERIFY2(!headers.contains(absent), absent);
    }

    void callerAcceptEncodingIsSent()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url("/echo");
        r.headers = {{"Accept-Encoding", "gzip"}, {"Accept", "application/json"}};
        const QJsonObject headers = jsonBody(t.perform(r)).value("headers").toObject();
        QCOMPARE(headers.value("Accept-Encoding").toString(), QString("gzip"));
        QCOMPARE(headers.value("Accept").toString(), QString("application/json"));
    }

    void redirectNotFollowed()
    {
        CurlTransport t;
        const HttpResponse r = get(t, "/redirect/2");
        QCOMPARE(r.status, 302);
        QCOMPARE(r.statusText, QByteArray("302 Found"));
        QCOMPARE(headerValue(r, "Location"), QByteArray("/redirect/1"));
        QCOMPARE(r.errorCode, 0);
    }

    void methodsAndBodies_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("sendBody");
        QTest::addColumn<QString>("contentLength");
        QTest::newRow("POST") << QByteArray("POST") << QByteArray("a=1&b=2") << false << "7";
        QTest::newRow("PUT") << QByteArray("PUT") << QByteArray("{\"x\":1}") << false << "7";
        QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("p") << false << "1";
        QTest::newRow("DELETE no body") << QByteArray("DELETE") << QByteArray() << false << "";
        QTest::newRow("POST empty") << QByteArray("POST") << QByteArray() << true << "0";
        QTest::newRow("GET") << QByteArray("GET") << QByteArray() << false << "";
        QTest::newRow("OPTIONS") << QByteArray("OPTIONS") << QByteArray() << false << "";
    }
    void methodsAndBodies()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(bool, sendBody);
        QFETCH(QString, contentLength);
        CurlTransport t;
        // A POST first, so that leftovers on the reused easy handle would show.
        HttpRequest warm;
        warm.method = "POST";
        warm.url = url("/echo");
        warm.body = "leftover";
        QCOMPARE(t.perform(warm).status, 200);

        HttpRequest r;
        r.method = method;
        r.url = url("/echo?q=1");
        r.body = body;
        r.sendBody = sendBody;
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 200);
        const QJsonObject echo = jsonBody(resp);
        QCOMPARE(echo.value("method").toString(), QString::fromLatin1(method));
        QCOMPARE(echo.value("body").toString(), QString::fromUtf8(body));
        QCOMPARE(echo.value("query").toString(), QString("q=1"));
        QCOMPARE(echo.value("headers").toObject().value("Content-Length").toString(), contentLength);
    }

    void headRequest()
    {
        CurlTransport t;
        HttpRequest r;
        r.method = "HEAD";
        r.url = url("/json");
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 200);
        QVERIFY(resp.body.isEmpty());
        QVERIFY(headerValue(resp, "Content-Length").toInt() > 0);
        QCOMPARE(get(t, "/ok").body, QByteArray("ok"));  // the handle is usable after HEAD
    }

    void statusPassesThrough_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("404") << 404;
        QTest::newRow("500") << 500;
        QTest::newRow("503") << 503;
        QTest::newRow("201") << 201;
    }
    void statusPassesThrough()
    {
        QFETCH(int, status);
        CurlTransport t;
        const HttpResponse r = get(t, "/status/" + QByteArray::number(status));
        QCOMPARE(r.status, status);
        QCOMPARE(r.errorCode, 0);
        QVERIFY(r.error.isEmpty());
        QVERIFY(r.statusText.startsWith(QByteArray::number(status) + ' '));
    }

    void unknownPathIs404()
    {
        CurlTransport t;
        QCOMPARE(get(t, "/no/such/thing").status, 404);
    }

    void timeout()
    {
        CurlTransport t;
        QElapsedTimer clock;
        clock.start();
        const HttpResponse r = get(t, "/delay?ms=5000", 200);
        QCOMPARE(r.errorCode, 1050);
        QCOMPARE(r.error, QString("request timeout"));
        QCOMPARE(r.status, 0);
        QVERIFY(r.proto.isEmpty());
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(clock.elapsed() >= 150);
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        CurlTransport t;
        HttpRequest r;
        r.url = "http://127.0.0.1:" + QByteArray::number(port) + "/";
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 0);
        QCOMPARE(resp.errorCode, 1212);
        QCOMPARE(resp.error, QString("dial: connection refused"));
    }

    void connectionReset()
    {
        RawServer server(QByteArray(), RawServer::Mode::Reset);
        CurlTransport t;
        HttpRequest r;
        r.url = server.url();
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 0);
        QCOMPARE(resp.errorCode, 1220);
        QCOMPARE(resp.error, QString("read: connection reset by peer"));
    }

    void serverClosesMidResponse()
    {
        CurlTransport t;
        const HttpResponse r = get(t, "/close");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.errorCode, 1000);
        QCOMPARE(r.error, QString("unexpected EOF"));
        QVERIFY(r.body.isEmpty());
        QCOMPARE(get(t, "/ok").status, 200);  // the transport recovers
    }

    void badUrls_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<int>("code");
        QTest::newRow("no scheme") << QByteArray("not a url") << 1000;
        QTest::newRow("ftp") << QByteArray("ftp://127.0.0.1/x") << 1000;
        QTest::newRow("broken ipv6") << QByteArray("http://[::1/") << 1020;
    }
    void badUrls()
    {
        QFETCH(QByteArray, url);
        QFETCH(int, code);
        CurlTransport t;
        HttpRequest r;
        r.url = url;
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 0);
        QCOMPARE(resp.errorCode, code);
        QVERIFY(!resp.error.isEmpty());
    }

    // A target that answers something that is not an HTTP status line: k6's (Go's) words, code
    // 1000, not curl's "unsupported protocol" (issue 15, item 12).
    void malformedStatusLine_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("error");
        QTest::newRow("two words") << QByteArray("GARBAGE NONSENSE\r\n\r\n") << "malformed HTTP status code \"NONSENSE\"";
        QTest::newRow("one word") << QByteArray("GARBAGE\r\n\r\n") << "malformed HTTP response \"GARBAGE\"";
        QTest::newRow("no line end") << QByteArray("JUNK") << "malformed HTTP response \"JUNK\"";
        // An HTTP/ line curl cannot parse: curl keeps the line, so the text cannot quote it.
        QTest::newRow("letters for a code") << QByteArray("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n") << "malformed HTTP response";
        QTest::newRow("bad version") << QByteArray("HTTP/1.x 200 OK\r\nContent-Length: 0\r\n\r\n") << "malformed HTTP response";
    }
    void malformedStatusLine()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, error);
        RawServer server(reply, RawServer::Mode::Reply);
        CurlTransport transport;
        HttpRequest req;
        req.url = server.url();
        const HttpResponse r = transport.perform(req);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.errorCode, 1000);
        QCOMPARE(r.error, error);
    }

    void unsupportedSchemeText()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = "ftp://127.0.0.1/x";
        QCOMPARE(t.perform(r).error, QString("unsupported protocol scheme \"ftp\""));
    }

    void cancelFromAnotherThread_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("hang") << QByteArray("/hang");
        QTest::newRow("delay") << QByteArray("/delay?ms=10000");
    }
    void cancelFromAnotherThread()
    {
        QFETCH(QByteArray, path);
        const QString counted = QString::fromUtf8(path.left(path.indexOf('?') < 0 ? path.size()
                                                                                   : path.indexOf('?')));
        m_target.resetCounters();
        CurlTransport t;
        std::atomic<bool> cancelled{false};
        std::thread canceller([&] {
            // Wait (bounded) until the server holds the request, then cut it.
            QElapsedTimer wait;
            wait.start();
            while (m_target.requestCount(counted) < 1 && wait.elapsed() < 5000)
                std::this_thread::yield();
            t.cancel();
            cancelled = true;
        });
        QElapsedTimer clock;
        clock.start();
        const HttpResponse r = get(t, path, 30000);
        const qint64 took = clock.elapsed();
        canceller.join();
        QVERIFY(cancelled);
        QVERIFY(r.cancelled);
        QCOMPARE(r.status, 0);
        QVERIFY2(took < 3000, qPrintable(QString::number(took)));

        // Until clearCancel(), every perform returns at once, cancelled.
        clock.restart();
        const HttpResponse again = get(t, "/ok");
        QVERIFY(again.cancelled);
        QVERIFY(clock.elapsed() < 500);
        QCOMPARE(m_target.requestCount("/ok"), 0);

        t.clearCancel();
        const HttpResponse after = get(t, "/ok");
        QVERIFY(!after.cancelled);
        QCOMPARE(after.status, 200);
        QCOMPARE(after.body, QByteArray("ok"));
    }

    void timings_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("bodySize");
        QTest::addColumn<double>("minWaiting");
        QTest::newRow("ok") << QByteArray("GET") << QByteArray("/ok") << 0 << 0.0;
        QTest::newRow("bytes") << QByteArray("GET") << QByteArray("/bytes/300000") << 0 << 0.0;
        QTest::newRow("post") << QByteArray("POST") << QByteArray("/echo") << 500000 << 0.0;
        QTest::newRow("delay") << QByteArray("GET") << QByteArray("/delay?ms=200") << 0 << 150.0;
    }
    void timings()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, bodySize);
        QFETCH(double, minWaiting);
        CurlTransport t;
        for (int round = 0; round < 2; ++round) {  // a new connection, then a reused one
            HttpRequest r;
            r.method = method;
            r.url = url(path);
            r.body = QByteArray(bodySize, 'p');
            QElapsedTimer clock;
            clock.start();
            const HttpResponse resp = t.perform(r);
            const double wall = double(clock.nsecsElapsed()) / 1e6;
            QCOMPARE(resp.status, 200);
            const HttpTimings &tm = resp.timings;
            for (double v : {tm.blocked, tm.connecting, tm.tlsHandshaking, tm.sending, tm.waiting,
                             tm.receiving})
                QVERIFY(v >= 0);
            QCOMPARE(tm.duration(), tm.sending + tm.waiting + tm.receiving);
            QVERIFY(tm.duration() > 0);
            QVERIFY2(tm.duration() + tm.blocked <= wall + 1, qPrintable(QString::number(wall)));
            QVERIFY(tm.waiting >= minWaiting);
            QVERIFY(tm.blocked >= tm.connecting);
            QCOMPARE(tm.tlsHandshaking, 0.0);
            if (round == 1)
                QCOMPARE(tm.connecting, 0.0);  // reused connection
            QVERIFY(resp.bytesSent > bodySize);
            QVERIFY(resp.bytesReceived > resp.body.size());
        }
    }

    void byteCounts()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url("/bytes/10000");
        const HttpResponse resp = t.perform(r);
        const qint64 head = resp.bytesReceived - 10000;
        QVERIFY2(head > 40 && head < 400, qPrintable(QString::number(head)));
        // Request line + Host header at least, and not wildly more.
        QVERIFY2(resp.bytesSent > 30 && resp.bytesSent < 300, qPrintable(QString::number(resp.bytesSent)));

        HttpRequest post;
        post.method = "POST";
        post.url = url("/echo");
        post.body = QByteArray(50000, 'z');
        const HttpResponse p = t.perform(post);
        QVERIFY2(p.bytesSent > 50000 && p.bytesSent < 50400, qPrintable(QString::number(p.bytesSent)));
    }

    void discardBody()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url("/bytes/100000");
        r.discardBody = true;
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 200);
        QVERIFY(resp.body.isEmpty());
        QVERIFY(resp.bytesReceived > 100000);
    }

    void headersInOrder()
    {
        CurlTransport t;
        const HttpResponse r = get(t, "/cookies/set?a=1&b=2");
        QList<QByteArray> cookies;
        for (const auto &h : r.headers) {
            if (h.first == "Set-Cookie")
                cookies.append(h.second);
        }
        QCOMPARE(cookies, (QList<QByteArray>{"a=1; Path=/", "b=2; Path=/"}));
        QCOMPARE(r.headers.first().first, QByteArray("Server"));
    }

    // Repeated header lines are taken from the previous response's parse (by position): responses
    // whose lines differ, shift or run shorter must still come out exactly as received.
    void repeatedHeaderLinesFollowChanges()
    {
        CurlTransport t;
        const auto setCookies = [&](const char *path) {
            QList<QByteArray> out;
            const HttpResponse r = get(t, path);
            for (const auto &h : r.headers) {
                if (h.first == "Set-Cookie")
                    out.append(h.second);
            }
            return std::make_pair(out, r.headers.size());
        };
        const auto first = setCookies("/cookies/set?a=1&b=2");
        QCOMPARE(first.first, (QList<QByteArray>{"a=1; Path=/", "b=2; Path=/"}));
        QCOMPARE(setCookies("/cookies/set?a=1&c=3").first, (QList<QByteArray>{"a=1; Path=/", "c=3; Path=/"}));
        QCOMPARE(setCookies("/cookies/set?z=9").first, (QList<QByteArray>{"z=9; Path=/"}));
        const auto again = setCookies("/cookies/set?a=1&b=2");
        QCOMPARE(again.first, first.first);
        QCOMPARE(again.second, first.second);
        // a fresh transport (nothing remembered) parses the same lines the same way
        CurlTransport fresh;
        const HttpResponse a = get(t, "/cookies/set?a=1&b=2");
        const HttpResponse b = get(fresh, "/cookies/set?a=1&b=2");
        QCOMPARE(a.headers.size(), b.headers.size());
        for (qsizetype i = 0; i < a.headers.size(); ++i) {
            QCOMPARE(a.headers[i].first, b.headers[i].first);
            if (a.headers[i].first != "Date")
                QCOMPARE(a.headers[i].second, b.headers[i].second);
        }
    }

    void headerListCacheFollowsChanges()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url("/echo");
        r.headers = {{"X-A", "1"}};
        QCOMPARE(jsonBody(t.perform(r)).value("headers").toObject().value("X-A").toString(), QString("1"));
        r.headers = {{"X-A", "2"}};
        QCOMPARE(jsonBody(t.perform(r)).value("headers").toObject().value("X-A").toString(), QString("2"));
        r.headers.clear();
        QVERIFY(!jsonBody(t.perform(r)).value("headers").toObject().contains("X-A"));
    }
};

QTEST_GUILESS_MAIN(TestCurlTransport)
#include "tst_curltransport.moc"
