// Scripts as users write them, through the real loader (esbuild when needed) and real VU
// runtimes: every error, stack trace and logged stack names the user's own file, line and column
// for JavaScript and TypeScript alike; TypeScript projects run; open() and import.meta.resolve
// resolve relative to the module that calls them, as in k6 v1.3. Needs the esbuild executable.
#include "core/script/esbuildexecutable.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/testfiles.h"
#include "support/scriptenv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace throttle;

namespace {

ScenarioBinding binding()
{
    ScenarioBinding b;
    b.name = QStringLiteral("default");
    b.executor = QStringLiteral("per-vu-iterations");
    return b;
}

} // namespace

class TstScriptSources : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.path() + QLatin1Char('/') + name; }
    QString url(const QString &name) const { return QUrl::fromLocalFile(path(name)).toString(); }

    // Runs one iteration of the loaded script in a VU and returns what it logged.
    static QString iterate(ScriptEnv &e)
    {
        VuRuntime rt(e.ctx, 1, RuntimeKind::Vu);
        QString error;
        if (!rt.init(&error))
            return QStringLiteral("init failed: ") + error;
        rt.bind(binding());
        rt.runIteration();
        return e.log.lines().join(QLatin1Char('\n'));
    }

private slots:
    void initTestCase();
    void syntaxErrorsNameFileLineAndColumn_data();
    void syntaxErrorsNameFileLineAndColumn();
    void runtimeStacksNameTheOriginalLines_data();
    void runtimeStacksNameTheOriginalLines();
    void initErrorsNameTheOriginalLine();
    void engineSyntaxErrorsAfterTranspilingNameTheOriginal();
    void typeScriptProjectRuns();
    void openAndImportMetaResolveFromTheCallingModule_data();
    void openAndImportMetaResolveFromTheCallingModule();
    void missingEsbuildIsOneClearError();
};

void TstScriptSources::initTestCase()
{
    QString why;
    if (!EsbuildExecutable::find(m_dir.path(), &why))
        QSKIP(qPrintable(why));
}

void TstScriptSources::syntaxErrorsNameFileLineAndColumn_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expected");   // after "SyntaxError: <url>: "

    QTest::newRow("js") << "syn/bad.js" << QByteArray("export default function () {\n  let x = ;\n}\n")
                        << "Unexpected \";\" (2:10)\n  1 | export default function () {\n> 2 |   let x = ;\n"
                           "    |           ^\n  3 | }\n  4 |";
    QTest::newRow("ts") << "syn/bad.ts" << QByteArray("interface A { n: number }\nexport default function (): void {\n  const x: number = ;\n}\n")
                        << "Unexpected \";\" (3:20)\n  1 | interface A { n: number }\n  2 | export default function (): void {\n"
                           "> 3 |   const x: number = ;\n    |                     ^\n  4 | }\n  5 |";
    QTest::newRow("js imported by ts") << "syn/main.ts" << QByteArray("import { a } from './lib.js';\nexport default (): number => a;\n")
                                       << "Unexpected \";\" (2:8)\n  1 | export const a = 1;\n> 2 | let x = ;\n"
                                          "    |         ^\n  3 |";
}

void TstScriptSources::syntaxErrorsNameFileLineAndColumn()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, source);
    QFETCH(QString, expected);
    QVERIFY(writeTestFile(path(QStringLiteral("syn/lib.js")), "export const a = 1;\nlet x = ;\n"));
    QVERIFY(writeTestFile(path(file), source));
    auto e = ScriptEnv::load(path(file));
    QVERIFY(!e->loaded.ok);
    QCOMPARE(e->loaded.exitCode, 107);
    const QString where = file.endsWith(QLatin1String("main.ts")) ? url(QStringLiteral("syn/lib.js")) : url(file);
    QCOMPARE(e->loaded.error, QStringLiteral("SyntaxError: ") + where + QStringLiteral(": ") + expected);
}

void TstScriptSources::runtimeStacksNameTheOriginalLines_data()
{
    // Modern JavaScript (transpiled: esbuild moves every line) and TypeScript; an import in lib/;
    // console.log of a caught error's stack (V4's own "fn@location" lines), then an uncaught one.
    QTest::addColumn<QString>("entry");
    QTest::newRow("js") << "js/main.js";
    QTest::newRow("ts") << "ts/main.ts";
}

