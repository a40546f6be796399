// Tests for throttle_transpile: Babel in a QJSEngine (Transpiler), the mirrored module tree with
// its content-hash cache (TranspiledTree) and the built-in polyfills (Polyfills). Every transpiled
// module is also run in a real QJSEngine through importModule, which is how the VUs load them.
#include "core/script/polyfills.h"
#include "core/script/transpiledtree.h"
#include "core/script/transpiler.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace throttle;

namespace {

const QString kData = QStringLiteral(THROTTLE_TRANSPILE_DATA);

bool writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Qt 6.4 runs each promise reaction as a posted event: spin the loop until done or the deadline.
bool spinUntil(const std::function<bool()> &done, int ms = 5000)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
}

QString toJson(QJSEngine &engine, const QJSValue &value)
{
    return engine.evaluate(QStringLiteral("(function (v) { return JSON.stringify(v); })")).call({value}).toString();
}

void copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        QVERIFY(writeFile(to + src.mid(from.size()), readFile(src)));
    }
}

} // namespace

class TstTranspiler : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void runsTranspiledSyntax_data();
    void runsTranspiledSyntax();
    void keepsModuleSyntaxAndNativeFeatures();
    void collectsImportSpecifiers();
    void rewritesAbsoluteSpecifiers();
    void reportsSyntaxErrors_data();
    void reportsSyntaxErrors();
    void retainsLineNumbers_data();
    void retainsLineNumbers();

    void treeMirrorsImportGraph();
    void treeSecondPrepareHitsCache();
    void treeMissingImportGivesK6Message();
    void treeSyntaxErrorNamesTheFile();
    void treeFollowsAbsoluteImports();
    void defaultCacheDirFollowsXdg();

    void polyfills_data();
    void polyfills();
    void polyfillPromises();
    void polyfillsAreNotEnumerable();
    void polyfillInstallTime();
    void measureBabel();

private:
    // Transpiles source, writes it as <dir>/<name>.mjs and imports it into a fresh engine.
    QJSValue transpileAndImport(QJSEngine &engine, const QString &source, const QString &name);

    Transpiler m_transpiler; // shared: loading Babel once keeps the suite fast
    QTemporaryDir m_tmp;
};

void TstTranspiler::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY(writeFile(m_tmp.path() + QLatin1String("/dep.mjs"), "export const v = 7;\n"));
    QString why;
    QVERIFY2(m_transpiler.load(&why), qPrintable(why));
}

QJSValue TstTranspiler::transpileAndImport(QJSEngine &engine, const QString &source, const QString &name)
{
    const QString path = m_tmp.path() + QLatin1Char('/') + name + QLatin1String(".mjs");
    QString code;
    QStringList imports;
    TranspileError error;
    if (!m_transpiler.transpile(source, path, &code, &imports, &error)) {
        QTest::qFail(qPrintable(error.toString()), __FILE__, __LINE__);
        return QJSValue();
    }
    writeFile(path, code.toUtf8());
    QJSValue ns = engine.importModule(path);
    if (engine.hasError())
        return engine.catchError();
    return ns;
}

