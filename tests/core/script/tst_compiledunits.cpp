// One compile for all VUs (docs/vu-engine.md §5): the options pass hands over the units of every
// module it compiled, VU engines instantiate them instead of compiling, and the units are kept in
// the cache's store for the next run of the unchanged files. Real loader, real VU runtimes, real
// files; CompiledUnits' counters and each engine's module table say where every unit came from.
#include "core/script/compiledunits.h"
#include "core/script/esbuildexecutable.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "core/metrics/metricsengine.h"
#include "support/testfiles.h"
#include "support/testlog.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace throttle;

namespace {

// A script loaded as a run loads it, with a cache directory the test chooses.
struct Loaded {
    MetricsEngine metrics;
    TestLog log;
    ScriptContext ctx;
    LoadResult result;
    int compiledByLastVu = -2;

    Loaded(const QString &entry, const QString &cacheDir)
    {
        ctx.entryPath = entry;
        ctx.metrics = &metrics;
        ctx.log = &log;
        result = ScriptLoader::load(ctx, cacheDir);
    }
    CompiledUnits &units() { return *ctx.compiledUnits; }

    // A new VU of this run calls default() once; its JSON result, or the error.
    QString callDefault()
    {
        VuRuntime rt(ctx, 1, RuntimeKind::Pseudo);
        QString error;
        if (!rt.init(&error))
            return QStringLiteral("init failed: ") + error;
        compiledByLastVu = rt.modulesCompiledHere();
        const CallResult r = rt.callExport(QStringLiteral("default"), QByteArray(), QString());
        return r.ok ? QString::fromUtf8(r.json) : QStringLiteral("call failed: ") + r.error;
    }
};

QStringList storeFiles(const QString &cacheDir, const QString &pattern)
{
    return QDir(cacheDir + QStringLiteral("/units")).entryList({pattern}, QDir::Files);
}

} // namespace

class TstCompiledUnits : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.path() + QLatin1Char('/') + name; }
    QString cache(const QString &name) const { return path(QStringLiteral("cache-") + name); }

    // main.js imports ./lib/a.js and ../shared/b.js: three file modules.
    void writeGraph(const QString &root, const QByteArray &aValue = "a1")
    {
        QVERIFY(writeTestFile(path(root + QStringLiteral("/suite/main.js")),
                          "import { a } from './lib/a.js';\nimport b from '../shared/b.js';\n"
                          "export const options = { vus: 1 };\n"
                          "export default function () { return { a: a(), b: b() }; }\n"));
        QVERIFY(writeTestFile(path(root + QStringLiteral("/suite/lib/a.js")),
                          "export function a() { return '" + aValue + "'; }\n"));
        QVERIFY(writeTestFile(path(root + QStringLiteral("/shared/b.js")), "export default function () { return 'b1'; }\n"));
    }

private slots:
    void optionsPassPublishesEveryModuleAndVusInstantiateThem();
    void laterRunReadsTheStoreAndCompilesNothing();
    void changedFileIsCompiledAgainAndARunKeepsItsOwnUnits();
    void damagedStoreEntryIsIgnoredAndRewritten_data();
    void damagedStoreEntryIsIgnoredAndRewritten();
    void errorsFromSharedUnitsNameTheFileAndLine();
    void syntaxErrorIsRememberedBySource();
    void qmlDisableDiskCacheTurnsSharingOff();   // last: Qt may keep the variable's value
};

