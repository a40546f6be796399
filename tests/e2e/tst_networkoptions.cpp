// options.systemTags, tlsVersion/tlsCipherSuites/tlsAuth and dns through the real `throttle run`
// (in-process through runCli): the tags and metadata in --out json, the TLS the server saw, and
// k6's errors and exit codes for values it refuses. Expected values were measured with k6 v1.3.0
// running the same scripts.
#include "cli/cli.h"
#include "demo/demotarget.h"
#include "support/testlog.h"
#include "support/tlstestserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstNetworkOptions : public QObject {
    Q_OBJECT

    DemoTarget m_target;

    int run(QStringList args, QString *out, QString *err)
    {
        QTextStream o(out), e(err);
        args.insert(1, QStringLiteral("--address="));   // no REST server: suites run in parallel
        const int code = runCli(args, o, e);
        o.flush();
        e.flush();
        return code;
    }

    // metric -> the distinct "tag keys | meta:metadata keys" of its samples (vus/vus_max left out:
    // k6 writes them once a second, so a short run may have none)
    static QMap<QString, QSet<QString>> tagKeys(const QString &jsonFile, QSet<QString> *metadataValues)
    {
        QMap<QString, QSet<QString>> out;
        QFile f(jsonFile);
        if (!f.open(QIODevice::ReadOnly))
            return out;
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QJsonObject d = QJsonDocument::fromJson(line).object();
            const QString metric = d.value("metric").toString();
            if (d.value("type").toString() != u"Point" || metric == u"vus" || metric == u"vus_max")
                continue;
            const QJsonObject data = d.value("data").toObject();
            QStringList keys = data.value("tags").toObject().keys();
            const QJsonObject meta = data.value("metadata").toObject();
            QString entry = keys.join(',');
            if (!meta.isEmpty())
                entry += QStringLiteral(" | meta:") + meta.keys().join(',');
            for (auto it = meta.begin(); it != meta.end(); ++it)
                metadataValues->insert(it.key() + '=' + it.value().toString());
            out[metric].insert(entry);
        }
        return out;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void systemTags_data()
    {
        QTest::addColumn<QString>("tags");   // "-" = option not set; "--x" = --system-tags x
        QTest::addColumn<QStringList>("expected");   // "metric => keys / keys", as k6 v1.3.0 wrote them
        const QString ok = "expected_response,group,method,name,proto,scenario,status,url";
        const QString refused = "error,error_code,expected_response,group,method,name,scenario,status,url";
        QStringList defaults{"checks => check,group,scenario", "data_received => group,scenario",
                             "data_sent => group,scenario", "group_duration => group,scenario",
                             "iteration_duration => group,scenario", "iterations => group,scenario",
                             "my_counter => group,mine,scenario"};
        for (const char *m : {"http_req_blocked", "http_req_connecting", "http_req_duration", "http_req_failed",
                              "http_req_receiving", "http_req_sending", "http_req_tls_handshaking", "http_req_waiting",
                              "http_reqs"})
            defaults << QLatin1String(m) + QStringLiteral(" => ") + refused + " / " + ok;
        QTest::newRow("default") << "-" << defaults;

        QStringList picked{"checks => check | meta:iter,vu", "data_received =>  | meta:iter,vu",
                           "data_sent =>  | meta:iter,vu", "group_duration =>  | meta:iter,vu",
                           "iteration_duration =>  | meta:iter,vu", "iterations =>  | meta:iter,vu",
                           "my_counter => mine | meta:iter,vu"};
        for (const char *m : {"http_req_blocked", "http_req_connecting", "http_req_duration", "http_req_failed",
                              "http_req_receiving", "http_req_sending", "http_req_tls_handshaking", "http_req_waiting",
                              "http_reqs"})
            picked << QLatin1String(m) + QStringLiteral(" => ip,method | meta:iter,vu / method | meta:iter,vu");
        QTest::newRow("ip vu iter method check") << "ocsp_status,ip,vu,iter,method,check" << picked;
        QTest::newRow("the same, by flag") << "--ocsp_status,ip,vu,iter,method,check" << picked;

        QStringList none{"checks => ", "data_received => ", "data_sent => ", "group_duration => ",
                         "iteration_duration => ", "iterations => ", "my_counter => mine"};
        for (const char *m : {"http_req_blocked", "http_req_connecting", "http_req_duration", "http_req_failed",
                              "http_req_receiving", "http_req_sending", "http_req_tls_handshaking", "http_req_waiting",
                              "http_reqs"})
            none << QLatin1String(m) + QStringLiteral(" => ");
        QTest::newRow("none") << "," << none;
    }
    void systemTags()
    {
        QFETCH(QString, tags);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const QString json = dir.filePath("out.json");
        QStringList args{"run", "-q", "--out", "json=" + json, "-e", "BASE_URL=" + m_target.baseUrl()};
        if (tags.startsWith(u"--"))
            args << "--system-tags" << tags.mid(2);
        else if (tags != u"-")
            args << "-e" << "TAGS=" + tags;
        args << fixture("system_tags.js");
        QString out, err;
        QCOMPARE(run(args, &out, &err), 0);
        QSet<QString> metadata;
        const auto seen = tagKeys(json, &metadata);
        QStringList got;
        for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
            QStringList variants = it.value().values();
            std::sort(variants.begin(), variants.end());
            got << it.key() + " => " + variants.join(" / ");
        }
        std::sort(expected.begin(), expected.end());
        QCOMPARE(got, expected);
        if (tags.contains(u"vu"))
            QCOMPARE(metadata, QSet<QString>({"vu=1", "iter=0"}));
    }

    void tlsOptions()
    {
        if (!TlsTestServer::available())
            QSKIP("needs openssl and nginx");
        TlsTestServer server;
        QVERIFY2(server.start(), "the TLS test server did not come up");
        QString out, err;
        const int code = run({"run", "-q", "-e", "URL=" + QString::fromLatin1(server.url()), "-e",
                              "CERTS=" + server.path(QString()), fixture("tls_options.js")}, &out, &err);
        QVERIFY2(code == 0, qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("checks")), qPrintable(out));
    }

    // k6 v1.3.0's texts and exit codes for network options it refuses
    void refused_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("cipher suite") << R"({"tlsCipherSuites":["BOGUS"]})" << 104 << "unknown cipher suite 'BOGUS'";
        QTest::newRow("dns select") << R"({"dns":{"select":"bogus"}})" << 104 << "bogus does not belong to DNSSelect values";
        QTest::newRow("dns policy") << R"({"dns":{"policy":"bogus"}})" << 104 << "bogus does not belong to DNSPolicy values";
        QTest::newRow("dns ttl") << R"({"dns":{"ttl":"abc"}})" << 255 << "invalid DNS TTL: abc";
        QTest::newRow("negative ttl") << R"({"dns":{"ttl":"-1s"}})" << 255 << "invalid DNS TTL: -1s";
        QTest::newRow("tls auth") << R"({"tlsAuth":[{"cert":"x","key":"y"}]})" << 104
                                  << "tls: failed to find any PEM data in certificate input";
    }
    void refused()
    {
        QFETCH(QString, options);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile script(dir.filePath("opts.js"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("export const options = JSON.parse(__ENV.OPTS);\nexport default function () {}\n");
        script.close();
        QString out, err;
        QCOMPARE(run({"run", "-q", "-e", "OPTS=" + options, script.fileName()}, &out, &err), code);
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    void dnsAccepted()
    {
        QTemporaryDir dir;
        QFile script(dir.filePath("dns.js"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("import http from 'k6/http';\n"
                     "export const options = { iterations: 1, dns: { ttl: 'inf', select: 'roundRobin', policy: 'onlyIPv4' },\n"
                     "  thresholds: { http_req_failed: ['rate==0'] } };\n"
                     "export default function () { http.get(__ENV.URL); }\n");
        script.close();
        QString out, err;
        const QString url = m_target.baseUrl().replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost")) + "/ok";
        QCOMPARE(run({"run", "-q", "-e", "URL=" + url, script.fileName()}, &out, &err), 0);
        // --dns beats the script, as k6's flags do
        QCOMPARE(run({"run", "-q", "--dns", "ttl=1m,select=first,policy=any", "-e", "URL=" + url, script.fileName()},
                     &out, &err), 0);
        QCOMPARE(run({"run", "-q", "--dns", "select=bogus", "-e", "URL=" + url, script.fileName()}, &out, &err), 104);
        QVERIFY2(err.contains(QLatin1String("bogus does not belong to DNSSelect values")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TstNetworkOptions)
#include "tst_networkoptions.moc"