void TstTranspiler::runsTranspiledSyntax_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected"); // JSON of the module's `result` (its .value if async)
    QTest::addColumn<bool>("async");

    QTest::newRow("object spread") << "const a = { x: 1 };\nexport const result = { ...a, y: 2 };"
                                   << R"({"x":1,"y":2})" << false;
    QTest::newRow("object rest") << "const { x, ...rest } = { x: 1, y: 2, z: 3 };\nexport const result = rest;"
                                 << R"({"y":2,"z":3})" << false;
    QTest::newRow("rest parameter") << "const f = ({ a, ...o }) => Object.keys(o);\nexport const result = f({ a: 1, b: 2 });"
                                    << R"(["b"])" << false;
    QTest::newRow("class fields") << "class A {\n  a = 1;\n  static s = 2;\n  #p = 3;\n  #m() { return this.#p; }\n"
                                     "  get p() { return this.#m(); }\n  static has(o) { return #p in o; }\n"
                                     "  static { A.t = 4; }\n}\nconst o = new A();\n"
                                     "export const result = [o.a, A.s, o.p, A.t, A.has(o), A.has({})];"
                                  << "[1,2,3,4,true,false]" << false;
    QTest::newRow("private static") << "class B { static #n = 5; static get n() { return B.#n; } }\nexport const result = B.n;"
                                    << "5" << false;
    QTest::newRow("async await") << "async function f() { const v = await Promise.resolve(41); return v + 1; }\n"
                                    "export const result = {};\nf().then((v) => { result.value = v; });"
                                 << "42" << true;
    QTest::newRow("async method") << "const o = { async m() { return (await 2) * 3; } };\n"
                                     "export const result = {};\no.m().then((v) => { result.value = v; });"
                                  << "6" << true;
    QTest::newRow("async generator") << "async function* g() { yield 1; yield await Promise.resolve(2); }\n"
                                        "async function sum() { let s = 0; for await (const v of g()) s += v; return s; }\n"
                                        "export const result = {};\nsum().then((v) => { result.value = v; });"
                                     << "3" << true;
    QTest::newRow("optional catch binding") << "let r = 0;\ntry { throw new Error('x'); } catch { r = 2; }\nexport const result = r;"
                                            << "2" << false;
    QTest::newRow("numeric separator") << "export const result = 1_000 + 0.000_5 + 0xFF_FF;" << "66535.0005" << false;
    QTest::newRow("logical assignment") << "let a = null; a ?\?= 5;\nlet b = 0; b ||= 6;\nlet c = 1; c &&= 7;\n"
                                           "export const result = [a, b, c];"
                                        << "[5,6,7]" << false;
    // Qt 6.4 bug worked around by the transpiler: a strict-mode tail call of a generator
    // function returns undefined instead of the generator.
    QTest::newRow("generator returned by a call") << "function* g() { yield 1; }\nfunction make() { return g(); }\n"
                                                     "const arrow = () => g();\nconst pick = (x) => x ? g() : null;\n"
                                                     "class K { *m() { yield 2; } make() { return this.m(); } }\n"
                                                     "export const result = [make().next().value, arrow().next().value, "
                                                     "pick(true).next().value, new K().make().next().value];"
                                                  << "[1,1,1,2]" << false;
    QTest::newRow("export namespace from") << "export * as dep from './dep.mjs';\nimport * as d from './dep.mjs';\n"
                                              "export const result = d.v;" << "7" << false;
    QTest::newRow("unicode property escape") << "export const result = [/^\\p{L}+$/u.test('h\u00e9llo'), /^\\p{L}+$/u.test('a1')];"
                                             << "[true,false]" << false;
    QTest::newRow("dotAll regex") << "export const result = /a.b/s.test('a\\nb');" << "true" << false;
    QTest::newRow("named groups") << "const m = /(?<y>\\d{4})-(?<m>\\d\\d)/.exec('on 2024-05');\n"
                                     "export const result = [m.groups.y, m.groups.m, '2024-05'.replace(/(?<y>\\d+)-(?<m>\\d+)/, '$<m>/$<y>')];"
                                  << R"(["2024","05","05/2024"])" << false;
}

void TstTranspiler::runsTranspiledSyntax()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QFETCH(bool, async);

    QJSEngine engine;
    QVERIFY(Polyfills::install(engine)); // as in a VU engine (named groups need its replace())
    const QJSValue ns = transpileAndImport(engine, source, QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_'));
    QVERIFY2(!ns.isError(), qPrintable(ns.toString()));
    QJSValue result = ns.property(QStringLiteral("result"));
    if (async) {
        QVERIFY(spinUntil([&] { return !result.property(QStringLiteral("value")).isUndefined(); }));
        result = result.property(QStringLiteral("value"));
    }
    QCOMPARE(toJson(engine, result), expected);
}

