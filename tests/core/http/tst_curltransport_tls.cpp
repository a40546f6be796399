// Tests CurlTransport over TLS and HTTP/2 against a local nginx (nginx-light is a project
// dependency) with a throw-away self-signed certificate. Skips when nginx or openssl is missing.

#include "core/http/curltransport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace throttle;

class TestCurlTransportTls : public QObject {
    Q_OBJECT

private:
    bool makeCertificate()
    {
        QProcess openssl;
        openssl.start(m_openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                  "-keyout", m_dir.filePath("key.pem"), "-out", m_dir.filePath("cert.pem"),
                                  "-subj", "/CN=localhost", "-addext",
                                  "subjectAltName=DNS:localhost,IP:127.0.0.1"});
        return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    void writeConfig()
    {
        const QString d = m_dir.path();
        QFile conf(m_dir.filePath("nginx.conf"));
        conf.open(QIODevice::WriteOnly);
        conf.write(QStringLiteral(
            "daemon off; master_process off; worker_processes 1; pid %1/nginx.pid;\n"
            "error_log %1/error.log;\nevents { worker_connections 64; }\n"
            "http { access_log off; client_body_temp_path %1; proxy_temp_path %1;\n"
            "  fastcgi_temp_path %1; uwsgi_temp_path %1; scgi_temp_path %1;\n"
            "  server { listen 127.0.0.1:%2 ssl http2; ssl_certificate %1/cert.pem;\n"
            "    ssl_certificate_key %1/key.pem; ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    location / { return 200 \"tls ok\"; } } }\n").arg(d).arg(m_port).toUtf8());
    }

    bool waitUntilListening()
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(200))
                return true;
            if (m_nginx.state() == QProcess::NotRunning)
                return false;
            QTest::qWait(20);
        }
        return false;
    }

    QByteArray url() const { return "https://127.0.0.1:" + QByteArray::number(m_port) + "/"; }

    QTemporaryDir m_dir;
    QProcess m_nginx;
    QString m_openssl;
    quint16 m_port = 0;

private slots:
    void initTestCase()
    {
        m_openssl = QStandardPaths::findExecutable("openssl");
        QString nginx = QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/local/sbin"});
        if (m_openssl.isEmpty() || nginx.isEmpty())
            QSKIP("needs openssl and nginx");
        QVERIFY(m_dir.isValid());
        QVERIFY(makeCertificate());
        m_port = freePort();
        writeConfig();
        m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
        m_nginx.start(nginx, {"-p", m_dir.path(), "-c", m_dir.filePath("nginx.conf"), "-e",
                              m_dir.filePath("error.log")});
        QVERIFY(m_nginx.waitForStarted(5000));
        QVERIFY2(waitUntilListening(), "nginx did not come up");
    }

    void cleanupTestCase()
    {
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate();
            if (!m_nginx.waitForFinished(5000))
                m_nginx.kill();
        }
    }

    void unknownAuthority()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url();
        const HttpResponse resp = t.perform(r);
        QCOMPARE(resp.status, 0);
        QCOMPARE(resp.errorCode, 1310);
        QCOMPARE(resp.error, QString("x509: unknown authority"));
    }

    // As k6 (a Go program): SSL_CERT_FILE names the CA bundle every request trusts instead of the
    // system's, so a private CA's certificate verifies without insecureSkipTLSVerify.
    void caStoreFromEnvironment()
    {
        qputenv("SSL_CERT_FILE", m_dir.filePath("cert.pem").toUtf8());
        HttpResponse trusted;
        {
            CurlTransport t;
            HttpRequest r;
            r.url = url();
            trusted = t.perform(r);
        }
        qunsetenv("SSL_CERT_FILE");
        QCOMPARE(trusted.errorCode, 0);
        QCOMPARE(trusted.status, 200);
        QCOMPARE(trusted.body, QByteArray("tls ok"));
        // Another file: the certificate is unknown again (the system store is replaced, not added to).
        qputenv("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt");
        CurlTransport t;
        HttpRequest r;
        r.url = url();
        const HttpResponse other = t.perform(r);
        qunsetenv("SSL_CERT_FILE");
        QCOMPARE(other.errorCode, 1310);
    }

    void http2WithInsecureSkipVerify()
    {
        CurlTransport t;
        HttpRequest r;
        r.url = url();
        r.insecureSkipTLSVerify = true;
        for (int round = 0; round < 2; ++round) {
            const HttpResponse resp = t.perform(r);
            QCOMPARE(resp.errorCode, 0);
            QCOMPARE(resp.status, 200);
            QCOMPARE(resp.proto, QByteArray("HTTP/2.0"));
            QCOMPARE(resp.statusText, QByteArray("200 OK"));  // HTTP/2 has no reason phrase
            QCOMPARE(resp.body, QByteArray("tls ok"));
            QCOMPARE(resp.tlsVersion, QByteArray("tls1.3"));
            // Go's (IANA) name of a TLS 1.3 suite, not OpenSSL's "TLS_AES_256_GCM_SHA384" alias list
            QVERIFY2(resp.tlsCipherSuite.startsWith("TLS_AES_") || resp.tlsCipherSuite == "TLS_CHACHA20_POLY1305_SHA256",
                     resp.tlsCipherSuite.constData());
            if (round == 0) {
                QVERIFY(resp.timings.tlsHandshaking > 0);
                QVERIFY(resp.timings.blocked >= resp.timings.connecting + resp.timings.tlsHandshaking);
            } else {
                QCOMPARE(resp.timings.tlsHandshaking, 0.0);  // the connection was reused
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCurlTransportTls)
#include "tst_curltransport_tls.moc"
