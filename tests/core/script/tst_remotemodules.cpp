// Remote module imports as k6 v1.3 does them, against nginx with TLS on loopback (TlsTestServer
// serving a directory; SSL_CERT_FILE points at its CA, as for a Go program): fetched once in the
// options pass, relative imports resolved against the module's URL, redirects, k6's error texts,
// modern syntax through esbuild, errors naming the URL, the cache and --offline.
#include "core/metrics/metricsengine.h"
#include "core/script/compiledunits.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/testfiles.h"
#include "support/testlog.h"
#include "support/tlstestserver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

struct Loaded {
    MetricsEngine metrics;
    TestLog log;
    ScriptContext ctx;
    LoadResult result;
};

} // namespace

class TstRemoteModules : public QObject {
    Q_OBJECT

private:
    TlsTestServer m_server;
    QTemporaryDir m_www;       // what the server serves
    QTemporaryDir m_scripts;   // the local scripts
    QByteArray m_base;         // https://127.0.0.1:<port>/

    // A local script whose text has BASE replaced by the server's URL.
    QString script(const QString &name, const QByteArray &text)
    {
        const QString path = m_scripts.filePath(name);
        QByteArray t = text;
        writeTestFile(path, t.replace("BASE/", m_base));
        return path;
    }

    std::unique_ptr<Loaded> load(const QString &path, const QString &cacheDir, bool offline = false)
    {
        auto l = std::make_unique<Loaded>();
        l->ctx.entryPath = path;
        l->ctx.metrics = &l->metrics;
        l->ctx.log = &l->log;
        l->ctx.offline = offline;
        l->result = ScriptLoader::load(l->ctx, cacheDir);
        return l;
    }

    // One VU of the loaded script: init, then default(); its returned object, or the error.
    static QJsonObject runVu(Loaded &l, int vu, QString *error)
    {
        VuRuntime rt(l.ctx, vu, RuntimeKind::Vu);
        if (!rt.init(error))
            return {};
        const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
        if (!r.ok)
            *error = r.error;
        return QJsonDocument::fromJson(r.json).object();
    }

private slots:
    void initTestCase()
    {
        if (!TlsTestServer::available())
            QSKIP("openssl or nginx is not installed");
        const QString w = m_www.path();
        QVERIFY(writeTestFile(w + "/lib/mod.js",
                          "import { who } from './dep.js';\nimport encoding from 'k6/encoding';\n"
                          "export const name = 'mod';\nexport function greet() { return name + '+' + who + '+' + "
                          "encoding.b64encode('hi'); }\n"));
        QVERIFY(writeTestFile(w + "/lib/dep.js", "export const who = 'lib-dep';\n"
                                             "// a UMD wrapper's dead require: not fetched, not an error\n"
                                             "if (typeof module === 'object') { const s = require('stream'); }\n"));
        // /moved/mod.js redirects to /lib/mod.js; k6 resolves its ./dep.js against /moved/.
        QVERIFY(writeTestFile(w + "/moved/dep.js", "export const who = 'moved-dep';\n"));
        QVERIFY(writeTestFile(w + "/abs.js", "export { greet } from 'BASE/lib/mod.js';\n"));
        QVERIFY(writeTestFile(w + "/modern.js",
                          "export class Counter { #n = 0; static step = 2; add() { this.#n += Counter.step; "
                          "return this.#n; } }\nexport const pick = (o) => o?.a ?? 'none';\n"
                          "export async function later() { await null; return 'async'; }\n"
                          "export function fail() {\n  const o = { ...{ a: 1 } };\n  throw new Error('modern boom ' + o.a);\n}\n"));
        QVERIFY(writeTestFile(w + "/broken.js", "export const a = 1;\nexport const = 2;\n"));
        QVERIFY(writeTestFile(w + "/boom.js", "export function boom() {\n  const x = 1;\n  throw new Error('boom ' + x);\n}\n"));
        QVERIFY(writeTestFile(w + "/badinit.js", "export const a = 1;\n\nthrow new Error('remote init failed');\n"));
        QVERIFY(writeTestFile(w + "/plainhttp.js", "export * from 'http://127.0.0.1:9/x.js';\n"));
        m_server.serveFiles(w, QStringLiteral("location = /moved/mod.js { return 302 /lib/mod.js; }"));
        QVERIFY(m_server.start());
        m_base = m_server.url();
        // abs.js names the server's URL: written once the port is known.
        QFile abs(w + "/abs.js");
        QVERIFY(abs.open(QIODevice::ReadWrite));
        QByteArray text = abs.readAll().replace("BASE/", m_base);
        abs.resize(0);
        abs.write(text);
        abs.close();
        qputenv("SSL_CERT_FILE", m_server.path("ca1.pem").toLocal8Bit());
    }

