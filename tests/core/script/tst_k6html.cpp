// k6/html on fixture scripts run by real VU runtimes: the parser's edge cases, every selector form,
// the Selection and Element methods (mod_html.js), and Response.html() against a loopback
// FixtureServer page (http_html.js, which loads k6/html lazily, without importing it).
#include "core/metrics/metricsengine.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/fixtureroutes.h"
#include "support/scriptenv.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

const QByteArray kPage =
    "<!DOCTYPE html>\n<html><head><title>Fixture login</title></head><body>\n"
    "<form action=\"/echo\" method=post><input type=hidden name=csrf value=\"abc&amp;123\">"
    "<input name=user value=ann><input type=submit value=Go></form>\n"
    "<ul class=items><li>one<li>two</ul><a href=\"/a\">A</a><a href=\"/b\">B</a>\n</body></html>\n";

FixtureReply htmlRoute(const FixtureRequest &r)
{
    if (r.path == "/page")
        return {200, {{"Content-Type", "text/html; charset=utf-8"}}, kPage};
    if (r.path == "/other")
        return {200, {{"Content-Type", "text/html"}}, "<title>Other</title>"};
    return fixtureRoute(r);
}

} // namespace

class TstK6Html : public QObject {
    Q_OBJECT

    // Loads the script, inits one VU and returns the object its default function returns.
    static QJsonObject runDefault(const QString &script, const QMap<QString, QString> &env = {})
    {
        return ScriptEnv::load(script, env)->runDefault();
    }
    void addRows(const QList<std::pair<const char *, QJsonValue>> &rows)
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("expected");
        for (const auto &r : rows)
            QTest::newRow(r.first) << QString::fromLatin1(r.first) << r.second;
    }
    void compareKey()
    {
        QFETCH(QString, key);
        QFETCH(QJsonValue, expected);
        QVERIFY2(m_module.contains(key), qPrintable(key));
        QCOMPARE(m_module.value(key), expected);
    }

    QJsonObject m_module;

