// HttpRequestReader: every way a request can arrive, and every refusal, with the answers k6's Go
// server gives (measured with k6 v1.3.0's REST API: duplicate differing Content-Length 400,
// missing Host 400 "missing required Host header", gzip transfer coding 501, ...).
#include "api/httpconnection.h"
#include "api/httprequestreader.h"

#include <QtTest>

using namespace throttle;

class TstHttpRequestReader : public QObject {
    Q_OBJECT

    static QList<HttpParsedRequest> readAll(HttpRequestReader &r)
    {
        QList<HttpParsedRequest> out;
        while (auto req = r.next())
            out << *req;
        return out;
    }

private slots:
    void accepted_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("get") << QByteArray("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET")
                             << QByteArray("/v1/status") << QByteArray() << true;
        QTest::newRow("content-length") << QByteArray("PUT /v1/setup HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
                                        << QByteArray("PUT") << QByteArray("/v1/setup") << QByteArray("{}") << true;
        QTest::newRow("same duplicate length") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}")
                                               << QByteArray("PUT") << QByteArray("/s") << QByteArray("{}") << true;
        QTest::newRow("chunked") << QByteArray("PATCH /v1/status HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4;ext=1\r\n\":1}\r\n0\r\nX-Trailer: y\r\n\r\n")
                                 << QByteArray("PATCH") << QByteArray("/v1/status") << QByteArray("{\"a\":1}") << true;
        QTest::newRow("chunked wins over length") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                                                  << QByteArray("PUT") << QByteArray("/s") << QByteArray("{}") << true;
        QTest::newRow("bare LF") << QByteArray("GET /a HTTP/1.1\nHost: x\n\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::newRow("leading blank line") << QByteArray("\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::newRow("close") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << false;
        QTest::newRow("http/1.0") << QByteArray("GET /a HTTP/1.0\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << false;
        QTest::newRow("http/1.0 keep-alive") << QByteArray("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::newRow("http/1.2 as 1.1") << QByteArray("GET /a HTTP/1.2\r\nHost: x\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::newRow("folded header") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n") << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::newRow("absolute form") << QByteArray("GET http://x/v1/status HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray("GET") << QByteArray("http://x/v1/status") << QByteArray() << true;
    }
    void accepted()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(bool, keepAlive);
        // Whole, and a byte at a time: the same request.
        for (const bool drip : {false, true}) {
            HttpRequestReader r;
            QList<HttpParsedRequest> got;
            if (drip) {
                for (const char c : raw) {
                    r.feed(QByteArray(1, c));
                    got += readAll(r);
                }
            } else {
                r.feed(raw);
                got = readAll(r);
            }
            QVERIFY2(!r.failed(), r.failed() ? r.failure().detail.constData() : "");
            QCOMPARE(got.size(), 1);
            QCOMPARE(got[0].head.method, method);
            QCOMPARE(got[0].head.target, target);
            QCOMPARE(got[0].body, body);
            QCOMPARE(got[0].head.keepAlive, keepAlive);
            QCOMPARE(r.pending(), 0);
        }
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("answer");   // the body of the answer
        QTest::newRow("differing duplicate length") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
            << 400 << QByteArray("400 Bad Request: message cannot contain multiple Content-Length headers");
        QTest::newRow("bad length") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}") << 400 << QByteArray("400 Bad Request: bad Content-Length");
        QTest::newRow("negative length") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400 << QByteArray("400 Bad Request: bad Content-Length");
        QTest::newRow("no host") << QByteArray("GET /a HTTP/1.1\r\n\r\n") << 400 << QByteArray("400 Bad Request: missing required Host header");
        QTest::newRow("two hosts") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n") << 400 << QByteArray("400 Bad Request: too many Host headers");
        QTest::newRow("garbage line") << QByteArray("GARBAGE\r\n\r\n") << 400 << QByteArray("400 Bad Request");
        QTest::newRow("http/0.9") << QByteArray("GET /a\r\n\r\n") << 400 << QByteArray("400 Bad Request");
        QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505 << QByteArray("505 HTTP Version Not Supported: unsupported protocol version");
        QTest::newRow("space in name") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n") << 400 << QByteArray("400 Bad Request: invalid header name");
        QTest::newRow("control in value") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nX: a\x01" "b\r\n\r\n") << 400 << QByteArray("400 Bad Request: invalid header value");
        QTest::newRow("fold first") << QByteArray("GET /a HTTP/1.1\r\n X: y\r\nHost: x\r\n\r\n") << 400 << QByteArray("400 Bad Request");
        QTest::newRow("gzip coding") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n") << 501 << QByteArray("Unsupported transfer encoding");
        QTest::newRow("bad chunk size") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n") << 400 << QByteArray("400 Bad Request: invalid byte in chunk length");
        // Found by fuzz_restreader: 16+ hex digits used to overflow the length (undefined behaviour).
        QTest::newRow("chunk length past int64") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                               "aaaaaaaaaaaaaaaaaaaa\r\n") << 413 << QByteArray();
        QTest::newRow("chunk without CRLF") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}xx0\r\n\r\n") << 400 << QByteArray("400 Bad Request: malformed chunked encoding");
        QTest::newRow("expect other") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n") << 417 << QByteArray();
        QTest::newRow("body too large") << QByteArray("PUT /s HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n") << 413 << QByteArray();
        QTest::newRow("head too large") << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\nX: " + QByteArray(70000, 'a') + "\r\n\r\n") << 431
            << QByteArray("431 Request Header Fields Too Large");
    }
    void refused()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QByteArray, answer);
        HttpRequestReader r;
        r.feed(raw);
        QVERIFY(!r.next());
        QVERIFY(r.failed());
        QCOMPARE(r.failure().status, status);
        const ApiResponse a = r.failure().response();
        QCOMPARE(a.status, status);
        if (status != 413)
            QCOMPARE(a.body, answer);
        // A failed reader stays failed.
        r.feed("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(!r.next());
    }

    void pipelinedRequestsComeOutInOrder()
    {
        HttpRequestReader r;
        r.feed("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nPUT /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHo");
        const QList<HttpParsedRequest> first = readAll(r);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first[0].head.target, QByteArray("/1"));
        QCOMPARE(first[1].body, QByteArray("abc"));
        QVERIFY(r.inRequest());
        r.feed("st: x\r\n\r\n");
        const QList<HttpParsedRequest> rest = readAll(r);
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest[0].head.target, QByteArray("/3"));
        QVERIFY(!r.inRequest());
    }

    void expectContinueIsOfferedOncePerRequest()
    {
        HttpRequestReader r;
        r.feed("PUT /s HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QVERIFY(!r.next());
        QVERIFY(r.takeContinue());
        QVERIFY(!r.takeContinue());
        r.feed("{}");
        const auto req = r.next();
        QVERIFY(req);
        QCOMPARE(req->body, QByteArray("{}"));
    }
};

QTEST_GUILESS_MAIN(TstHttpRequestReader)
#include "tst_httprequestreader.moc"
