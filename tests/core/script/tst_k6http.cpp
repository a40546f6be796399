// k6/http's P2 features on fixture scripts run by real VU runtimes against a loopback
// FixtureServer: cookies and jars, auth (basic, digest, ntlm), request compression, http.batch.
#include "core/metrics/metricsengine.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/fixtureroutes.h"
#include "support/scriptenv.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace throttle;

class TstK6Http : public QObject {
    Q_OBJECT

    static double count(const MetricsSnapshot &s, const QString &name)
    {
        const MetricSnapshot *m = s.find(name);
        return m ? m->aggregate.count() : -1;
    }

private slots:
    void cookies()
    {
        FixtureServer server(fixtureRoute);
        auto e = ScriptEnv::load(QStringLiteral("http_cookies.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("initError").toString(), QStringLiteral("Making cookie jars in the init context is not supported"));
        QCOMPARE(o.value("madeInInit").toString(), QStringLiteral("function"));
        QCOMPARE(o.value("sameJar").toBool(), true);

        QCOMPARE(o.value("resCookieNames").toString(), QStringLiteral("a,b,c"));
        const QJsonObject a = o.value("a").toObject();
        QCOMPARE(a.keys().size(), 8);
        QCOMPARE(a.value("name").toString(), QStringLiteral("a"));
        QCOMPARE(a.value("value").toString(), QStringLiteral("1"));
        QCOMPARE(a.value("path").toString(), QStringLiteral("/"));
        QCOMPARE(a.value("domain").toString(), QString());
        QCOMPARE(a.value("http_only").toBool(), true);
        QCOMPARE(a.value("secure").toBool(), false);
        QCOMPARE(a.value("max_age").toInt(), 0);
        QCOMPARE(a.value("expires").toDouble(), -6795364578871.0);   // Go's zero time, as k6 shows it
        QCOMPARE(o.value("b").toObject().value("max_age").toInt(), 100);
        const QJsonObject c = o.value("c").toObject();
        QCOMPARE(c.value("secure").toBool(), true);
        QCOMPARE(c.value("domain").toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(c.value("expires").toDouble(), double(QDateTime(QDate(2037, 10, 21), QTime(7, 28), QTimeZone::utc()).toMSecsSinceEpoch()));

        // the secure cookie c is not sent over http
        QCOMPARE(o.value("forUrl").toObject(), QJsonObject({{"a", QJsonArray{"1"}}, {"b", QJsonArray{"2"}}}));
        QCOMPARE(o.value("sentAfterSet").toString(), QStringLiteral("a=1; b=2"));
        // k6's order (measured with k6 v1.3.0): params.cookies first, then the jar's
        QCOMPARE(o.value("sentReplace").toString(), QStringLiteral("a=x; d=4; b=2"));
        QCOMPARE(o.value("sentAdded").toString(), QStringLiteral("a=y; a=1; b=2"));
        const QJsonObject rc = o.value("requestCookies").toObject();
        QCOMPARE(rc.value("a").toArray(), QJsonArray({QJsonObject{{"name", "a"}, {"value", "x"}, {"replace", false}}}));
        QCOMPARE(rc.value("d").toArray().size(), 1);

        const QJsonObject afterSet = o.value("afterSet").toObject();
        QCOMPARE(afterSet.value("e").toArray(), QJsonArray{"5"});
        QVERIFY(!afterSet.contains("f"));
        QCOMPARE(o.value("afterDelete").toString(), QStringLiteral("b,e"));
        // k6 wraps Go's time.Parse(time.RFC1123, ...) error
        QCOMPARE(o.value("badExpires").toString(),
                 QStringLiteral(R"(unable to parse "expires" date string "tomorrow": parsing time "tomorrow" as )"
                                R"("Mon, 02 Jan 2006 15:04:05 MST": cannot parse "tomorrow" as "Mon")"));
        QCOMPARE(o.value("badExpiresZone").toString(),
                 QStringLiteral(R"(unable to parse "expires" date string "Wed, 21 Oct 2037 07:28:00": parsing time )"
                                R"("Wed, 21 Oct 2037 07:28:00" as "Mon, 02 Jan 2006 15:04:05 MST": cannot parse "" as "MST")"));
        QCOMPARE(o.value("badExpiresHour").toString(),
                 QStringLiteral(R"(unable to parse "expires" date string "Wed, 21 Oct 2037 25:28:00 GMT": parsing time )"
                                R"("Wed, 21 Oct 2037 25:28:00 GMT": hour out of range)"));
        QCOMPARE(o.value("afterClear").toInt(), 0);

        QCOMPARE(o.value("privateHas").toString(), QStringLiteral("a,b"));
        QCOMPARE(o.value("vuJarAfterPrivate").toInt(), 0);
        QCOMPARE(o.value("sentWithPrivate").toString(), QStringLiteral("a=1; b=2"));
        QCOMPARE(o.value("sentWithVuJar").toString(), QString());

        QCOMPARE(o.value("redirectUrl").toString(), server.baseUrl() + QStringLiteral("/echo"));
        QCOMPARE(o.value("sentAfterRedirect").toString(), QStringLiteral("r=1"));
    }

    // Consecutive responses share strings and lists behind the scenes (ResponseMemo); each must
    // still show its own request and answer, and own its objects.
    void repeatedResponsesStayApart()
    {
        FixtureServer server(fixtureRoute);
        auto e = ScriptEnv::load(QStringLiteral("http_repeat.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        const QString base = server.baseUrl();
        QCOMPARE(o.value("e1").toObject(), QJsonObject({{"url", base + "/echo?n=1"}, {"xn", QJsonArray{"1"}},
                                                         {"status", 200}, {"cookies", QJsonArray{}}}));
        QCOMPARE(o.value("e2").toObject(), QJsonObject({{"url", base + "/echo?n=2"}, {"xn", QJsonArray{"2"}}, {"status", 200}}));
        QCOMPARE(o.value("c1").toObject(), QJsonObject({{"cookies", "a,b,c"}, {"status", 200}, {"body", "set"}}));
        QCOMPARE(o.value("miss").toObject(), QJsonObject({{"status", 404}, {"text", "404 OK"}, {"code", 1404},   // the fixture says OK to all
                                                           {"url", base + "/missing"}}));
        QCOMPARE(o.value("post").toObject(), QJsonObject({{"method", "POST"}, {"body", "payload"}}));
        QCOMPARE(o.value("get").toObject(), QJsonObject({{"method", "GET"}, {"body", ""}, {"xn", true}}));
        const QJsonObject c2 = o.value("c2").toObject();
        QCOMPARE(c2.value("cookies").toString(), QStringLiteral("a,b,c"));
        QCOMPARE(c2.value("body").toString(), QStringLiteral("set"));
        QVERIFY2(c2.value("setCookieHeader").toString().startsWith(QLatin1String("a=1; Path=/; HttpOnly, b=2")),
                 qPrintable(c2.value("setCookieHeader").toString()));
        QCOMPARE(c2.value("a").toString(), QStringLiteral("1"));
        QCOMPARE(o.value("distinct").toBool(), true);
        QCOMPARE(o.value("echoed").toString(), QStringLiteral("GET"));
        QCOMPARE(o.value("keysKept").toBool(), true);
    }

    void responseRequest()
    {
        FixtureServer server(fixtureRoute);
        auto e = ScriptEnv::load(QStringLiteral("http_request.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("keys").toString(), QStringLiteral("method,url,headers,body,cookies"));
        // The Response's own fields in k6's measured order (script-api.md §5.4); over plain HTTP no
        // cipher suite and ocsp's zero value.
        QCOMPARE(o.value("responseKeys").toString(),
                 QStringLiteral("remote_ip,remote_port,url,status,status_text,proto,headers,cookies,body,timings,"
                                "tls_version,tls_cipher_suite,ocsp,error,error_code,request"));
        QCOMPARE(o.value("cipher").toString(), QString());
        QCOMPARE(o.value("ocsp").toObject(),
                 QJsonObject({{"produced_at", 0}, {"this_update", 0}, {"next_update", 0}, {"revoked_at", 0},
                              {"revocation_reason", ""}, {"status", ""}}));
        QCOMPARE(o.value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(o.value("url").toString(), server.baseUrl() + QStringLiteral("/echo"));
        QCOMPARE(o.value("body").toString(), QStringLiteral("a=b&c=1&c=2"));
        // the headers really sent, canonical names, each a list of values
        const QJsonObject headers = o.value("headers").toObject();
        QCOMPARE(headers, QJsonObject({
            {"X-Custom-Thing", QJsonArray{"v1"}},
            {"User-Agent", QJsonArray{"Grafana k6/1.3.0"}},
            {"Content-Type", QJsonArray{"application/x-www-form-urlencoded"}},
            {"Cookie", QJsonArray{"k=v"}},
        }));
        QCOMPARE(o.value("sameObject").toBool(), true);
        QCOMPARE(o.value("stringified").toObject(), headers);
        const QJsonObject received = o.value("received").toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            bool seen = false;
            for (auto r = received.begin(); r != received.end(); ++r)
                seen = seen || (r.key().compare(it.key(), Qt::CaseInsensitive) == 0 &&
                                r.value() == it.value().toArray().first());
            QVERIFY2(seen, qPrintable(it.key()));
        }

        QCOMPARE(o.value("userAgentHeaders").toObject(), QJsonObject({
            {"User-Agent", QJsonArray{"mine/1.0"}}, {"Accept", QJsonArray{"text/plain"}}}));
        QCOMPARE(o.value("requestBodyOfGet").toString(), QString());
        QCOMPARE(o.value("redirectedUrl").toString(), server.baseUrl() + QStringLiteral("/echo?redirected=1"));
        QCOMPARE(o.value("redirectedHeaders").toString(), QStringLiteral("User-Agent"));
        QCOMPARE(o.value("assigned").toString(), QStringLiteral("yes"));
    }

    void vuJarIsEmptiedBeforeEachIteration_data()
    {
        QTest::addColumn<bool>("noCookiesReset");
        QTest::addColumn<QString>("secondIteration");
        QTest::newRow("default") << false << QString();
        QTest::newRow("noCookiesReset") << true << QStringLiteral("a=1; b=2");
    }
    void vuJarIsEmptiedBeforeEachIteration()
    {
        QFETCH(bool, noCookiesReset);
        QFETCH(QString, secondIteration);
        FixtureServer server(fixtureRoute);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("iter.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import http from 'k6/http';\n"
                "export default function () {\n"
                "  if (__ITER === 0) http.get(__ENV.BASE_URL + '/setcookie');\n"
                "  else console.log('SENT[' + http.get(__ENV.BASE_URL + '/echo').json().cookie + ']');\n"
                "}\n");
        f.close();
        auto e = ScriptEnv::load(f.fileName(), {{QStringLiteral("BASE_URL"), server.baseUrl()}},
                                 [&](ScriptContext &c) { c.http.noCookiesReset = noCookiesReset; });
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
        QString error;
        QVERIFY2(rt.init(&error), qPrintable(error));
        rt.bind(ScenarioBinding{});
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QCOMPARE(rt.runIteration(), IterationOutcome::Completed);
        QVERIFY2(e->log.contains(QStringLiteral("SENT[%1]").arg(secondIteration)), qPrintable(e->log.lines().join('\n')));
    }

    void auth()
    {
        FixtureServer server(fixtureRoute);
        auto e = ScriptEnv::load(QStringLiteral("http_auth.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        e->metrics.addSubmetric(QStringLiteral("http_req_failed"), {{QStringLiteral("kind"), QStringLiteral("digest")}});
        e->metrics.addSubmetric(QStringLiteral("http_reqs"), {{QStringLiteral("kind"), QStringLiteral("digest")}});
        e->metrics.addSubmetric(QStringLiteral("http_reqs"), {{QStringLiteral("kind"), QStringLiteral("wrong")}});
        e->metrics.addSubmetric(QStringLiteral("http_req_failed"), {{QStringLiteral("kind"), QStringLiteral("wrong")}});
        e->metrics.addSubmetric(QStringLiteral("http_reqs"), {{QStringLiteral("url"), server.baseUrl().replace("http://", "http://****:****@") + "/basic"}});
        for (const char *kind : {"ntlm", "ntlmwrong", "ntlmbad"}) {
            e->metrics.addSubmetric(QStringLiteral("http_reqs"), {{QStringLiteral("kind"), QString::fromLatin1(kind)}});
            e->metrics.addSubmetric(QStringLiteral("http_req_failed"), {{QStringLiteral("kind"), QString::fromLatin1(kind)}});
        }
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("basicStatus").toInt(), 200);
        QCOMPARE(o.value("noAuthParam").toInt(), 200);
        QCOMPARE(o.value("wrongPassword").toInt(), 401);
        QCOMPARE(o.value("digestStatus").toInt(), 200);
        QCOMPARE(o.value("digestBody").toString(), QStringLiteral("digest ok"));
        QCOMPARE(o.value("digestWrong").toInt(), 401);
        QCOMPARE(o.value("ntlmStatus").toInt(), 200);
        QCOMPARE(o.value("ntlmBody").toString(), QStringLiteral("ntlm ok"));
        QCOMPARE(o.value("ntlmWrong").toInt(), 401);
        QCOMPARE(o.value("ntlmNoChallenge").toInt(), 401);

        // basic: the server saw the header; the url tag masks the credentials as k6 does
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(count(s, "http_reqs{url:" + server.baseUrl().replace("http://", "http://****:****@") + "/basic}"), 3.0);
        // digest: two hops, the first (401) one expected, so nothing failed
        QCOMPARE(server.requestCount("/digest"), 4);
        QCOMPARE(count(s, QStringLiteral("http_reqs{kind:digest}")), 2.0);
        const MetricSnapshot *failed = s.find(QStringLiteral("http_req_failed{kind:digest}"));
        QVERIFY(failed);
        QCOMPARE(failed->aggregate.passes(), quint64(0));
        QCOMPARE(failed->aggregate.fails(), quint64(2));
        // a wrong password: the answer's 401 counts as failed
        QCOMPARE(s.find(QStringLiteral("http_req_failed{kind:wrong}"))->aggregate.passes(), quint64(1));
        const auto digestRequests = server.requests();
        int withAuth = 0;
        for (const auto &r : digestRequests) {
            if (r.path == "/digest") {
                QVERIFY(!r.header("Authorization").startsWith("Basic"));
                withAuth += r.header("Authorization").startsWith("Digest ") ? 1 : 0;
            }
        }
        QCOMPARE(withAuth, 2);
        // ntlm: every round trip of the handshake is a request, as in k6 (go-ntlmssp over its
        // measuring transport): anonymous, NEGOTIATE, AUTHENTICATE. The first hop's 401 is expected;
        // the challenge's 401 is not.
        QList<QByteArray> ntlmAuth;
        for (const auto &r : digestRequests)
            if (r.path == "/ntlm")
                ntlmAuth << r.header("Authorization").left(17);
        QCOMPARE(ntlmAuth, (QList<QByteArray>{"", "NTLM TlRMTVNTUAAB", "NTLM TlRMTVNTUAAD", "", "NTLM TlRMTVNTUAAB",
                                              "NTLM TlRMTVNTUAAD"}));
        QCOMPARE(count(s, QStringLiteral("http_reqs{kind:ntlm}")), 3.0);
        QCOMPARE(count(s, QStringLiteral("http_reqs{kind:ntlmwrong}")), 3.0);
        QCOMPARE(s.find(QStringLiteral("http_req_failed{kind:ntlm}"))->aggregate.passes(), quint64(1));
        QCOMPARE(s.find(QStringLiteral("http_req_failed{kind:ntlm}"))->aggregate.fails(), quint64(2));
        QCOMPARE(s.find(QStringLiteral("http_req_failed{kind:ntlmwrong}"))->aggregate.passes(), quint64(2));
        // no challenge in the answer to NEGOTIATE: the handshake stops there, two requests
        QCOMPARE(server.requestCount("/ntlm-bad"), 2);
        QCOMPARE(count(s, QStringLiteral("http_reqs{kind:ntlmbad}")), 2.0);
        // the metrics count exactly the requests the server received
        QCOMPARE(count(s, "http_reqs"), double(server.requests().size()));
    }

    void compression()
    {
        FixtureServer server(fixtureRoute);
        auto e = ScriptEnv::load(QStringLiteral("http_compression.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("gzip").toString(), QStringLiteral("gzip"));
        QCOMPARE(o.value("deflate").toString(), QStringLiteral("deflate"));
        QCOMPARE(o.value("br").toString(), QStringLiteral("br"));
        QCOMPARE(o.value("zstd").toString(), QStringLiteral("zstd"));
        QCOMPARE(o.value("gzip, br").toString(), QStringLiteral("gzip, br"));
        QCOMPARE(o.value("zstd,deflate").toString(), QStringLiteral("zstd, deflate"));
        QCOMPARE(o.value("unknown").toString(),
                 QStringLiteral("unknown compression algorithm lzma, supported algorithms are [gzip deflate zstd br]"));
        QCOMPARE(o.value("unknownNoBody").toString(),
                 QStringLiteral("unknown compression algorithm xz, supported algorithms are [gzip deflate zstd br]"));
        QCOMPARE(o.value("getNoEncoding").toBool(), true);
    }

    void batch_data()
    {
        QTest::addColumn<int>("batchLimit");
        QTest::addColumn<int>("perHost");
        QTest::addColumn<int>("expectedPerServer");   // most requests one server handled at once
        QTest::addColumn<int>("expectedTotal");       // most both servers handled at once
        QTest::newRow("defaults 20/6") << 20 << 6 << 6 << 12;
        QTest::newRow("batchPerHost 3") << 20 << 3 << 3 << 6;
        QTest::newRow("batch 4") << 4 << 6 << 4 << 4;
    }
    void batch()
    {
        QFETCH(int, batchLimit);
        QFETCH(int, perHost);
        QFETCH(int, expectedPerServer);
        QFETCH(int, expectedTotal);
        auto total = std::make_shared<ConcurrencyGauge>();
        // Each server counts its own concurrency; the shared gauge counts both together.
        auto both = std::make_shared<ConcurrencyGauge>();
        FixtureServer one([both](const FixtureRequest &r) { both->enter(); auto x = fixtureRoute(r); both->leave(); return x; });
        FixtureServer two([both](const FixtureRequest &r) { both->enter(); auto x = fixtureRoute(r); both->leave(); return x; });
        auto e = ScriptEnv::load(QStringLiteral("http_batch.js"),
                      {{QStringLiteral("BASE_URL"), one.baseUrl()}, {QStringLiteral("BASE_URL2"), two.baseUrl()}});
        e->ctx.http.batch = batchLimit;
        e->ctx.http.batchPerHost = perHost;
        const QJsonObject o = e->runDefault();

        QCOMPARE(o.value("initError").toString(), QStringLiteral("Using batch in the init context is not supported"));
        QCOMPARE(o.value("slowCount").toInt(), 16);
        QCOMPARE(o.value("slowAllOk").toBool(), true);
        QCOMPARE(o.value("slowOrder").toString(), QStringLiteral("0,1,2,3,4,5,6,7,0,1,2,3,4,5,6,7"));
        QCOMPARE(std::max(one.maxConcurrent(), two.maxConcurrent()), expectedPerServer);
        QCOMPARE(both->max.load(), expectedTotal);
        // 16 requests of 150 ms in waves of at most `expectedTotal`: well under the serial 2.4 s
        QVERIFY2(o.value("slowMs").toInt() < 16 * 150, qPrintable(QString::number(o.value("slowMs").toInt())));

        QCOMPARE(o.value("forms").toArray(),
                 QJsonArray({"GET form=string ", "POST form=array abc", "PUT form=object put-body", "GET form=objget ",
                             "GET form=tmpl ", "GET redirected=1 "}));
        QCOMPARE(o.value("arrayHeader").toString(), QStringLiteral("array"));
        QCOMPARE(o.value("redirectedUrl").toString(), one.baseUrl() + QStringLiteral("/echo?redirected=1"));
        QCOMPARE(o.value("namedKeys").toString(), QStringLiteral("first,second"));
        QCOMPARE(o.value("named").toString(), QStringLiteral("k=1/POST b"));
        QCOMPARE(o.value("badUrl").toString(), QStringLiteral("unsupported protocol scheme \"\""));
        QCOMPARE(o.value("noArgument").toString(), QStringLiteral("no argument was provided to http.batch()"));
        QCOMPARE(o.value("notObject").toString(), QStringLiteral("http.batch() accepts only an array or an object of requests"));
        QCOMPARE(o.value("missingUrl").toString(), QStringLiteral("batch request 0 doesn't have a url key"));
        QCOMPARE(o.value("missingUrlNamed").toString(), QStringLiteral("batch request home doesn't have a url key"));
        // k6's texts print the element as Go's %#v does
        QCOMPARE(o.value("tooShort").toString(), QStringLiteral(R"(invalid batch request '[]interface {}{"GET"}')"));
        QCOMPARE(o.value("badMethod").toString(), QStringLiteral("invalid method type '1'"));

        // each hop is a request of its own: 16 slow + 6 forms (+1 redirect hop) + 2 named + 1 bad URL
        const MetricsSnapshot s = e->metrics.snapshot();
        QCOMPARE(count(s, QStringLiteral("http_reqs")), 26.0);
        Q_UNUSED(total);
    }

    void requireInInitContext()
    {
        auto e = ScriptEnv::load(QStringLiteral("require_main.js"), {});
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("twice").toInt(), 42);
        QCOMPARE(o.value("nested").toString(), QStringLiteral("nested"));
        QCOMPARE(o.value("same").toBool(), true);
        QCOMPARE(o.value("triple").toInt(), 9);
        QCOMPARE(o.value("httpGet").toString(), QStringLiteral("function"));
        QVERIFY2(o.value("missing").toString().startsWith(QStringLiteral("The moduleSpecifier \"./lib/nosuch.js\" couldn't be found on local disk")),
                 qPrintable(o.value("missing").toString()));
        QCOMPARE(o.value("inVu").toString(),
                 QStringLiteral("the \"require\" function is only available in the init stage (i.e. the global scope), see "
                                "https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information"));
    }

    void batchIsCutByInterrupt()
    {
        FixtureServer server(fixtureRoute);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("hang.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import http from 'k6/http';\n"
                "export default function () {\n"
                "  const reqs = []; for (let i = 0; i < 12; i++) reqs.push(__ENV.BASE_URL + '/slow');\n"
                "  while (true) http.batch(reqs);\n"
                "}\n");
        f.close();
        auto e = ScriptEnv::load(f.fileName(), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        std::atomic<VuRuntime *> runtime{nullptr};
        std::atomic<int> outcome{-1};
        std::thread vu([&] {
            VuRuntime rt(e->ctx, 1, RuntimeKind::Vu);
            QString error;
            if (!rt.init(&error))
                return;
            rt.bind(ScenarioBinding{});
            runtime = &rt;
            outcome = int(rt.runIteration());
            runtime = nullptr;
        });
        QTRY_VERIFY_WITH_TIMEOUT(server.requestCount("/slow") >= 6, 5000);
        QElapsedTimer timer;
        timer.start();
        runtime.load()->interrupt();
        QTRY_COMPARE_WITH_TIMEOUT(outcome.load(), int(IterationOutcome::Interrupted), 5000);
        // well inside one /slow answer (150 ms): the transfers were cut, not waited for
        QVERIFY2(timer.elapsed() < 120, qPrintable(QString::number(timer.elapsed())));
        vu.join();
    }
};

QTEST_MAIN(TstK6Http)
#include "tst_k6http.moc"