private slots:
    void initTestCase()
    {
        m_module = runDefault(QStringLiteral("mod_html.js"));
        QVERIFY(!m_module.isEmpty());
    }

    void parser_data()
    {
        addRows({
            {"defaultExport", "function"},
            {"title", "Sign in & stay"},
            {"scriptRaw", "if (a < b && c > d) { s = \"<div>\"; }"},
            {"styleRaw", "p > a { color: red }"},
            {"csrf", "t'k\"1"},
            {"unquoted", "alice"},
            {"valueless", ""},
            {"entities", QString::fromUtf8("two © <2>")},
            {"liImplied", 3},
            {"pImplied", 4},
            {"tbodyInserted", 2},
            {"tdImplied", "1,2,3"},
            {"voids", 3},
            {"voidHtml", true},
            {"textareaLeadingNewline", "Hi there"},
            {"commentNode", " login form "},
            {"doctype", "html/10"},
            {"svgSelfClosing", "2/http://www.w3.org/2000/svg"},
            {"fragmentWrapped", "x"},
            {"emptyDoc", "<html><head></head><body></body></html>"},
            {"notAString", "42"},
            {"malformed", QString::fromUtf8("<p>x&lt;<b>yz</b> &amp;bogus; &amp; AB\uFFFD a&lt;3 </p>")},
            {"unclosedAttr", "<p>ok</p>"},
            {"junk", "&lt;&lt;&gt;&gt;<!-- --><!----><!--?xml x?--><!--[CDATA[c]]-->"},
            {"nestedA", 2},
            {"headings", "<h1>a</h1><h2>b</h2>c"},
            {"optionsImplied", 3},
            {"ddDt", 2},
            {"upperCase", "z"},
        });
    }
    void parser() { compareKey(); }

    void selectors_data()
    {
        addRows({
            {"type", 3},
            {"universal", 3},
            {"id", QString::fromUtf8("two © <2>")},
            {"classes", "i3"},
            {"attrExists", "i3"},
            {"attrEq", "input,input|1|1"},
            {"attrWord", "A0"},
            {"attrPrefix", "B"},
            {"attrSuffix", "B"},
            {"attrContains", "B"},
            {"attrDash", "2/en"},
            {"attrNotEq", "AB"},
            {"attrCaseInsensitive", "B"},
            {"descendant", 5},
            {"child", "0/5"},
            {"adjacent", "i2"},
            {"siblings", "i2,i3"},
            {"group", "i3,p1,p2"},   // document order, as goquery gives it
            {"firstChild", "i1"},
            {"lastChild", "i3"},
            {"nthChild", "i2"},
            {"nthOdd", "i1,i3"},
            {"nthEven", "i2"},
            {"nthFormula", "i1,i3|i1,i2"},
            {"nthLast", "i3"},
            {"nthOfType", "p2"},
            {"onlyChild", 1},
            {"not", "i2,i3"},
            {"notComplex", "i2"},
            {"has", "p2"},
            {"contains", "i2"},          // case-insensitive, as in cascadia
            {"containsUnquoted", "p1,p2"},
            {"containsOwn", "d1|0"},
            {"checked", "remember,plan,Green,A,B"},
            {"disabled", "locked,fieldset,infield"},
            {"enabledCount", 17},
            {"empty", "empty,commentonly"},
            {"root", "html"},
            {"escapedId", "x"},
            {"invalid", "0,0,0,0,0,0,0"},   // unreadable selectors select nothing
        });
    }
    void selectors() { compareKey(); }

    void selection_data()
    {
        addRows({
            {"findChain", 3},
            {"findSelection", "i2/0"},
            {"textMany", "123"},
            {"htmlFirst", "para <b>two</b>"},
            {"htmlEmpty", ""},
            {"attrMissing", "undefined"},
            {"attrDefault", "dflt/none"},
            {"valInput", "alice||on"},
            {"valSelect", "g"},
            {"valMultiple", QJsonArray{"A", "b"}},
            {"valTextarea", "Hi there"},
            {"valButton", "b1"},
            {"valOther", "undefined"},
            {"children", "3/i3"},
            {"parent", "items/1"},
            {"parents", "ul>body>html"},
            {"parentsFiltered", 1},
            {"parentsUntil", 1},
            {"closest", "items/i1/0"},
            {"next", "i2/0/0"},
            {"prev", "i2"},
            {"nextAll", "i2,i3"},
            {"prevAll", "i2,i1"},
            {"nextUntil", "i2"},
            {"prevUntil", "i2"},
            {"siblingsOf", "i1,i3"},
            {"firstLast", "i1/i3"},
            {"eq", "i2/i3/0"},
            {"getElement", "i2/i3/undefined/3"},
            {"size", "3/0"},
            {"each", "0:li:i1:true,1:li:i2:true,2:li:i3:true|true"},
            {"map", QJsonArray{"i1=0", "i2=1", "i3=2"}},
            {"mapValues", QJsonArray{0, 1, 2}},
            {"filterSelector", "i2,i3"},
            {"filterFunction", "i1,i3"},
            {"filterSelection", "i2"},
            {"is", "true,false,true,true"},
            {"hasMethod", "ul,p2"},
            {"notMethod", "i2,i3|i2,i3|i1,i2"},
            {"slice", "i2,i3|i1,i2|i3|i2,i3"},
            {"add", "i1,p1|i1,i2"},
            {"end", "items"},
            {"contents", "2/1"},
            // data-empty="" reads as undefined (null once the harness turns the result into JSON)
            {"dataAll", QJsonObject{{"id", 7}, {"cfg", QJsonObject{{"k", QJsonArray{1, 2}}}}, {"on", true},
                                    {"userName", "bob"}, {"ratio", "1.50"}, {"empty", QJsonValue::Null}}},
            {"dataKey", "7,bob,1.50,undefined,undefined,undefined"},
            {"serialize", "bio=Hi+there&color=g&csrf=t%27k%221&password=&plan=pro&remember=on&tags=A&tags=b&user=alice"},
            {"serializeArray", QJsonArray{QJsonObject{{"name", "csrf"}, {"value", "t'k\"1"}},
                                          QJsonObject{{"name", "user"}, {"value", "alice"}},
                                          QJsonObject{{"name", "password"}, {"value", ""}},
                                          QJsonObject{{"name", "remember"}, {"value", "on"}},
                                          QJsonObject{{"name", "plan"}, {"value", "pro"}},
                                          QJsonObject{{"name", "color"}, {"value", "g"}},
                                          QJsonObject{{"name", "tags"}, {"value", QJsonArray{"A", "b"}}},
                                          QJsonObject{{"name", "bio"}, {"value", "Hi there"}}}},
            {"serializeObject", QJsonObject{{"csrf", "t'k\"1"}, {"user", "alice"}, {"password", ""}, {"remember", "on"},
                                            {"plan", "pro"}, {"color", "g"}, {"tags", QJsonArray{"A", "b"}},
                                            {"bio", "Hi there"}}},
            {"serializeControls", "csrf=t%27k%221&user=alice"},
            {"toArray", "1i1,1i2,1i3"},
            {"index", "1,0,2,2,-1"},
            {"eachNotFunction", "threw: the argument to each() must be a function"},
            {"mapNotFunction", "threw: the argument to map() must be a function"},
            {"filterNoArg", "threw: the argument to filter() must be a function, a selector or a selection"},
        });
    }
    void selection() { compareKey(); }

    void element_data()
    {
        addRows({
            {"elNames", "ul,1,undefined,,i3,items,undefined"},
            {"elClassList", QJsonArray{"item", "last"}},
            {"elText", "three\n"},
            {"elInnerHTML", "para <b>two</b>"},
            {"elAttributes", "class,id,data-id,data-cfg,data-on,data-user-name,data-ratio,data-empty|7|data-id|i3|id|"
                             "http://www.w3.org/1999/xhtml"},
            {"elGetAttribute", "7/undefined/true/false/true/false"},
            {"elAttributeNode", "i3/undefined"},
            {"elChildren", "3/4/3/true"},
            {"elFirstLast", "3/i1/i3/li"},
            {"elSiblings", "i1/i3/undefined/i2"},
            {"elTextSibling", "para /#text"},
            {"elParents", "ul/ul/#document/undefined/9"},
            {"elLang", "en/undefined"},
            {"elToString", "[object html.Node]/[object #text]"},
            {"elSame", "true,false,true"},
            {"elContains", "true,false,false"},
            {"elMatches", "true,true,false,false"},
            {"elQuery", "i1/3/undefined/1/3"},
            {"elSelection", "items/i2"},
            {"elDefaultNamespace", "true/false"},
        });
    }
    void element() { compareKey(); }

    void responseHtml()
    {
        FixtureServer server(htmlRoute);
        const QJsonObject o = runDefault(QStringLiteral("http_html.js"), {{QStringLiteral("BASE_URL"), server.baseUrl()}});
        QCOMPARE(o.value("hasHtmlMethod").toString(), QStringLiteral("function"));
        QCOMPARE(o.value("keysUnchanged").toBool(), true);
        QCOMPARE(o.value("cached").toBool(), true);
        QCOMPARE(o.value("title").toString(), QStringLiteral("Fixture login"));
        QCOMPARE(o.value("token").toString(), QStringLiteral("abc&123"));
        QCOMPARE(o.value("links").toArray(), (QJsonArray{"/a", "/b"}));
        QCOMPARE(o.value("eachNames").toString(), QStringLiteral("0one,1two"));
        QCOMPARE(o.value("noMatch").toInt(-1), 0);
        QCOMPARE(o.value("invalidSelector").toInt(-1), 0);
        QCOMPARE(o.value("postedBody").toString(), QStringLiteral("csrf=abc%26123&user=ann"));
        QCOMPARE(o.value("binaryBody").toBool(), true);
        QCOMPARE(o.value("binaryTitle").toString(), QStringLiteral("Fixture login"));
        QCOMPARE(o.value("nullBody").toString(),
                 QStringLiteral("threw: the body is null so we can't transform it to HTML - this likely was because of a "
                                "request error getting the response"));
        QCOMPARE(o.value("separateDocs").toString(), QStringLiteral("Other/Fixture login"));
    }

    void moduleLoadedOnlyWhenImported_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<bool>("loaded");
        QTest::newRow("imports k6/html") << QStringLiteral("mod_html.js") << true;
        QTest::newRow("only k6/http") << QStringLiteral("basic.js") << false;
        QTest::newRow("only res.html()") << QStringLiteral("http_html.js") << false;
    }
    void moduleLoadedOnlyWhenImported()
    {
        // VU engines register (and so load) only the modules in ctx.builtinModules.
        QFETCH(QString, script);
        QFETCH(bool, loaded);
        const auto e = ScriptEnv::load(script);
        QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
        QCOMPARE(e->ctx.builtinModules.contains(QStringLiteral("k6/html")), loaded);
    }
};

QTEST_MAIN(TstK6Html)
#include "tst_k6html.moc"
