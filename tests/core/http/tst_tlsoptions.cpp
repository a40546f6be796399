// options.tlsVersion, tlsCipherSuites and tlsAuth through CurlTransport against a real TLS server
// (TlsTestServer: nginx with certificates from test CAs made at start by openssl, asking for a
// client certificate and answering with the protocol, cipher and client subject it saw). Expected values are what k6 v1.3.0 negotiated with the same server setup
// (see the commit message); errors are k6's texts. Skips when nginx or openssl is missing.
#include "core/http/curltransport.h"
#include "core/http/networkpolicy.h"
#include "support/tlstestserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace throttle;

class TstTlsOptions : public QObject {
    Q_OBJECT

    TlsTestServer m_server;

    QString pem(const QString &name) const { return m_server.pem(name); }
    QJsonObject auth(const QString &cert, const QString &key, const QJsonObject &more = {}) const
    {
        QJsonObject o = more;
        o.insert("cert", pem(cert));
        o.insert("key", pem(key));
        return o;
    }

private slots:
    void initTestCase()
    {
        if (!TlsTestServer::available())
            QSKIP("needs openssl and nginx");
        QVERIFY2(m_server.start(), "the TLS test server did not come up");
    }

    void negotiated_data()
    {
        QTest::addColumn<QString>("minVersion");
        QTest::addColumn<QString>("maxVersion");
        QTest::addColumn<QStringList>("suites");   // empty = option not set
        QTest::addColumn<QJsonArray>("tlsAuth");
        QTest::addColumn<QString>("protocol");     // what nginx saw
        QTest::addColumn<QString>("cipher");
        QTest::addColumn<QString>("client");
        QTest::addColumn<QString>("k6Version");    // res.tls_version, res.tls_cipher_suite
        QTest::addColumn<QString>("k6Suite");
        // k6 v1.3.0 against the same server: TLS 1.3 with Go's first suite, AES-128-GCM
        QTest::newRow("defaults") << "" << "" << QStringList() << QJsonArray() << "TLSv1.3" << "TLS_AES_128_GCM_SHA256"
                                  << "" << "tls1.3" << "TLS_AES_128_GCM_SHA256";
        QTest::newRow("tls1.2") << "tls1.2" << "tls1.2" << QStringList() << QJsonArray() << "TLSv1.2"
                                << "ECDHE-RSA-AES128-GCM-SHA256" << "" << "tls1.2" << "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        QTest::newRow("tls1.0-tls1.1") << "tls1.0" << "tls1.1" << QStringList() << QJsonArray() << "TLSv1.1"
                                       << "ECDHE-RSA-AES128-SHA" << "" << "tls1.1" << "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        QTest::newRow("tls1.0") << "tls1.0" << "tls1.0" << QStringList() << QJsonArray() << "TLSv1"
                                << "ECDHE-RSA-AES128-SHA" << "" << "tls1.0" << "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        QTest::newRow("min tls1.3") << "tls1.3" << "" << QStringList() << QJsonArray() << "TLSv1.3"
                                    << "TLS_AES_128_GCM_SHA256" << "" << "tls1.3" << "TLS_AES_128_GCM_SHA256";
        QTest::newRow("max tls1.2") << "" << "tls1.2" << QStringList() << QJsonArray() << "TLSv1.2"
                                    << "ECDHE-RSA-AES128-GCM-SHA256" << "" << "tls1.2" << "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        QTest::newRow("suite chacha20") << "tls1.2" << "tls1.2" << QStringList{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"}
                                        << QJsonArray() << "TLSv1.2" << "ECDHE-RSA-CHACHA20-POLY1305" << "" << "tls1.2"
                                        << "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305";
        // Go offers the allowed suites in its own order: ECDHE AEAD before RSA CBC
        QTest::newRow("suites in Go's order") << "tls1.2" << "tls1.2"
                                              << QStringList{"TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"}
                                              << QJsonArray() << "TLSv1.2" << "ECDHE-RSA-CHACHA20-POLY1305" << ""
                                              << "tls1.2" << "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305";
        QTest::newRow("suite rsa cbc") << "tls1.2" << "tls1.2" << QStringList{"TLS_RSA_WITH_AES_256_CBC_SHA"} << QJsonArray()
                                       << "TLSv1.2" << "AES256-SHA" << "" << "tls1.2" << "TLS_RSA_WITH_AES_256_CBC_SHA";
        QTest::newRow("suites do not touch tls1.3") << "" << "" << QStringList{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
                                                    << QJsonArray() << "TLSv1.3" << "TLS_AES_128_GCM_SHA256" << ""
                                                    << "tls1.3" << "TLS_AES_128_GCM_SHA256";
        QTest::newRow("client a") << "" << "" << QStringList() << QJsonArray{auth("client-a.pem", "client-a.key")}
                                  << "TLSv1.3" << "TLS_AES_128_GCM_SHA256" << "O=Throttle Test,CN=client-a" << "tls1.3"
                                  << "TLS_AES_128_GCM_SHA256";
        // Go sends the first certificate the server's CA list accepts, not the first listed
        QTest::newRow("first acceptable") << "" << "" << QStringList()
                                          << QJsonArray{auth("client-b.pem", "client-b.key"), auth("client-a.pem", "client-a.key")}
                                          << "TLSv1.3" << "TLS_AES_128_GCM_SHA256" << "O=Throttle Test,CN=client-a"
                                          << "tls1.3" << "TLS_AES_128_GCM_SHA256";
        QTest::newRow("none acceptable") << "tls1.2" << "tls1.2" << QStringList()
                                         << QJsonArray{auth("client-b.pem", "client-b.key")} << "TLSv1.2"
                                         << "ECDHE-RSA-AES128-GCM-SHA256" << "" << "tls1.2"
                                         << "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        QTest::newRow("encrypted key") << "tls1.2" << "tls1.2" << QStringList()
                                       << QJsonArray{auth("client-c.pem", "client-c-enc.key", {{"password", "secret"}})}
                                       << "TLSv1.2" << "ECDHE-RSA-AES128-GCM-SHA256" << "O=Throttle Test,CN=client-c"
                                       << "tls1.2" << "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        // k6 v1.3 does not choose by domains (it warns they are deprecated)
        QTest::newRow("domains ignored") << "" << "" << QStringList()
                                         << QJsonArray{auth("client-a.pem", "client-a.key", {{"domains", QJsonArray{"nomatch.test"}}})}
                                         << "TLSv1.3" << "TLS_AES_128_GCM_SHA256" << "O=Throttle Test,CN=client-a"
                                         << "tls1.3" << "TLS_AES_128_GCM_SHA256";
    }
    void negotiated()
    {
        QFETCH(QString, minVersion);
        QFETCH(QString, maxVersion);
        QFETCH(QStringList, suites);
        QFETCH(QJsonArray, tlsAuth);
        NetworkOptions o;
        o.tlsVersionMin = minVersion;
        o.tlsVersionMax = maxVersion;
        if (!suites.isEmpty())
            o.tlsCipherSuites = suites;
        o.tlsAuth = tlsAuth;
        QString error;
        QStringList warnings;
        const auto policy = NetworkPolicy::parse(o, &error, &warnings);
        QVERIFY2(policy, qPrintable(error));
        CurlTransport t(policy);
        HttpRequest r;
        r.url = m_server.url();
        r.insecureSkipTLSVerify = true;
        const HttpResponse resp = t.perform(r);
        QVERIFY2(resp.status == 200, qPrintable(resp.error));
        const QJsonObject seen = QJsonDocument::fromJson(resp.body).object();
        QTEST(seen.value("protocol").toString(), "protocol");
        QTEST(seen.value("cipher").toString(), "cipher");
        QTEST(seen.value("client").toString(), "client");
        QTEST(QString::fromLatin1(resp.tlsVersion), "k6Version");
        QTEST(QString::fromLatin1(resp.tlsCipherSuite), "k6Suite");
        const bool domains = QByteArray(QTest::currentDataTag()) == "domains ignored";
        QCOMPARE(warnings.size(), domains ? 1 : 0);
        if (domains)
            QVERIFY(warnings.first().startsWith(QLatin1String("tlsAuth.domains option could be removed")));
    }