void TstCompiledUnits::optionsPassPublishesEveryModuleAndVusInstantiateThem()
{
    writeGraph(QStringLiteral("one"));
    Loaded run(path(QStringLiteral("one/suite/main.js")), cache(QStringLiteral("one")));
    QVERIFY2(run.result.ok, qPrintable(run.result.error));
    QVERIFY(run.ctx.compiledUnits);
    QCOMPARE(run.units().held(), 3);
    QCOMPARE(run.units().fromStore(), 0);   // the options pass compiled them itself
    QCOMPARE(run.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
    QCOMPARE(run.compiledByLastVu, 0);      // the VU compiled none of them
    QCOMPARE(run.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
    QCOMPARE(run.compiledByLastVu, 0);
    QCOMPARE(storeFiles(cache(QStringLiteral("one")), QStringLiteral("*.qv4u")).size(), 3);
}

void TstCompiledUnits::laterRunReadsTheStoreAndCompilesNothing()
{
    writeGraph(QStringLiteral("two"));
    const QString entry = path(QStringLiteral("two/suite/main.js"));
    {
        Loaded first(entry, cache(QStringLiteral("two")));
        QVERIFY2(first.result.ok, qPrintable(first.result.error));
    }
    Loaded second(entry, cache(QStringLiteral("two")));
    QVERIFY2(second.result.ok, qPrintable(second.result.error));
    QCOMPARE(second.units().fromStore(), 3);   // the options pass compiled nothing
    QCOMPARE(second.units().held(), 3);
    QCOMPARE(second.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
    QCOMPARE(second.compiledByLastVu, 0);
    QCOMPARE(storeFiles(cache(QStringLiteral("two")), QStringLiteral("*.qv4u")).size(), 3);
}

void TstCompiledUnits::changedFileIsCompiledAgainAndARunKeepsItsOwnUnits()
{
    writeGraph(QStringLiteral("three"));
    const QString entry = path(QStringLiteral("three/suite/main.js"));
    Loaded before(entry, cache(QStringLiteral("three")));
    QVERIFY2(before.result.ok, qPrintable(before.result.error));

    writeGraph(QStringLiteral("three"), "a2");   // edited while the first run still runs
    Loaded after(entry, cache(QStringLiteral("three")));
    QVERIFY2(after.result.ok, qPrintable(after.result.error));
    QCOMPARE(after.units().fromStore(), 2);      // main.js and b.js; a.js compiled again
    QCOMPARE(after.units().held(), 3);
    QCOMPARE(after.callDefault(), QStringLiteral(R"({"a":"a2","b":"b1"})"));
    QCOMPARE(after.compiledByLastVu, 0);
    // A VU the first run starts now (a scale-up) runs what that run loaded, as in k6.
    QCOMPARE(before.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
    QCOMPARE(before.compiledByLastVu, 0);
    QCOMPARE(storeFiles(cache(QStringLiteral("three")), QStringLiteral("*.qv4u")).size(), 4);
}

void TstCompiledUnits::damagedStoreEntryIsIgnoredAndRewritten_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("a flipped byte") << QStringLiteral("flip");
    QTest::newRow("cut short") << QStringLiteral("truncate");
    QTest::newRow("empty") << QStringLiteral("empty");
    QTest::newRow("not ours") << QStringLiteral("magic");
    QTest::newRow("unit size lies") << QStringLiteral("size");
}

void TstCompiledUnits::damagedStoreEntryIsIgnoredAndRewritten()
{
    QFETCH(QString, damage);
    const QString root = QStringLiteral("damaged-") + damage;
    writeGraph(root);
    const QString entry = path(root + QStringLiteral("/suite/main.js"));
    const QString dir = cache(root);
    {
        Loaded first(entry, dir);
        QVERIFY2(first.result.ok, qPrintable(first.result.error));
    }
    // The unit of a.js: the one whose key the store computes from a.js's URL and source.
    QFile a(path(root + QStringLiteral("/suite/lib/a.js")));
    QVERIFY(a.open(QIODevice::ReadOnly));
    const QString key = CompiledUnits::storeKey(QUrl::fromLocalFile(a.fileName()).toString(), a.readAll());
    QFile unit(dir + QStringLiteral("/units/") + key + QStringLiteral(".qv4u"));
    QVERIFY(unit.open(QIODevice::ReadWrite));
    QByteArray bytes = unit.readAll();
    QVERIFY(bytes.size() > 200);
    if (damage == QLatin1String("flip"))
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
    else if (damage == QLatin1String("truncate"))
        bytes.chop(bytes.size() / 3);
    else if (damage == QLatin1String("empty"))
        bytes.clear();
    else if (damage == QLatin1String("magic"))
        bytes[0] = 'X';
    else if (damage == QLatin1String("size"))
        bytes[40 + 8 + 4 + 4 + 8] = char(bytes[40 + 8 + 4 + 4 + 8] + 16);   // Unit::unitSize, after our header
    QVERIFY(unit.resize(0) && unit.seek(0) && unit.write(bytes) == bytes.size());
    unit.close();

    {
        Loaded second(entry, dir);
        QVERIFY2(second.result.ok, qPrintable(second.result.error));
        QCOMPARE(second.units().fromStore(), 2);   // the damaged one was compiled instead
        QCOMPARE(second.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
        QCOMPARE(second.compiledByLastVu, 0);
    }
    Loaded third(entry, dir);
    QVERIFY2(third.result.ok, qPrintable(third.result.error));
    QCOMPARE(third.units().fromStore(), 3);        // and filed again
    QCOMPARE(third.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
}

void TstCompiledUnits::errorsFromSharedUnitsNameTheFileAndLine()
{
    // Thrown in VU init (not in the options pass, __VU 0) and in an iteration, both from units
    // the VU instantiated rather than compiled: the locations are the module's own.
    QVERIFY(writeTestFile(path(QStringLiteral("err/lib/boom.js")),
                      "export function check(vu) {\n  if (vu > 1) {\n    throw new Error('init of VU ' + vu);\n  }\n}\n"
                      "export function later() {\n  null.x;\n}\n"));
    QVERIFY(writeTestFile(path(QStringLiteral("err/main.js")),
                      "import { check, later } from './lib/boom.js';\ncheck(__VU);\n"
                      "export default function () { later(); }\n"));
    const QString boom = QUrl::fromLocalFile(path(QStringLiteral("err/lib/boom.js"))).toString();
    Loaded run(path(QStringLiteral("err/main.js")), cache(QStringLiteral("err")));
    QVERIFY2(run.result.ok, qPrintable(run.result.error));
    QCOMPARE(run.units().held(), 2);

    VuRuntime second(run.ctx, 2, RuntimeKind::Vu);
    QString error;
    QVERIFY(!second.init(&error));
    QVERIFY2(error.startsWith(QStringLiteral("Error: init of VU 2")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("at check (%1:3)").arg(boom)), qPrintable(error));
    QCOMPARE(second.modulesCompiledHere(), 0);

    QString callError;
    {
        VuRuntime first(run.ctx, 1, RuntimeKind::Pseudo);
        QVERIFY2(first.init(&error), qPrintable(error));
        QCOMPARE(first.modulesCompiledHere(), 0);
        const CallResult r = first.callExport(QStringLiteral("default"), QByteArray(), QString());
        QVERIFY(!r.ok);
        callError = r.error;
    }
    QVERIFY2(callError.startsWith(QStringLiteral("TypeError: ")), qPrintable(callError));
    QVERIFY2(callError.contains(QStringLiteral("at later (%1:7)").arg(boom)), qPrintable(callError));
}

void TstCompiledUnits::syntaxErrorIsRememberedBySource()
{
    QString why;
    if (!EsbuildExecutable::find(m_dir.path(), &why))
        QSKIP(qPrintable(why));
    // Qt 6.4's engine refuses private class members: the file needs transpiling, every time.
    const QString entry = path(QStringLiteral("modern/main.js"));
    QVERIFY(writeTestFile(entry, "class A { #x = 41; get x() { return this.#x + 1; } }\n"
                             "export default function () { return { x: new A().x }; }\n"));
    const QString dir = cache(QStringLiteral("modern"));
    {
        Loaded first(entry, dir);
        QVERIFY2(first.result.ok, qPrintable(first.result.error));
        QVERIFY(first.result.transpiled);
        QVERIFY(first.units().knownSyntaxError(entry));
        QCOMPARE(first.callDefault(), QStringLiteral(R"({"x":42})"));
    }
    QCOMPARE(storeFiles(dir, QStringLiteral("*.syntax")).size(), 1);
    {
        Loaded second(entry, dir);
        QVERIFY2(second.result.ok, qPrintable(second.result.error));
        QVERIFY(second.result.transpiled);
        QCOMPARE(second.units().fromStore(), 1);   // the transpiled copy's unit
        QCOMPARE(second.callDefault(), QStringLiteral(R"({"x":42})"));
    }
    // Rewritten in syntax Qt's engine takes: loaded as it is again.
    QVERIFY(writeTestFile(entry, "var A = function () { this.x = 42; };\n"
                             "export default function () { return { x: new A().x }; }\n"));
    Loaded third(entry, dir);
    QVERIFY2(third.result.ok, qPrintable(third.result.error));
    QVERIFY(!third.result.transpiled);
    QVERIFY(!third.units().knownSyntaxError(entry));
    QCOMPARE(third.callDefault(), QStringLiteral(R"({"x":42})"));
}

void TstCompiledUnits::qmlDisableDiskCacheTurnsSharingOff()
{
    writeGraph(QStringLiteral("off"));
    qputenv("QML_DISABLE_DISK_CACHE", "1");
    Loaded run(path(QStringLiteral("off/suite/main.js")), cache(QStringLiteral("off")));
    qunsetenv("QML_DISABLE_DISK_CACHE");
    QVERIFY2(run.result.ok, qPrintable(run.result.error));
    QVERIFY(!run.ctx.compiledUnits);
    QCOMPARE(run.callDefault(), QStringLiteral(R"({"a":"a1","b":"b1"})"));
    QCOMPARE(run.compiledByLastVu, -1);   // compiled by the VU itself, as before sharing
    QVERIFY(!QFileInfo::exists(cache(QStringLiteral("off")) + QStringLiteral("/units")));
}

QTEST_GUILESS_MAIN(TstCompiledUnits)
#include "tst_compiledunits.moc"