void TstTranspiler::keepsModuleSyntaxAndNativeFeatures()
{
    const QString source = QStringLiteral("import http from 'k6/http';\nconst o = { a: { b: 1 } };\n"
                                          "export const v = o?.a?.b ?? 2;\nexport default function () { return v; }\n");
    QString code;
    QVERIFY(m_transpiler.transpile(source, QStringLiteral("/s/x.js"), &code, nullptr, nullptr));
    QVERIFY2(code.contains(QLatin1String("import http from 'k6/http';")), qPrintable(code));
    QVERIFY(code.contains(QLatin1String("export default function")));
    QVERIFY(code.contains(QLatin1String("o?.a?.b ?? 2")));  // no needless helpers for native syntax
    QVERIFY(!code.contains(QLatin1String("require(")));     // no runtime modules, helpers are inlined
}

void TstTranspiler::collectsImportSpecifiers()
{
    const QString source = QStringLiteral(
        "import http from 'k6/http';\nimport { a } from './lib/a.js';\nimport '../side.js';\n"
        "export { b } from \"./b.js\";\nexport * from 'https://jslib.k6.io/x/1.0.0/index.js';\n"
        "export const c = 1;\nconst d = import('./lazy.js');\nimport lodash from 'lodash';\n");
    QStringList imports;
    QVERIFY(m_transpiler.transpile(source, QStringLiteral("rel.js"), nullptr, &imports, nullptr));
    const QStringList expected{"k6/http", "./lib/a.js", "../side.js", "./b.js",
                               "https://jslib.k6.io/x/1.0.0/index.js", "lodash", "./lazy.js"};
    QStringList sortedImports = imports, sortedExpected = expected;
    sortedImports.sort();
    sortedExpected.sort();
    QCOMPARE(sortedImports, sortedExpected);
}

void TstTranspiler::rewritesAbsoluteSpecifiers()
{
    const QString source = QStringLiteral("import a from '/w/lib/a.js';\nimport b from 'file:///w/x%20y/b.js';\n"
                                          "import c from './c.js';\n");
    QString code;
    QStringList imports;
    QVERIFY(m_transpiler.transpile(source, QStringLiteral("/w/s/main.js"), &code, &imports, nullptr));
    QCOMPARE(imports, QStringList({"/w/lib/a.js", "file:///w/x%20y/b.js", "./c.js"}));
    QVERIFY2(code.contains(QLatin1String("from \"../lib/a.js\"")), qPrintable(code));
    QVERIFY2(code.contains(QLatin1String("from \"../x y/b.js\"")), qPrintable(code));
    QVERIFY(code.contains(QLatin1String("from './c.js'")));
}

void TstTranspiler::reportsSyntaxErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("markedLine");

    QTest::newRow("double comma") << "import http from 'k6/http';\nexport default function () { const x = { a: 1,, }; }\n"
                                  << 2 << 46 << "Unexpected token (2:46)"
                                  << "> 2 | export default function () { const x = { a: 1,, }; }";
    QTest::newRow("first line") << "export const a = ;\n" << 1 << 17 << "Unexpected token (1:17)"
                                << "> 1 | export const a = ;";
    QTest::newRow("unterminated string") << "const a = 1;\nconst s = 'abc;\n" << 2 << 10
                                         << "Unterminated string constant. (2:10)" << "> 2 | const s = 'abc;";
}

void TstTranspiler::reportsSyntaxErrors()
{
    QFETCH(QString, source);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    QFETCH(QString, markedLine);

    QString code = QStringLiteral("untouched");
    TranspileError error;
    QVERIFY(!m_transpiler.transpile(source, QStringLiteral("/abs/x.js"), &code, nullptr, &error));
    QCOMPARE(code, QStringLiteral("untouched"));
    QCOMPARE(error.kind, TranspileError::Kind::Syntax);
    QCOMPARE(error.file, QStringLiteral("/abs/x.js"));
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
    QCOMPARE(error.message, message);
    QVERIFY2(error.codeFrame.contains(markedLine), qPrintable(error.codeFrame));
    QVERIFY(!error.codeFrame.contains(QLatin1Char('\x1b'))); // no colours
    // The caret sits under the column: "    | " + column spaces + "^".
    const QString caret = QStringLiteral("    | ") + QString(column, QLatin1Char(' ')) + QLatin1Char('^');
    QVERIFY2(error.codeFrame.contains(caret), qPrintable(error.codeFrame));
    QCOMPARE(error.toString(), QStringLiteral("SyntaxError: file:///abs/x.js: ") + message + '\n' + error.codeFrame);
}