void TstScriptSources::runtimeStacksNameTheOriginalLines()
{
    QFETCH(QString, entry);
    const bool ts = entry.endsWith(QLatin1String(".ts"));
    const QString dir = ts ? QStringLiteral("ts/") : QStringLiteral("js/");
    const QString lib = url(dir + (ts ? "lib/fail.ts" : "lib/fail.js"));
    const QStringList expected{QStringLiteral("failing@%1:4:5").arg(lib), QStringLiteral("@%1:7:9").arg(url(entry)),
                               QStringLiteral(" source=console"),
                               QStringLiteral("Error: from lib\n\tat failing (%1:4:5)").arg(lib),
                               QStringLiteral("\n\tat default (%1:9:3)").arg(url(entry))};
    const QByteArray libSource = ts
        ? "class Lib { #n: number = 1; static created: number = 0; }\n"
          "export function failing(msg: string): never {\n"
          "  const o = { ...{ msg } };\n"
          "    throw new Error(o.msg);\n}\n"
        : "class Lib { #n = 1; static created = 0; }\n"
          "export function failing(msg) {\n"
          "  const o = { ...{ msg } };\n"
          "    throw new Error(o.msg);\n}\n";
    const QByteArray main = QByteArray("import { failing } from './lib/fail.") + (ts ? "ts" : "js") + "';\n"
        "class Counter { #count = 0; inc() { return ++this.#count; } }\n"
        "export const options = { iterations: 1 };\n"
        "export default function () {\n"
        "  const c = new Counter();\n"
        "  c.inc();\n"
        "  try { failing('caught'); } catch (e) { console.log(e.stack); }\n"
        "  c.inc();\n"
        "  failing('from lib');\n"
        "}\n";
    QVERIFY(writeTestFile(path(dir + (ts ? "lib/fail.ts" : "lib/fail.js")), libSource));
    QVERIFY(writeTestFile(path(entry), main));
    auto e = ScriptEnv::load(path(entry));
    QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
    QVERIFY(e->loaded.transpiled);
    const QString log = iterate(*e);
    qsizetype at = 0;
    for (const QString &fragment : expected) {
        const qsizetype found = log.indexOf(fragment, at);
        QVERIFY2(found >= 0, qPrintable(QStringLiteral("missing \"%1\" after %2 in:\n%3").arg(fragment).arg(at).arg(log)));
        at = found + fragment.size();
    }
    QVERIFY2(!log.contains(QLatin1String("/tree/")), qPrintable(log));   // no mirror path leaks out
    QVERIFY2(!log.contains(QLatin1String("bootstrap.js")), qPrintable(log));
}

void TstScriptSources::initErrorsNameTheOriginalLine()
{
    QVERIFY(writeTestFile(path(QStringLiteral("init/main.ts")),
                      "type N = number;\nconst n: N = 1_000;\nclass A { #x: N = n; get x(): N { return this.#x; } }\n\n"
                      "if (new A().x > 1) {\n  throw new Error('init failed ' + n);\n}\nexport default function () {}\n"));
    auto e = ScriptEnv::load(path(QStringLiteral("init/main.ts")));
    QVERIFY(!e->loaded.ok);
    QCOMPARE(e->loaded.exitCode, 107);
    QCOMPARE(e->loaded.error, QStringLiteral("Error: init failed 1000\n\tat %1:6:3").arg(url("init/main.ts")));
}

void TstScriptSources::engineSyntaxErrorsAfterTranspilingNameTheOriginal()
{
    // esbuild keeps import() as it is; Qt 6.4's engine then refuses it. The error still points
    // into the user's file, not into the transpiled copy.
    QVERIFY(writeTestFile(path(QStringLiteral("dyn/other.js")), "export const o = 1;\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("dyn/main.js")),
                      "const a = { ...{ x: 1 } };\n\nconst later = import('./other.js');\nexport default function () {}\n"));
    auto e = ScriptEnv::load(path(QStringLiteral("dyn/main.js")));
    QVERIFY(!e->loaded.ok);
    QVERIFY2(e->loaded.error.startsWith(QLatin1String("SyntaxError: ")), qPrintable(e->loaded.error));
    QVERIFY2(e->loaded.error.contains(url("dyn/main.js") + QLatin1String(":3:")), qPrintable(e->loaded.error));
    QVERIFY2(!e->loaded.error.contains(QLatin1String("/tree/")), qPrintable(e->loaded.error));
}

