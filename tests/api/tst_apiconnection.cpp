// The REST API's connection handling under hostile or unusual clients (issue 15): half-closed
// requests, pipelined requests that must see each other's effects, a stop that must not wait
// behind a pending pause, duplicate Content-Length, invalid UTF-8 and over-deep setup data, the
// Host/Origin checks and the token — all over real sockets against a real run.
#include "apitestrun.h"
#include "httpprobe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <future>

using namespace throttle;

namespace {

QJsonObject attributes(const ProbeResponse &r)
{
    return QJsonDocument::fromJson(r.body).object()[QStringLiteral("data")].toObject()[QStringLiteral("attributes")].toObject();
}

QJsonObject firstError(const ProbeResponse &r)
{
    return QJsonDocument::fromJson(r.body).object()[QStringLiteral("errors")].toArray().at(0).toObject();
}

QByteArray patch(const QByteArray &attrs, const QByteArray &extra = QByteArray())
{
    const QByteArray body = "{\"data\":{\"attributes\":" + attrs + "}}";
    return "PATCH /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "Content-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

const QByteArray kGetStatus = "GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

} // namespace

class TstApiConnection : public QObject {
    Q_OBJECT

private slots:
    void halfClosedRequestIsAnswered()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        HttpProbe probe(t.port());
        for (int i = 0; i < 10; ++i) {
            // PATCH then shutdown(SHUT_WR), as `nc -N` sends it: applied and answered.
            const QList<ProbeResponse> r = probe.exchangeHalfClosed(patch(i % 2 ? "{\"vus\":3}" : "{\"vus\":1}"));
            QCOMPARE(r.size(), 1);
            QCOMPARE(r[0].status, 200);
            QCOMPARE(attributes(r[0])[QStringLiteral("vus")].toInt(), i % 2 ? 3 : 1);
        }
        // Pipelined and half-closed: both answered, in order.
        const QList<ProbeResponse> both = probe.exchangeHalfClosed(patch("{\"vus\":2}") + kGetStatus, 2);
        QCOMPARE(both.size(), 2);
        QCOMPARE(both[1].status, 200);
        QCOMPARE(attributes(both[1])[QStringLiteral("vus")].toInt(), 2);
    }