void TstTranspiler::retainsLineNumbers_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("line"); // where the Error is thrown in the original

    // Each row needs inlined helpers (inserted on line 1) and transforms before the throw.
    QTest::newRow("after spread and class fields")
        << "const a = { x: 1 };\nconst b = { ...a };\nclass C {\n  f = 1;\n  #g = 2;\n}\n"
           "export function boom() {\n  const { x, ...r } = b;\n  throw new Error('boom');\n}\n"
        << 9;
    QTest::newRow("after async and catch")
        << "async function f() {\n  await 1;\n}\ntry {\n  f();\n} catch {\n}\nlet n = 1_000;\nn ?\?= 2;\n"
           "export function boom() {\n\n\n  throw new Error('boom');\n}\n"
        << 13;
}

void TstTranspiler::retainsLineNumbers()
{
    QFETCH(QString, source);
    QFETCH(int, line);

    QJSEngine engine;
    const QJSValue ns = transpileAndImport(engine, source, QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_'));
    QVERIFY2(!ns.isError(), qPrintable(ns.toString()));
    const QJSValue error = ns.property(QStringLiteral("boom")).call();
    QVERIFY(error.isError());
    QCOMPARE(error.property(QStringLiteral("lineNumber")).toInt(), line);
}

void TstTranspiler::treeMirrorsImportGraph()
{
    QTemporaryDir src, cache;
    copyTree(kData + QLatin1String("/tree"), src.path());
    Transpiler transpiler;
    const TranspiledTree::Result r = TranspiledTree::prepare(src.path() + QLatin1String("/main.js"), transpiler, cache.path());
    QVERIFY2(r.ok, qPrintable(r.error.toString()));
    QCOMPARE(r.mirrorRoot, cache.path() + QLatin1String("/tree"));
    QCOMPARE(r.entryPath, r.mirrorRoot + src.path() + QLatin1String("/main.js"));
    QCOMPARE(r.transpiled, 3); // main, lib/util (once, though imported twice), lib/more
    QCOMPARE(r.cached, 0);
    QVERIFY(QFileInfo::exists(r.mirrorRoot + src.path() + QLatin1String("/lib/util.js")));
    QVERIFY(QFileInfo::exists(r.mirrorRoot + src.path() + QLatin1String("/lib/more.js")));
    QVERIFY(!QFileInfo::exists(r.mirrorRoot + src.path() + QLatin1String("/data.json")));

    QJSEngine engine;
    const QJSValue ns = engine.importModule(r.entryPath);
    QVERIFY2(!engine.hasError(), qPrintable(engine.catchError().toString()));
    QCOMPARE(toJson(engine, ns.property(QStringLiteral("result"))), QStringLiteral(R"({"a":1,"b":2,"count":2,"twice":42})"));
}

void TstTranspiler::treeSecondPrepareHitsCache()
{
    QTemporaryDir src, cache;
    copyTree(kData + QLatin1String("/tree"), src.path());
    const QString entry = src.path() + QLatin1String("/main.js");
    {
        Transpiler first;
        QVERIFY(TranspiledTree::prepare(entry, first, cache.path()).ok);
    }
    const QString mirroredUtil = cache.path() + QLatin1String("/tree") + src.path() + QLatin1String("/lib/util.js");
    const QDateTime written = QFileInfo(mirroredUtil).lastModified();

    // A fresh Transpiler that never needs Babel proves nothing was transformed.
    Transpiler second;
    const TranspiledTree::Result hit = TranspiledTree::prepare(entry, second, cache.path());
    QVERIFY2(hit.ok, qPrintable(hit.error.toString()));
    QCOMPARE(hit.cached, 3);
    QCOMPARE(hit.transpiled, 0);
    QVERIFY(!second.isLoaded());
    QCOMPARE(QFileInfo(mirroredUtil).lastModified(), written);

    // Editing one file re-transpiles exactly that file.
    QVERIFY(writeFile(src.path() + QLatin1String("/lib/more.js"),
                      "import { merge } from './util.js';\nexport const twice = (n) => ({ ...merge({}, { v: n * 3 }) }).v;\n"));
    const TranspiledTree::Result edited = TranspiledTree::prepare(entry, second, cache.path());
    QVERIFY2(edited.ok, qPrintable(edited.error.toString()));
    QCOMPARE(edited.transpiled, 1);
    QCOMPARE(edited.cached, 2);
    QJSEngine engine;
    const QJSValue ns = engine.importModule(edited.entryPath);
    QVERIFY(!engine.hasError());
    QCOMPARE(ns.property(QStringLiteral("result")).property(QStringLiteral("twice")).toInt(), 63);
}

void TstTranspiler::treeMissingImportGivesK6Message()
{
    QTemporaryDir cache;
    const QString entry = kData + QLatin1String("/missing/main.js");
    const TranspiledTree::Result r = TranspiledTree::prepare(entry, m_transpiler, cache.path());
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, TranspileError::Kind::ModuleNotFound);
    QCOMPARE(r.error.file, entry);
    const QString expected = QStringLiteral(
        "The moduleSpecifier \"./lib/nope.js\" couldn't be found on local disk. Make sure that you've specified "
        "the right path to the file. If you're running k6 using the Docker image make sure you have mounted the "
        "local directory (-v /local/path/:/inside/docker/path) containing your script and modules so that they're "
        "accessible by k6 from inside of the container, see "
        "https://grafana.com/docs/k6/latest/using-k6/modules/#using-local-modules-with-docker.");
    QCOMPARE(r.error.message, expected);
    QCOMPARE(r.error.toString(), expected);

    const TranspiledTree::Result noEntry = TranspiledTree::prepare(kData + QLatin1String("/nope.js"), m_transpiler, cache.path());
    QVERIFY(!noEntry.ok);
    QCOMPARE(noEntry.error.kind, TranspileError::Kind::ModuleNotFound);
}