void TstScriptSources::typeScriptProjectRuns()
{
    // Explicit .ts imports, as k6 v1.3 requires (it refuses "./lib/math" and "./lib/math.js").
    QVERIFY(writeTestFile(path(QStringLiteral("proj/main.ts")),
                      "import { add } from './lib/math.ts';\nimport { greet } from './lib/greet.ts';\n"
                      "import type { Shape } from './lib/types.ts';\nimport { Level } from './lib/level.ts';\n"
                      "interface Opts { n: number }\nconst o: Opts = { n: 2 };\nexport const options = { iterations: 1 };\n"
                      "export default function (): object {\n  const s: Shape = { w: 1 };\n"
                      "  return { sum: add(o.n, s.w), hi: greet('x'), level: Level.High };\n}\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("proj/lib/math.ts")), "export function add(a: number, b: number): number { return a + b; }\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("proj/lib/greet.ts")), "export const greet = (n: string): string => `hi ${n}`;\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("proj/lib/types.ts")), "export interface Shape { w: number }\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("proj/lib/level.ts")), "export enum Level { Low = 1, High }\n"));
    auto e = ScriptEnv::load(path(QStringLiteral("proj/main.ts")));
    QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
    QVERIFY(e->loaded.transpiled);
    QCOMPARE(e->loaded.options.value(QStringLiteral("iterations")).toInt(), 1);
    const QJsonObject r = e->runDefault();
    QCOMPARE(r.value(QStringLiteral("sum")).toInt(), 3);
    QCOMPARE(r.value(QStringLiteral("hi")).toString(), QStringLiteral("hi x"));
    QCOMPARE(r.value(QStringLiteral("level")).toInt(), 2);
}

void TstScriptSources::openAndImportMetaResolveFromTheCallingModule_data()
{
    QTest::addColumn<QString>("ext");
    QTest::addColumn<QByteArray>("modern");   // forces the JavaScript through esbuild when set
    QTest::newRow("plain js (not transpiled)") << ".js" << QByteArray();
    QTest::newRow("modern js") << ".js" << QByteArray("const spread = { ...{} };\n");
    QTest::newRow("ts") << ".ts" << QByteArray("const typed: number = 1;\n");
}

void TstScriptSources::openAndImportMetaResolveFromTheCallingModule()
{
    // k6 v1.3: open('./data.txt') in lib/l.js reads lib/data.txt; import.meta.resolve('./y.json')
    // in lib/ gives file:///…/lib/y.json.
    QFETCH(QString, ext);
    QFETCH(QByteArray, modern);
    const QString dir = QStringLiteral("open/") + QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_') + '/';
    QVERIFY(writeTestFile(path(dir + "data.txt"), "top"));
    QVERIFY(writeTestFile(path(dir + "lib/data.txt"), "lib"));
    const bool meta = !modern.isEmpty();   // import.meta needs the transpiler (Qt 6.4 cannot parse it)
    QVERIFY(writeTestFile(path(dir + "lib/l" + ext), modern + "export const fromLib = open('./data.txt');\n"
                      + (meta ? "export const resolved = import.meta.resolve('./y.json');\n" : "export const resolved = '';\n")));
    QVERIFY(writeTestFile(path(dir + "main" + ext), modern + "import { fromLib, resolved } from './lib/l" + ext.toUtf8() + "';\n"
                      "const fromMain = open('./data.txt');\n"
                      "export default function () { return { fromLib, fromMain, resolved }; }\n"));
    auto e = ScriptEnv::load(path(dir + "main" + ext));
    QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
    QCOMPARE(e->loaded.transpiled, meta);
    const QJsonObject r = e->runDefault();
    QCOMPARE(r.value(QStringLiteral("fromLib")).toString(), QStringLiteral("lib"));
    QCOMPARE(r.value(QStringLiteral("fromMain")).toString(), QStringLiteral("top"));
    if (meta)
        QCOMPARE(r.value(QStringLiteral("resolved")).toString(), url(dir + "lib/y.json"));
}

void TstScriptSources::missingEsbuildIsOneClearError()
{
    QVERIFY(writeTestFile(path(QStringLiteral("noesb/main.ts")), "export default (): void => {};\n"));
    qputenv("THROTTLE_ESBUILD", QByteArray("/nonexistent/esbuild"));
    auto e = ScriptEnv::load(path(QStringLiteral("noesb/main.ts")));
    qunsetenv("THROTTLE_ESBUILD");
    QVERIFY(!e->loaded.ok);
    QCOMPARE(e->loaded.exitCode, 107);
    QCOMPARE(e->loaded.error,
             QStringLiteral("esbuild not found (THROTTLE_ESBUILD=/nonexistent/esbuild is not an executable file): Throttle "
                            "transpiles modern JavaScript and TypeScript with the esbuild executable. Install the Debian "
                            "package: sudo apt-get install esbuild (or set THROTTLE_ESBUILD to the path of an esbuild binary)"));
    // A plain script needs no esbuild at all.
    QVERIFY(writeTestFile(path(QStringLiteral("noesb/plain.js")), "export default function () {}\n"));
    qputenv("THROTTLE_ESBUILD", QByteArray("/nonexistent/esbuild"));
    auto plain = ScriptEnv::load(path(QStringLiteral("noesb/plain.js")));
    qunsetenv("THROTTLE_ESBUILD");
    QVERIFY2(plain->loaded.ok, qPrintable(plain->loaded.error));
}

QTEST_GUILESS_MAIN(TstScriptSources)
#include "tst_scriptsources.moc"
