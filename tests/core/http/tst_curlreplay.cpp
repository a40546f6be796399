// A request on a reused keep-alive connection that dies before any response byte (issue 15,
// item 4): libcurl re-sends it on a new connection by itself. k6 (Go's net/http) replays only
// idempotent requests; so must we, or a POST counted once reaches the server twice. Also the
// answers to a malformed status line (item 12), in k6's words.
#include "core/http/curltransport.h"
#include "support/resettingserver.h"

#include <QTest>

using namespace throttle;

class TstCurlReplay : public QObject {
    Q_OBJECT

private slots:
    void replayOnlyIdempotent_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("extraHeader");
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("replayed");
        QTest::addColumn<int>("errorCode");
        QTest::addColumn<QString>("error");
        const int reset = int(ResettingServer::Mode::Reset), close = int(ResettingServer::Mode::Close);
        QTest::newRow("POST, reset") << QByteArray("POST") << QByteArray() << reset << false << 1220 << "read: connection reset by peer";
        QTest::newRow("POST, closed") << QByteArray("POST") << QByteArray() << close << false << 1000 << "EOF";
        QTest::newRow("PUT, reset") << QByteArray("PUT") << QByteArray() << reset << false << 1220 << "read: connection reset by peer";
        QTest::newRow("PATCH, closed") << QByteArray("PATCH") << QByteArray() << close << false << 1000 << "EOF";
        QTest::newRow("DELETE, reset") << QByteArray("DELETE") << QByteArray() << reset << false << 1220 << "read: connection reset by peer";
        QTest::newRow("POST with Idempotency-Key") << QByteArray("POST") << QByteArray("Idempotency-Key") << reset << true << 0 << "";
        QTest::newRow("GET, reset") << QByteArray("GET") << QByteArray() << reset << true << 0 << "";
        QTest::newRow("GET, closed") << QByteArray("GET") << QByteArray() << close << true << 0 << "";
        QTest::newRow("HEAD, reset") << QByteArray("HEAD") << QByteArray() << reset << true << 0 << "";
    }
    void replayOnlyIdempotent()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, extraHeader);
        QFETCH(int, mode);
        QFETCH(bool, replayed);
        QFETCH(int, errorCode);
        QFETCH(QString, error);
        ResettingServer server{ResettingServer::Mode(mode)};
        CurlTransport transport;
        HttpRequest req;
        req.method = method;
        req.url = server.url("/p");
        if (method != "GET" && method != "HEAD" && method != "DELETE")
            req.body = "x";
        if (!extraHeader.isEmpty())
            req.headers.append({extraHeader, "k1"});
        const int rounds = 10;
        int ok = 0, failed = 0;
        for (int i = 0; i < rounds; ++i) {
            const HttpResponse r = transport.perform(req);
            if (r.status == 200) {
                ++ok;
                continue;
            }
            ++failed;
            QCOMPARE(r.errorCode, errorCode);
            QCOMPARE(r.error, error);
            QVERIFY(r.bytesSent > 0);   // it went out once, and is counted once
        }
        if (replayed) {
            // Every request succeeds: from the second on, each one dies on the reused connection
            // and is replayed on a new one (which the next request reuses), as Go does.
            QCOMPARE(ok, rounds);
            QCOMPARE(server.received(method), 2 * rounds - 1);
        } else {
            // Odd requests open a connection (200), even ones reuse it and die: what the server
            // received is exactly what was sent, once each.
            QCOMPARE(ok, rounds / 2);
            QCOMPARE(failed, rounds / 2);
            QCOMPARE(server.received(method), rounds);
        }
    }
};

QTEST_GUILESS_MAIN(TstCurlReplay)
#include "tst_curlreplay.moc"