void TstTranspiler::treeSyntaxErrorNamesTheFile()
{
    QTemporaryDir cache;
    const TranspiledTree::Result r = TranspiledTree::prepare(kData + QLatin1String("/broken/main.js"), m_transpiler, cache.path());
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, TranspileError::Kind::Syntax);
    QCOMPARE(r.error.file, kData + QLatin1String("/broken/bad.js"));
    QCOMPARE(r.error.line, 2);
    QVERIFY2(r.error.toString().startsWith(QLatin1String("SyntaxError: file://") + kData + QLatin1String("/broken/bad.js: Unexpected token (2:18)\n")),
             qPrintable(r.error.toString()));
}

void TstTranspiler::treeFollowsAbsoluteImports()
{
    QTemporaryDir src, cache;
    copyTree(kData + QLatin1String("/tree"), src.path());
    const QString entry = src.path() + QLatin1String("/abs/entry.js");
    const QString source = QStringLiteral("import { merge } from '%1/lib/util.js';\nimport 'k6';\nimport 'lodash';\n"
                                          "export const result = merge({ a: 1 }, { b: 2 });\n").arg(src.path());
    QVERIFY(writeFile(entry, source.toUtf8()));
    const TranspiledTree::Result r = TranspiledTree::prepare(entry, m_transpiler, cache.path());
    QVERIFY2(r.ok, qPrintable(r.error.toString()));
    QCOMPARE(r.transpiled, 2); // bare names are not walked
    const QByteArray mirrored = readFile(r.entryPath);
    QVERIFY2(mirrored.contains("from \"../lib/util.js\""), mirrored.constData());
    QVERIFY(mirrored.contains("import 'k6';"));
}

