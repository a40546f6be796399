// ApiAccess: the Host check (DNS rebinding), the browser checks (Origin, Sec-Fetch-Site), the
// bearer token and the read-only mode, row by row, for each kind of listener.
#include "api/apiaccess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace throttle;

class TstApiAccess : public QObject {
    Q_OBJECT

    static ApiRequest req(const QByteArray &method, const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        ApiRequest r;
        r.method = method;
        r.target = "/v1/status";
        r.headers = headers;
        return r;
    }

private slots:
    void rows_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("headers");   // "Name: value|Name: value"
        QTest::addColumn<int>("status");           // 0 = allowed
        QTest::addColumn<QString>("detailPart");
        using H = QByteArray;
        // Host, loopback listener: loopback names with any port.
        QTest::newRow("loopback: 127.0.0.1") << "127.0.0.1" << H() << false << H("PATCH") << H("Host: 127.0.0.1:6565") << 0 << QString();
        QTest::newRow("loopback: localhost") << "127.0.0.1" << H() << false << H("PATCH") << H("Host: localhost:6565") << 0 << QString();
        QTest::newRow("loopback: LOCALHOST.") << "127.0.0.1" << H() << false << H("GET") << H("Host: LOCALHOST.:80") << 0 << QString();
        QTest::newRow("loopback: a.localhost") << "127.0.0.1" << H() << false << H("GET") << H("Host: app.localhost") << 0 << QString();
        QTest::newRow("loopback: 127.1.2.3") << "127.0.0.1" << H() << false << H("GET") << H("Host: 127.1.2.3:1") << 0 << QString();
        QTest::newRow("loopback: [::1]") << "::1" << H() << false << H("GET") << H("Host: [::1]:6565") << 0 << QString();
        QTest::newRow("loopback: no Host (HTTP/1.0)") << "127.0.0.1" << H() << false << H("GET") << H() << 0 << QString();
        QTest::newRow("loopback: rebinding name") << "127.0.0.1" << H() << false << H("PATCH") << H("Host: evil.example:6565") << 403
                                                   << QStringLiteral("the Host header \"evil.example:6565\" does not name the address this API listens on (a loopback name is required)");
        QTest::newRow("loopback: localhost.evil") << "127.0.0.1" << H() << false << H("GET") << H("Host: localhost.evil.example") << 403 << QStringLiteral("Host header");
        QTest::newRow("loopback: LAN address") << "127.0.0.1" << H() << false << H("GET") << H("Host: 10.0.0.5:6565") << 403 << QStringLiteral("Host header");
        // Specific address: that address only; wildcard: any Host.
        QTest::newRow("specific: same") << "10.1.2.3" << H() << false << H("GET") << H("Host: 10.1.2.3:6565") << 0 << QString();
        QTest::newRow("specific: other") << "10.1.2.3" << H() << false << H("GET") << H("Host: runner.example:6565") << 403 << QStringLiteral("(10.1.2.3)");
        QTest::newRow("wildcard: any") << "0.0.0.0" << H() << false << H("PATCH") << H("Host: runner-1.k6.svc:6565") << 0 << QString();
        // Browsers.
        QTest::newRow("origin: other site") << "127.0.0.1" << H() << false << H("POST") << H("Host: localhost:6565|Origin: https://evil.example") << 403
                                             << QStringLiteral("cross-origin requests are refused (Origin: https://evil.example)");
        QTest::newRow("origin: null") << "0.0.0.0" << H() << false << H("POST") << H("Host: x:6565|Origin: null") << 403 << QStringLiteral("cross-origin");
        QTest::newRow("origin: itself") << "127.0.0.1" << H() << false << H("PATCH") << H("Host: localhost:6565|Origin: http://localhost:6565") << 0 << QString();
        QTest::newRow("sec-fetch-site: cross-site") << "127.0.0.1" << H() << false << H("GET") << H("Host: localhost:6565|Sec-Fetch-Site: cross-site") << 403
                                                     << QStringLiteral("cross-site requests are refused (Sec-Fetch-Site: cross-site)");
        QTest::newRow("sec-fetch-site: none") << "127.0.0.1" << H() << false << H("GET") << H("Host: localhost:6565|Sec-Fetch-Site: none") << 0 << QString();
        // Token.
        QTest::newRow("token: missing") << "127.0.0.1" << H("s3cret") << false << H("GET") << H("Host: localhost") << 401 << QStringLiteral("requires a bearer token");
        QTest::newRow("token: wrong") << "127.0.0.1" << H("s3cret") << false << H("GET") << H("Host: localhost|Authorization: Bearer nope") << 401
                                       << QStringLiteral("the bearer token is not valid");
        QTest::newRow("token: basic") << "127.0.0.1" << H("s3cret") << false << H("GET") << H("Host: localhost|Authorization: Basic czNjcmV0") << 401 << QStringLiteral("requires");
        QTest::newRow("token: right") << "127.0.0.1" << H("s3cret") << false << H("PATCH") << H("Host: localhost|Authorization: bearer s3cret") << 0 << QString();
        QTest::newRow("token: Host first") << "127.0.0.1" << H("s3cret") << false << H("GET") << H("Host: evil.example|Authorization: Bearer s3cret") << 403 << QStringLiteral("Host");
        // Read-only.
        QTest::newRow("read-only: GET") << "127.0.0.1" << H() << true << H("GET") << H("Host: localhost") << 0 << QString();
        QTest::newRow("read-only: PATCH") << "127.0.0.1" << H() << true << H("PATCH") << H("Host: localhost") << 403
                                           << QStringLiteral("the API is read-only (--api-read-only): only GET requests are accepted");
        QTest::newRow("read-only: POST with token") << "127.0.0.1" << H("t") << true << H("POST") << H("Host: localhost|Authorization: Bearer t") << 403 << QStringLiteral("read-only");
    }
    void rows()
    {
        QFETCH(QString, listen);
        QFETCH(QByteArray, token);
        QFETCH(bool, readOnly);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        QFETCH(QString, detailPart);
        QList<QPair<QByteArray, QByteArray>> hs;
        for (const QByteArray &h : headers.split('|')) {
            if (h.isEmpty())
                continue;
            const qsizetype c = h.indexOf(':');
            hs.append({h.left(c), h.mid(c + 1).trimmed()});
        }
        const ApiAccess access(ApiAccessSettings{token, readOnly}, QHostAddress(listen));
        const std::optional<ApiResponse> r = access.refusal(req(method, hs));
        QCOMPARE(r ? r->status : 0, status);
        if (!r)
            return;
        QCOMPARE(r->contentType, QByteArray("application/json; charset=utf-8"));
        const QJsonObject err = QJsonDocument::fromJson(r->body).object()[QStringLiteral("errors")].toArray().at(0).toObject();
        QCOMPARE(err[QStringLiteral("status")].toString(), QString::number(status));
        QCOMPARE(err[QStringLiteral("title")].toString(), status == 401 ? QStringLiteral("Unauthorized") : QStringLiteral("Forbidden"));
        QVERIFY2(err[QStringLiteral("detail")].toString().contains(detailPart), qPrintable(err[QStringLiteral("detail")].toString()));
        if (status == 401) {
            bool challenge = false;
            for (const auto &h : r->headers)
                challenge = challenge || (h.first == "WWW-Authenticate" && h.second.startsWith("Bearer"));
            QVERIFY(challenge);
        }
    }

    void settingsFromEnvironment()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("THROTTLE_API_TOKEN"), QStringLiteral("abc"));
        env.insert(QStringLiteral("THROTTLE_API_READ_ONLY"), QStringLiteral("true"));
        const ApiAccessSettings s = ApiAccessSettings::fromEnvironment(env);
        QCOMPARE(s.token, QByteArray("abc"));
        QVERIFY(s.readOnly);
        QVERIFY(!ApiAccessSettings::fromEnvironment(QProcessEnvironment()).readOnly);
    }
};

QTEST_GUILESS_MAIN(TstApiAccess)
#include "tst_apiaccess.moc"
