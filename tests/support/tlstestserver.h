#pragma once
// TlsTestServer: nginx (a project dependency) on 127.0.0.1 serving TLS 1.0-1.3 with every cipher
// (security level 0), with certificates made at start by openssl: ca1 signs the server
// (localhost, 127.0.0.1) and clients a and c (c's key also encrypted: legacy PEM with password
// "secret", and PKCS#8), ca2 signs client b. It asks for a client certificate naming ca1 and
// answers every request with what it saw: {"protocol","cipher","client"} (nginx's
// $ssl_protocol, $ssl_cipher, $ssl_client_s_dn) — or, after serveFiles(), with the files of a
// directory, logging every request to accessLog(). Tests QSKIP when openssl or nginx is missing.
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace throttle {

class TlsTestServer {
public:
    ~TlsTestServer() { stop(); }

    static bool available()
    {
        return !QStandardPaths::findExecutable("openssl").isEmpty()
            && !QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/local/sbin"}).isEmpty();
    }
    bool start() { return m_dir.isValid() && makeCertificates() && startNginx(); }
    // Before start(): serve the files under `root` (as application/javascript) instead of the
    // echo; `locations` adds nginx location blocks (e.g. "location = /a.js { return 302 /b.js; }").
    void serveFiles(const QString &root, const QString &locations = QString())
    {
        m_root = root;
        m_locations = locations;
    }
    QString accessLog() const { return path("access.log"); }
    // The requests for `urlPath` (e.g. "/lib/mod.js") in the access log so far.
    int requestsFor(const QString &urlPath) const
    {
        QFile f(accessLog());
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        return int(QString::fromUtf8(f.readAll()).count(QStringLiteral("\"GET %1 ").arg(urlPath)));
    }
    void stop()
    {
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate();
            if (!m_nginx.waitForFinished(5000))
                m_nginx.kill();
        }
    }

    QByteArray url() const { return "https://127.0.0.1:" + QByteArray::number(m_port) + "/"; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString pem(const QString &name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()) : QString();
    }

private:
    bool openssl(const QStringList &args)
    {
        QProcess p;
        p.start(QStandardPaths::findExecutable("openssl"), args);
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }

    bool issue(const QString &name, const QString &ca, const QString &subject, bool san)
    {
        QStringList sign{"x509", "-req", "-in", path(name + ".csr"), "-CA", path(ca + ".pem"), "-CAkey", path(ca + ".key"),
                         "-CAcreateserial", "-days", "2", "-out", path(name + ".pem")};
        if (san)
            sign << "-extfile" << path("san.ext");
        return openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", path(name + ".key"), "-out", path(name + ".csr"),
                        "-subj", subject})
            && openssl(sign);
    }

    bool makeCertificates()
    {
        for (const QString &ca : {QStringLiteral("ca1"), QStringLiteral("ca2")}) {
            if (!openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", path(ca + ".key"),
                          "-out", path(ca + ".pem"), "-subj", "/CN=Throttle Test " + ca}))
                return false;
        }
        QFile ext(path("san.ext"));
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        ext.close();
        return issue("server", "ca1", "/CN=localhost", true) && issue("client-a", "ca1", "/CN=client-a/O=Throttle Test", false)
            && issue("client-b", "ca2", "/CN=client-b/O=Throttle Test", false)
            && issue("client-c", "ca1", "/CN=client-c/O=Throttle Test", false)
            && openssl({"rsa", "-in", path("client-c.key"), "-aes256", "-passout", "pass:secret", "-traditional", "-out",
                        path("client-c-enc.key")})
            && openssl({"pkcs8", "-topk8", "-in", path("client-c.key"), "-passout", "pass:secret", "-out",
                        path("client-c-pk8.key")});
    }

    bool startNginx()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        const QString d = m_dir.path();
        QFile conf(path("nginx.conf"));
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        const QString site = m_root.isEmpty()
            ? QStringLiteral("location / { default_type application/json; return 200 '{\"protocol\":\"$ssl_protocol\","
                             "\"cipher\":\"$ssl_cipher\",\"client\":\"$ssl_client_s_dn\"}'; }")
            : QStringLiteral("access_log %1/access.log; root %2; %3\n"
                             "    location / { types { } default_type application/javascript; }").arg(d, m_root, m_locations);
        conf.write(QStringLiteral(
            "daemon off; master_process off; worker_processes 1; pid %1/nginx.pid;\n"
            "error_log %1/error.log;\nevents { worker_connections 64; }\n"
            "http { access_log off; client_body_temp_path %1; proxy_temp_path %1;\n"
            "  fastcgi_temp_path %1; uwsgi_temp_path %1; scgi_temp_path %1;\n"
            "  server { listen 127.0.0.1:%2 ssl; ssl_certificate %1/server.pem; ssl_certificate_key %1/server.key;\n"
            "    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers ALL:@SECLEVEL=0;\n"
            "    ssl_client_certificate %1/ca1.pem; ssl_verify_client optional;\n"
            "    %3 } }\n").arg(d).arg(m_port).arg(site).toUtf8());
        conf.close();
        m_nginx.setProcessChannelMode(QProcess::ForwardedChannels);
        m_nginx.start(QStandardPaths::findExecutable("nginx", {"/usr/sbin", "/usr/local/sbin"}),
                      {"-p", d, "-c", path("nginx.conf"), "-e", path("error.log")});
        if (!m_nginx.waitForStarted(5000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {   // until it accepts connections
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

    QTemporaryDir m_dir;
    QString m_root;        // serveFiles(): the directory served ("" = the echo)
    QString m_locations;
    QProcess m_nginx;
    quint16 m_port = 0;
};

} // namespace throttle