void TstTranspiler::defaultCacheDirFollowsXdg()
{
    const QByteArray saved = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", "/tmp/xdg-cache-test");
    QCOMPARE(TranspiledTree::defaultCacheDir(), QStringLiteral("/tmp/xdg-cache-test/throttle/js"));
    qunsetenv("XDG_CACHE_HOME");
    QVERIFY(TranspiledTree::defaultCacheDir().endsWith(QLatin1String("/throttle/js")));
    if (!saved.isNull())
        qputenv("XDG_CACHE_HOME", saved);
}

void TstTranspiler::polyfills_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected"); // JSON of the value

    QTest::newRow("Object.fromEntries") << "Object.fromEntries([['a', 1], ['b', 2]])" << R"({"a":1,"b":2})";
    QTest::newRow("Object.fromEntries map") << "Object.fromEntries(new Map([['m', true]]))" << R"({"m":true})";
    QTest::newRow("Object.hasOwn") << "[Object.hasOwn({ a: 1 }, 'a'), Object.hasOwn({}, 'toString')]" << "[true,false]";
    QTest::newRow("Array.flat") << "[1, [2, [3, [4]]]].flat()" << "[1,2,[3,[4]]]";
    QTest::newRow("Array.flat depth") << "[1, [2, [3, [4]]]].flat(Infinity)" << "[1,2,3,4]";
    QTest::newRow("Array.flat holes") << "[1, , [2, , 3]].flat()" << "[1,2,3]";
    QTest::newRow("Array.flatMap") << "[1, 2].flatMap((x) => [x, x * 10])" << "[1,10,2,20]";
    QTest::newRow("Array.at") << "[[1, 2, 3].at(0), [1, 2, 3].at(-1), [1, 2, 3].at(5) === undefined]" << "[1,3,true]";
    QTest::newRow("Array.findLast") << "[[1, 2, 3, 4].findLast((x) => x % 2), [1, 2].findLastIndex((x) => x > 5)]" << "[3,-1]";
    QTest::newRow("String.at") << "['abc'.at(-1), 'abc'.at(1), 'abc'.at(3) === undefined]" << R"(["c","b",true])";
    QTest::newRow("String.replaceAll") << "'a.b.c'.replaceAll('.', '$&$&')" << R"("a..b..c")";
    QTest::newRow("String.replaceAll fn") << "'xax'.replaceAll('x', (m, i) => i)" << R"("0a2")";
    QTest::newRow("String.replaceAll regex") << "'a1b2'.replaceAll(/\\d/g, '#')" << R"("a#b#")";
    QTest::newRow("String.replaceAll non-global throws")
        << "(function () { try { 'a'.replaceAll(/a/, 'b'); return 'no'; } catch (e) { return e instanceof TypeError; } })()" << "true";
    QTest::newRow("String.trimStart/End") << "['  a '.trimStart(), ' a  '.trimEnd()]" << R"(["a "," a"])";
    QTest::newRow("String.matchAll") << "Array.from('a1b22'.matchAll(/\\d+/g), (m) => m[0] + '@' + m.index)" << R"(["1@1","22@3"])";
    QTest::newRow("globalThis") << "[typeof globalThis, globalThis === this, global === globalThis]" << R"(["object",true,true])";
    QTest::newRow("Symbol.description") << "Symbol('d').description" << R"("d")";
    QTest::newRow("Symbol.asyncIterator") << "typeof Symbol.asyncIterator" << R"("symbol")";
    QTest::newRow("AggregateError") << "(function () { const e = new AggregateError([1], 'm'); return [e instanceof Error, e.name, e.message, e.errors]; })()"
                                    << R"([true,"AggregateError","m",[1]])";
}

void TstTranspiler::polyfills()
{
    QFETCH(QString, expression);
    QFETCH(QString, expected);

    QJSEngine engine;
    QVERIFY(Polyfills::install(engine));
    const QJSValue value = engine.evaluate(expression);
    QVERIFY2(!value.isError(), qPrintable(value.toString()));
    QCOMPARE(toJson(engine, value), expected);
}

