// k6/html's per-tag Element methods and Response.clickLink()/submitForm() in a real VU against
// loopback servers. Expected values come from k6 v1.3.0 runs of the same scripts (see the fixture
// files): tests/fixtures/html/expected-k6-v1.3.0.jsonl for the element methods, the rows below for
// the forms and links. The demo target's sign-in form is submitted for real.
#include "demo/demotarget.h"
#include "support/fixtureserver.h"
#include "support/scriptenv.h"

#include <QFile>
#include <QJsonArray>
#include <QtTest>

using namespace throttle;

namespace {
QByteArray fixtureFile(const char *name)
{
    QFile f(QStringLiteral(THROTTLE_FIXTURES "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

const QByteArray kFormsPage = R"(<html><body>
<a id="l1" href="next?x=1">next</a>
<a id="l2" href="/abs#frag">abs</a>
<a id="l3">no href</a>
<a id="l4" href="?only=query">query</a>
<form id="g" action="search?old=1" method="get"><input name="q" value="a b"><input name="z" value="1"><button type="submit" name="go" value="yes">Go</button></form>
<form id="p" action="/submit" method="post"><input name="user" value="u"><input type="checkbox" name="c" value="on" checked="checked"><input type="submit" name="s" value="Send"><input type="submit" id="other" name="o" value="Other"></form>
<form id="noaction" method="put"><input name="k" value="v"></form>
<form id="nomethod" action="/submit"><input name="k" value="v"></form>
</body></html>)";

// GET /dir/page is kFormsPage; any other request is echoed as {method, target, body, xtest}.
FixtureReply formsRoute(const FixtureRequest &r)
{
    if (r.target == "/dir/page" && r.method == "GET")
        return {200, {{"Content-Type", "text/html"}}, kFormsPage};
    const QJsonObject o{{"method", QString::fromLatin1(r.method)}, {"target", QString::fromLatin1(r.target)},
                        {"body", QString::fromUtf8(r.body)}, {"xtest", QString::fromLatin1(r.header("X-Test"))}};
    return {200, {{"Content-Type", "application/json"}}, QJsonDocument(o).toJson(QJsonDocument::Compact)};
}
} // namespace

class TstK6HtmlElements : public QObject {
    Q_OBJECT

    QJsonObject m_forms;

private slots:
    void elementMethodsMatchK6()
    {
        const QByteArray page = fixtureFile("html/elements.html");
        FixtureServer server([&](const FixtureRequest &) { return FixtureReply{200, {{"Content-Type", "text/html"}}, page}; });
        auto e = ScriptEnv::load(QStringLiteral("html_elements.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("rows").toInt(), 1816);
        const QJsonArray differ = o.value("differ").toArray();
        for (const QJsonValue &d : differ)
            qWarning("%s", QJsonDocument(d.toArray()).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(differ.size(), 0);
        QCOMPARE(o.value("toString").toString(), server.baseUrl() + QStringLiteral("/dir/page2.html?q"));
        QCOMPARE(o.value("plainToString").toString(), QStringLiteral("[object html.Node]"));
    }

    void formsAndLinks_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("k6");
        // measured with k6 v1.3.0 (the same script against a server with the same two routes)
        const QList<QPair<const char *, const char *>> rows = {
            {"click", "GET /dir/next?x=1 "},
            {"clickSelector", "GET /abs  X-Test:t"},
            {"clickQuery", "GET /dir/page?only=query "},
            {"clickNoHref", "no valid href attribute value found on element '#l3' in response 'BASE/dir/page'"},
            {"clickNone", "no element found for selector '#none' in response 'BASE/dir/page'"},
            {"getForm", "GET /dir/search?go=yes&q=a+b&z=1 "},
            {"getFields", "GET /dir/search?extra=5&go=yes&q=x%26y&z=1 "},
            {"postForm", "POST /submit c=on&s=Send&user=u"},
            {"postSubmitSelector", "POST /submit c=on&o=Other&user=u X-Test:p"},
            {"noAction", "PUT /dir/page k=v"},
            {"noMethod", "GET /submit?k=v "},
            {"allForms", "GET /dir/search?c=on&go=yes&k=v&q=a+b&user=u&z=1 "},
            {"noForm", "no form found for selector '#zzz' in response 'BASE/dir/page'"},
        };
        for (const auto &r : rows)
            QTest::newRow(r.first) << QString::fromLatin1(r.first) << QString::fromLatin1(r.second);
    }
    void formsAndLinks()
    {
        if (m_forms.isEmpty()) {
            FixtureServer server(formsRoute);
            auto e = ScriptEnv::load(QStringLiteral("http_forms.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
            m_forms = e->runDefault();
        }
        QFETCH(QString, key);
        QFETCH(QString, k6);
        QCOMPARE(m_forms.value(key).toString(), k6);
    }

    // The demo target's sign-in page: submitForm() carries its CSRF token along and signs in.
    void submitDemoLogin()
    {
        DemoTarget demo;
        QVERIFY(demo.start());
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("login.js")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import http from 'k6/http';\n"
                "export default function () {\n"
                "  const page = http.get(`${__ENV.BASE_URL}/login`);\n"
                "  const res = page.submitForm({ formSelector: '#login', fields: { user: 'me', password: 'secret' } });\n"
                "  return { status: res.status, ok: res.json('ok'), user: res.json('user'), method: res.request.method,\n"
                "           url: res.url, csrf: res.request.body.indexOf('csrf=') >= 0,\n"
                "           session: Object.keys(res.cookies).join(',') };\n"
                "}\n");
        f.close();
        auto e = ScriptEnv::load(f.fileName(), {{QStringLiteral("BASE_URL"), demo.baseUrl()}});
        const QJsonObject o = e->runDefault();
        QCOMPARE(o.value("status").toInt(), 200);
        QCOMPARE(o.value("ok").toBool(), true);
        QCOMPARE(o.value("user").toString(), QStringLiteral("me"));
        QCOMPARE(o.value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(o.value("url").toString(), demo.baseUrl() + QStringLiteral("/login"));
        QCOMPARE(o.value("csrf").toBool(), true);
        QCOMPARE(o.value("session").toString(), QStringLiteral("session"));
    }
};

QTEST_GUILESS_MAIN(TstK6HtmlElements)
#include "tst_k6htmlelements.moc"