    // A remote module that imports a relative one and a k6 module the local script does not.
    void importsRemoteModuleAndItsRelativeImports()
    {
        QTemporaryDir cache;
        const QString s = script("relative.js", "import { greet } from 'BASE/lib/mod.js';\n"
                                                "export default function () { return { g: greet() }; }\n");
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QVERIFY(l->ctx.builtinModules.contains(QStringLiteral("k6/encoding")));
        QString error;
        const QJsonObject o = runVu(*l, 1, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.value("g").toString(), QStringLiteral("mod+lib-dep+aGk="));
    }

    // QML_DISABLE_DISK_CACHE turns off sharing the file modules' units; the remote modules, which
    // no engine can load itself, are still compiled once and shared.
    void remoteModulesWithoutSharedFileUnits()
    {
        QTemporaryDir cache;
        qputenv("QML_DISABLE_DISK_CACHE", "1");
        const QString s = script("nodiskcache.js", "import { greet } from 'BASE/lib/mod.js';\n"
                                                   "export default function () { return { g: greet() }; }\n");
        auto l = load(s, cache.path());
        QString error;
        const QJsonObject o = l->result.ok ? runVu(*l, 1, &error) : QJsonObject();
        qunsetenv("QML_DISABLE_DISK_CACHE");
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.value("g").toString(), QStringLiteral("mod+lib-dep+aGk="));
        QCOMPARE(l->ctx.compiledUnits->held(), 2);   // the two remote modules, no file module
    }

    // Followed, and (as k6 v1.3 does) ./dep.js resolved against the URL as imported.
    void followsRedirects()
    {
        QTemporaryDir cache;
        const QString s = script("redirect.js", "import { greet } from 'BASE/moved/mod.js';\n"
                                                "export default function () { return { g: greet() }; }\n");
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QString error;
        QCOMPARE(runVu(*l, 1, &error).value("g").toString(), QStringLiteral("mod+moved-dep+aGk="));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // A remote module importing another by its absolute https URL.
    void followsAbsoluteImportsInRemoteModules()
    {
        QTemporaryDir cache;
        const QString s = script("absolute.js", "import { greet } from 'BASE/abs.js';\n"
                                                "export default function () { return { g: greet() }; }\n");
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QString error;
        QCOMPARE(runVu(*l, 1, &error).value("g").toString(), QStringLiteral("mod+lib-dep+aGk="));
    }

    void refusesWithK6sWords_data()
    {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("expected");   // with BASE/ for the server's URL
        QTest::newRow("404") << QByteArray("import { x } from 'BASE/nothere.js';\nexport default function () {}\n")
                             << "The moduleSpecifier \"BASE/nothere.js\" couldn't be retrieved from the resolved url "
                                "\"BASE/nothere.js\". Error : \"not found: BASE/nothere.js\"";
        QTest::newRow("http:// in a local file")
            << QByteArray("import { x } from 'http://127.0.0.1:9/x.js';\nexport default function () {}\n")
            << "only supported schemes for imports are file and https, http://127.0.0.1:9/x.js has `http`";
        QTest::newRow("http:// in a remote module")
            << QByteArray("import { x } from 'BASE/plainhttp.js';\nexport default function () {}\n")
            << "only supported schemes for imports are file and https, http://127.0.0.1:9/x.js has `http`";
        QTest::newRow("connection refused")
            << QByteArray("import { x } from 'https://127.0.0.1:9/x.js';\nexport default function () {}\n")
            << "The moduleSpecifier \"https://127.0.0.1:9/x.js\" couldn't be retrieved from the resolved url "
               "\"https://127.0.0.1:9/x.js\". Error : \"Get \"https://127.0.0.1:9/x.js\": dial tcp 127.0.0.1:9: "
               "connect: connection refused\"";
        QTest::newRow("github.com special url")
            << QByteArray("import { x } from 'github.com/a/b/c.js';\nexport default function () {}\n")
            << "github.com 'special' urls are no longer supported - please use real ones.";
    }
    void refusesWithK6sWords()
    {
        QFETCH(QByteArray, source);
        QFETCH(QString, expected);
        QTemporaryDir cache;
        auto l = load(script("refused.js", source), cache.path());
        QVERIFY(!l->result.ok);
        QCOMPARE(l->result.exitCode, 107);
        expected.replace(QStringLiteral("BASE/"), QString::fromLatin1(m_base));
        QVERIFY2(l->result.error.startsWith(expected), qPrintable(l->result.error));
    }

    // Qt 6.4 cannot parse private fields or async functions: the module goes through esbuild.
    void transpilesModernRemoteModules()
    {
        QTemporaryDir cache;
        const QString s = script("modern.js", "import { Counter, pick, later } from 'BASE/modern.js';\n"
                                              "let asyncResult = '';\n"
                                              "export default function () { const c = new Counter(); c.add();\n"
                                              "  later().then((v) => { asyncResult = v; });\n"
                                              "  return { n: c.add(), p: pick({}) }; }\n");
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QString error;
        const QJsonObject o = runVu(*l, 1, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.value("n").toInt(), 4);
        QCOMPARE(o.value("p").toString(), QStringLiteral("none"));

        // esbuild moved its lines: the error still names the module's own line (its source map).
        auto failing = load(script("modernfail.js", "import { fail } from 'BASE/modern.js';\n"
                                                    "export default function () { fail(); }\n"),
                            cache.path());
        QVERIFY2(failing->result.ok, qPrintable(failing->result.error));
        runVu(*failing, 1, &error);
        QVERIFY2(error.contains(QStringLiteral("modern boom 1")), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLatin1(m_base) + QStringLiteral("modern.js:6:")), qPrintable(error));
    }

    // An exception inside a remote module names its https URL and line.
    void errorsNameTheUrlAndLine()
    {
        QTemporaryDir cache;
        auto l = load(script("boom.js", "import { boom } from 'BASE/boom.js';\n"
                                        "export default function () { boom(); }\n"),
                      cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QString error;
        runVu(*l, 1, &error);
        QVERIFY2(error.contains(QStringLiteral("boom 1")), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLatin1(m_base) + QStringLiteral("boom.js:3")), qPrintable(error));

        auto init = load(script("badinit.js", "import { a } from 'BASE/badinit.js';\n"
                                              "export default function () { return a; }\n"),
                         cache.path());
        QVERIFY(!init->result.ok);
        QCOMPARE(init->result.exitCode, 107);
        QVERIFY2(init->result.error.contains(QStringLiteral("remote init failed")), qPrintable(init->result.error));
        QVERIFY2(init->result.error.contains(QString::fromLatin1(m_base) + QStringLiteral("badinit.js:3")),
                 qPrintable(init->result.error));

        // A syntax error esbuild cannot lower either: esbuild's message, naming the URL and line.
        auto broken = load(script("broken.js", "import { a } from 'BASE/broken.js';\n"
                                               "export default function () { return a; }\n"),
                           cache.path());
        QVERIFY(!broken->result.ok);
        QCOMPARE(broken->result.exitCode, 107);
        QVERIFY2(broken->result.error.startsWith(QStringLiteral("SyntaxError: ") + QString::fromLatin1(m_base)
                                                 + QStringLiteral("broken.js: ")),
                 qPrintable(broken->result.error));
        QVERIFY2(broken->result.error.contains(QStringLiteral("(2:")), qPrintable(broken->result.error));
    }

    // Each URL is fetched once per run: the VUs instantiate what the options pass compiled.
    void fetchesEachUrlOncePerRun()
    {
        QTemporaryDir cache;
        const int modBefore = m_server.requestsFor(QStringLiteral("/lib/mod.js"));
        const int depBefore = m_server.requestsFor(QStringLiteral("/lib/dep.js"));
        const QString s = script("once.js", "import { greet } from 'BASE/lib/mod.js';\n"
                                            "import { who } from 'BASE/lib/dep.js';\n"
                                            "export default function () { return { g: greet(), w: who }; }\n");
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        for (int vu = 1; vu <= 5; ++vu) {
            QString error;
            QCOMPARE(runVu(*l, vu, &error).value("w").toString(), QStringLiteral("lib-dep"));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        QCOMPARE(m_server.requestsFor(QStringLiteral("/lib/mod.js")) - modBefore, 1);
        QCOMPARE(m_server.requestsFor(QStringLiteral("/lib/dep.js")) - depBefore, 1);
    }

    // --offline: the cache only, never the network; a module not cached is an error saying so.
    void offlineUsesOnlyTheCache()
    {
        QTemporaryDir cache;
        const QString s = script("offline.js", "import { greet } from 'BASE/lib/mod.js';\n"
                                               "export default function () { return { g: greet() }; }\n");
        auto missing = load(s, cache.path(), true);
        QVERIFY(!missing->result.ok);
        QCOMPARE(missing->result.exitCode, 107);
        QVERIFY2(missing->result.error.contains(QString::fromLatin1(m_base) + "lib/mod.js is not cached"),
                 qPrintable(missing->result.error));

        QVERIFY2(load(s, cache.path())->result.ok, "the online run fills the cache");
        const int before = m_server.requestsFor(QStringLiteral("/lib/mod.js"));
        auto l = load(s, cache.path(), true);
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        QCOMPARE(m_server.requestsFor(QStringLiteral("/lib/mod.js")), before);
        QString error;
        QCOMPARE(runVu(*l, 1, &error).value("g").toString(), QStringLiteral("mod+lib-dep+aGk="));
        QVERIFY(QFileInfo::exists(cache.path() + "/remote"));
    }

    // Last: the server goes away. A fetch failing at the transport level falls back to the cache
    // with a warning naming the URL; without a cached copy it is the fetch error.
    void serverGoneUsesTheCacheWithAWarning()
    {
        QTemporaryDir cache;
        const QString s = script("gone.js", "import { greet } from 'BASE/lib/mod.js';\n"
                                            "export default function () { return { g: greet() }; }\n");
        QVERIFY(load(s, cache.path())->result.ok);
        m_server.stop();
        auto l = load(s, cache.path());
        QVERIFY2(l->result.ok, qPrintable(l->result.error));
        const QString url = QString::fromLatin1(m_base) + "lib/mod.js";
        QVERIFY2(l->log.contains(url + " could not be fetched (Get \"" + url + "\": dial tcp"), qPrintable(l->log.lines().join('\n')));
        QVERIFY(l->log.contains(QStringLiteral("using the copy cached in ") + cache.path() + "/remote/"));
        QString error;
        QCOMPARE(runVu(*l, 1, &error).value("g").toString(), QStringLiteral("mod+lib-dep+aGk="));

        QTemporaryDir empty;
        auto none = load(s, empty.path());
        QVERIFY(!none->result.ok);
        QVERIFY2(none->result.error.contains("connect: connection refused"), qPrintable(none->result.error));
    }

    void cleanupTestCase() { qunsetenv("SSL_CERT_FILE"); }
};

QTEST_GUILESS_MAIN(TstRemoteModules)
#include "tst_remotemodules.moc"