void TstTranspiler::polyfillPromises()
{
    QJSEngine engine;
    QVERIFY(Polyfills::install(engine));
    const QJSValue out = engine.evaluate(QStringLiteral(R"(
        var out = {};
        Promise.allSettled([Promise.resolve(1), Promise.reject('no')]).then((r) => { out.settled = r; });
        Promise.any([Promise.reject(1), Promise.resolve(2)]).then((v) => { out.any = v; });
        Promise.any([Promise.reject('a'), Promise.reject('b')]).catch((e) => { out.anyError = [e.name, e.errors]; });
        Promise.resolve(3).finally(() => { out.finallyRan = true; }).then((v) => { out.finallyValue = v; });
        out;)"));
    QVERIFY(spinUntil([&] {
        return !out.property(QStringLiteral("settled")).isUndefined() && !out.property(QStringLiteral("any")).isUndefined()
            && !out.property(QStringLiteral("anyError")).isUndefined() && !out.property(QStringLiteral("finallyValue")).isUndefined();
    }));
    // Fixed key order: the callbacks above settle in an order the test must not depend on.
    const QJSValue ordered = engine.evaluate(QStringLiteral(
        "(function (o) { return JSON.stringify([o.settled, o.any, o.anyError, o.finallyRan, o.finallyValue]); })"));
    QCOMPARE(ordered.call({out}).toString(), QStringLiteral(
        R"([[{"status":"fulfilled","value":1},{"status":"rejected","reason":"no"}],2,["AggregateError",["a","b"]],true,3])"));
}

void TstTranspiler::polyfillsAreNotEnumerable()
{
    QJSEngine engine;
    QVERIFY(Polyfills::install(engine));
    QVERIFY(Polyfills::install(engine)); // idempotent
    const QJSValue keys = engine.evaluate(QStringLiteral(
        "(function () { var k = []; for (var i in [7]) k.push(i); for (var j in 'x') k.push(j);"
        " for (var p in {}) k.push(p); for (var g in globalThis) k.push(g); return k.join(); })()"));
    QCOMPARE(keys.toString(), QStringLiteral("0,0"));
}

void TstTranspiler::polyfillInstallTime()
{
    QList<qint64> ns;
    for (int i = 0; i < 15; ++i) {
        QJSEngine engine;
        QElapsedTimer t;
        t.start();
        QVERIFY(Polyfills::install(engine));
        ns << t.nsecsElapsed();
    }
    std::sort(ns.begin(), ns.end());
    qInfo("Polyfills::install: median %.3f ms, min %.3f ms, max %.3f ms (15 fresh engines)",
          ns.at(ns.size() / 2) / 1e6, ns.first() / 1e6, ns.last() / 1e6);
}

void TstTranspiler::measureBabel()
{
    Transpiler fresh;
    QElapsedTimer t;
    t.start();
    QVERIFY(fresh.load());
    const qint64 loadMs = t.elapsed();
    const QString script = QStringLiteral(
        "import http from 'k6/http';\nimport { check, sleep } from 'k6';\n"
        "export const options = { vus: 10, duration: '30s', thresholds: { http_req_failed: ['rate<0.01'] } };\n"
        "const base = { headers: { 'Content-Type': 'application/json' } };\n"
        "export default async function () {\n  const res = http.get('http://localhost/', { ...base, tags: { n: 1_000 } });\n"
        "  check(res, { ok: (r) => r.status === 200 });\n  try { JSON.parse(res.body); } catch { }\n  sleep(1);\n}\n");
    QList<qint64> ms;
    for (int i = 0; i < 3; ++i) {
        t.restart();
        QVERIFY(fresh.transpile(script, QStringLiteral("/s/script.js"), nullptr, nullptr, nullptr));
        ms << t.elapsed();
    }
    qInfo("Babel: load %lld ms; transform of a %lld-char script: first %lld ms, then %lld ms, %lld ms",
          loadMs, qint64(script.size()), ms[0], ms[1], ms[2]);
}

QTEST_GUILESS_MAIN(TstTranspiler)
#include "tst_transpiler.moc"