    // k6 v1.3.0 against the same server: a suite the server lacks fails the handshake.
    void handshakeRefused()
    {
        NetworkOptions o;
        o.tlsVersionMin = o.tlsVersionMax = QStringLiteral("tls1.2");
        o.tlsCipherSuites = QStringList{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"};
        QString error;
        CurlTransport t(NetworkPolicy::parse(o, &error));
        HttpRequest r;
        r.url = m_server.url();
        r.insecureSkipTLSVerify = true;
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 0);
        QCOMPARE(resp.errorCode, 1010);
        QCOMPARE(resp.error, QStringLiteral("remote error: tls: handshake failure"));
    }

    // What k6 v1.3.0 prints (exit code 104) for options it cannot use.
    void refused_data()
    {
        QTest::addColumn<QStringList>("suites");
        QTest::addColumn<QJsonArray>("tlsAuth");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown suite") << QStringList{"BOGUS"} << QJsonArray() << "unknown cipher suite 'BOGUS'";
        QTest::newRow("go sha256 name") << QStringList{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"} << QJsonArray()
                                        << "unknown cipher suite 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'";
        QTest::newRow("no pem") << QStringList() << QJsonArray{QJsonObject{{"cert", "nope"}, {"key", "nope"}}}
                                << "tls: failed to find any PEM data in certificate input";
        QTest::newRow("no key pem") << QStringList() << QJsonArray{QJsonObject{{"cert", pem("client-a.pem")}, {"key", "x"}}}
                                    << "tls: failed to find any PEM data in key input";
        QTest::newRow("key mismatch") << QStringList() << QJsonArray{auth("client-a.pem", "client-b.key")}
                                      << "tls: private key does not match public key";
        QTest::newRow("wrong password") << QStringList()
                                        << QJsonArray{auth("client-c.pem", "client-c-enc.key", {{"password", "wrong"}})}
                                        << "x509: decryption password incorrect";
        QTest::newRow("no password") << QStringList() << QJsonArray{auth("client-c.pem", "client-c-enc.key")}
                                     << "tls: failed to parse private key";
        QTest::newRow("pkcs8 encrypted") << QStringList()
                                         << QJsonArray{auth("client-c.pem", "client-c-pk8.key", {{"password", "secret"}})}
                                         << "encrypted pkcs8 formatted key is not supported";
        QTest::newRow("unknown field") << QStringList() << QJsonArray{auth("client-a.pem", "client-a.key", {{"foo", 1}})}
                                       << "json: unknown field \"foo\"";
    }
    void refused()
    {
        QFETCH(QStringList, suites);
        QFETCH(QJsonArray, tlsAuth);
        QFETCH(QString, error);
        NetworkOptions o;
        if (!suites.isEmpty())
            o.tlsCipherSuites = suites;
        o.tlsAuth = tlsAuth;
        QString got;
        QVERIFY(!NetworkPolicy::parse(o, &got));
        QCOMPARE(got, error);
    }
};

QTEST_GUILESS_MAIN(TstTlsOptions)
#include "tst_tlsoptions.moc"