    void pipelinedGetSeesThePatchBeforeIt()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        HttpProbe probe(t.port());
        // The PATCH initialises new VUs on the control thread; the GET behind it on the same
        // connection must wait for it and see the new values.
        for (const int max : {9, 4, 12}) {
            const QByteArray attrs = "{\"vus-max\":" + QByteArray::number(max) + ",\"vus\":" + QByteArray::number(max - 1) + "}";
            const QList<ProbeResponse> r = probe.exchange(patch(attrs) + kGetStatus + kGetStatus, 3);
            QCOMPARE(r.size(), 3);
            QCOMPARE(r[0].status, 200);
            for (const ProbeResponse &get : {r[1], r[2]}) {
                QCOMPARE(attributes(get)[QStringLiteral("vus-max")].toInt(), max);
                QCOMPARE(attributes(get)[QStringLiteral("vus")].toInt(), max - 1);
            }
        }
    }

    void stopDoesNotWaitBehindAPendingPause()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("extbusy.js")), qPrintable(t.error()));
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        QVERIFY(t.waitUntil([&] { return t.log().contains(QStringLiteral("busy iteration")); }));   // running
        HttpProbe probe(t.port());
        // Connection A: the pause waits for the busy iteration (60 s).
        auto pause = std::async(std::launch::async, [&] {
            return HttpProbe(t.port()).exchange(patch("{\"paused\":true}"), 1, false, false, 30000);
        });
        QVERIFY(t.waitUntil([&] { return t.run().status().paused; }));
        // Connection B: a stop is applied and answered at once.
        const ProbeResponse stop = probe.exchange(patch("{\"stopped\":true}")).value(0);
        QCOMPARE(stop.status, 200);
        QVERIFY(attributes(stop)[QStringLiteral("stopped")].toBool());
        QVERIFY(t.waitFinished(10000));
        QCOMPARE(t.run().exitCode(), 103);
        while (pause.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const ProbeResponse paused = pause.get().value(0);
        QCOMPARE(paused.status, 500);
        QCOMPARE(firstError(paused)[QStringLiteral("title")].toString(), QStringLiteral("Pause error"));
        QCOMPARE(firstError(paused)[QStringLiteral("detail")].toString(), QStringLiteral("the test run has already finished"));
    }

    void stopPipelinedBehindAPendingPauseOnOneConnection()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("extbusy.js")), qPrintable(t.error()));
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        QVERIFY(t.waitUntil([&] { return t.log().contains(QStringLiteral("busy iteration")); }));   // running
        // Both answered, in order: the pause fails because the stop, applied at once, ended the run.
        const QList<ProbeResponse> r = HttpProbe(t.port()).exchange(patch("{\"paused\":true}") + patch("{\"stopped\":true}"), 2,
                                                                    false, false, 30000);
        QCOMPARE(r.size(), 2);
        QCOMPARE(r[0].status, 500);
        QCOMPARE(r[1].status, 200);
        QVERIFY(t.waitFinished(10000));
        QCOMPARE(t.run().exitCode(), 103);
    }

    void duplicateContentLengthIsRefused()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        const QByteArray body = "{\"x\":1}";
        const QList<ProbeResponse> r = HttpProbe(t.port()).exchange(
            "PUT /v1/setup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 7\r\nContent-Length: 2\r\n\r\n" + body, 1, false, true);
        QCOMPARE(r.value(0).status, 400);
        QCOMPARE(r.value(0).body, QByteArray("400 Bad Request: message cannot contain multiple Content-Length headers"));
        QVERIFY(r.value(0).closedByServer);
        QVERIFY(!t.run().setupData());   // nothing was applied
    }

    void invalidUtf8SetupDataIsRefused()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        const ProbeResponse r = HttpProbe(t.port()).request("PUT", "/v1/setup", QByteArray("{\"s\":\"a\xff\xfe" "b\"}"));
        QCOMPARE(r.status, 400);
        QCOMPARE(firstError(r)[QStringLiteral("title")].toString(), QStringLiteral("Error parsing request body"));
        QVERIFY(firstError(r)[QStringLiteral("detail")].toString().contains(QStringLiteral("invalid UTF-8")));
        QVERIFY(!r.body.contains('\xff'));
        QVERIFY(!t.run().setupData());
    }

    void setupDataDeeperThanTheEngineCanParseIsRefused()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        const auto nested = [](int depth) { return QByteArray(depth, '[') + QByteArray(depth, ']'); };
        HttpProbe probe(t.port());
        const ProbeResponse deep = probe.request("PUT", "/v1/setup", "{\"a\":" + nested(10000) + "}");
        QCOMPARE(deep.status, 400);
        QCOMPARE(firstError(deep)[QStringLiteral("title")].toString(), QStringLiteral("Error parsing request body"));
        QVERIFY(firstError(deep)[QStringLiteral("detail")].toString().contains(QStringLiteral("exceeded max depth")));
        // The engine's own limit, exactly: 1024 levels reach the VUs intact, 1025 do not.
        QCOMPARE(probe.request("PUT", "/v1/setup", nested(1025)).status, 400);
        QCOMPARE(probe.request("PUT", "/v1/setup", nested(1024)).status, 200);
        // Within the limit it is stored and answered intact.
        const QByteArray ok = "{\"a\":" + nested(400) + "}";
        const ProbeResponse stored = probe.request("PUT", "/v1/setup", ok);
        QCOMPARE(stored.status, 200);
        QVERIFY(stored.body.contains(nested(400)));
    }

    void foreignHostAndOriginAreRefused()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        HttpProbe probe(t.port());
        // DNS rebinding: a foreign name for our loopback address.
        const ProbeResponse rebound = probe.exchange("POST /v1/teardown HTTP/1.1\r\nHost: evil.example:6565\r\nContent-Length: 0\r\n\r\n").value(0);
        QCOMPARE(rebound.status, 403);
        QCOMPARE(firstError(rebound)[QStringLiteral("title")].toString(), QStringLiteral("Forbidden"));
        // A page on another site.
        const ProbeResponse foreign = probe.exchange(patch("{\"stopped\":true}", "Origin: https://evil.example\r\n")).value(0);
        QCOMPARE(foreign.status, 403);
        QVERIFY(!t.run().status().stopped);   // not applied, not even the early stop
        // k6's own clients send neither: still served.
        QCOMPARE(probe.exchange(kGetStatus).value(0).status, 200);
        QCOMPARE(probe.exchange("GET /v1/status HTTP/1.1\r\nHost: localhost:6565\r\n\r\n").value(0).status, 200);
    }

    void tokenAndReadOnly()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js")), qPrintable(t.error()));
        t.server().close();
        ApiServer server(ApiContext::forRun(t.run(), t.metrics()));
        server.setAccess(ApiAccessSettings{"s3cret", false});
        QString error;
        QVERIFY(server.start(QHostAddress::LocalHost, 0, &error));
        HttpProbe probe(server.port());
        const ProbeResponse anonymous = probe.exchange(kGetStatus).value(0);
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(firstError(anonymous)[QStringLiteral("title")].toString(), QStringLiteral("Unauthorized"));
        QVERIFY(anonymous.headers.value("www-authenticate").startsWith("Bearer"));
        const ProbeResponse authorised =
            probe.exchange("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret\r\n\r\n").value(0);
        QCOMPARE(authorised.status, 200);
        // A stop without the token is neither applied nor answered early.
        QCOMPARE(probe.exchange(patch("{\"stopped\":true}")).value(0).status, 401);
        QVERIFY(!t.run().status().stopped);

        ApiServer observers(ApiContext::forRun(t.run(), t.metrics()));
        observers.setAccess(ApiAccessSettings{QByteArray(), true});
        QVERIFY(observers.start(QHostAddress::LocalHost, 0, &error));
        HttpProbe watch(observers.port());
        QCOMPARE(watch.exchange(kGetStatus).value(0).status, 200);
        const ProbeResponse refused = watch.exchange(patch("{\"stopped\":true}")).value(0);
        QCOMPARE(refused.status, 403);
        QVERIFY(firstError(refused)[QStringLiteral("detail")].toString().contains(QStringLiteral("read-only")));
        QVERIFY(!t.run().status().stopped);
    }
};

QTEST_GUILESS_MAIN(TstApiConnection)
#include "tst_apiconnection.moc"
