// `throttle run` end to end (in-process through runCli) on scripts that need esbuild: a
// TypeScript project, an error in a .ts file, timers, and how often the init context runs
// (compared with k6 v1.3, which inits a VU for setup/teardown/handleSummary only when exported).
#include "cli/cli.h"
#include "core/script/esbuildexecutable.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstRunScripts : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &source)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
            return QString();
        return path;
    }

    static int run(const QStringList &args, QString *out, QString *err)
    {
        QTextStream o(out), e(err);
        const int code = runCli(QStringList{QStringLiteral("run"), QStringLiteral("--address=")} + args, o, e);
        o.flush();
        e.flush();
        return code;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Each test run transpiles into its own cache.
        qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toUtf8());
        QString why;
        if (!EsbuildExecutable::find(QString(), &why))
            QSKIP(qPrintable(why));
    }

    void initRunsAsOftenAsInK6_data()
    {
        QTest::addColumn<QByteArray>("exports");
        QTest::addColumn<int>("inits");   // "msg=init" lines k6 v1.3 prints for the same script
        QTest::newRow("default only") << QByteArray("") << 2;
        QTest::newRow("setup") << QByteArray("export function setup() {}\n") << 3;
        QTest::newRow("handleSummary") << QByteArray("export function handleSummary() { return {}; }\n") << 3;
        QTest::newRow("setup and teardown") << QByteArray("export function setup() {}\nexport function teardown() {}\n") << 4;
    }
    void initRunsAsOftenAsInK6()
    {
        QFETCH(QByteArray, exports);
        QFETCH(int, inits);
        const QString path = write(QStringLiteral("inits/%1.js").arg(QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_')),
                                   "console.log('init');\nexport default function () {}\n" + exports);
        QString out, err;
        QCOMPARE(run({QStringLiteral("-q"), path}, &out, &err), 0);
        QCOMPARE(int(err.count(QStringLiteral("msg=init "))), inits);
    }

    void typeScriptProjectRuns()
    {
        write(QStringLiteral("ts/lib/math.ts"), "export function add(a: number, b: number): number { return a + b; }\n");
        const QString main = write(QStringLiteral("ts/main.ts"),
                                   "import { add } from './lib/math.ts';\ninterface Opts { n: number }\n"
                                   "export const options = { iterations: 2 };\n"
                                   "export default async function (): Promise<void> {\n  const o: Opts = { n: add(1, 2) };\n"
                                   "  await new Promise<void>((r) => setTimeout(r, 10));\n  console.log('sum', o.n);\n}\n");
        QString out, err;
        QCOMPARE(run({QStringLiteral("-q"), main}, &out, &err), 0);
        QCOMPARE(int(err.count(QStringLiteral("msg=\"sum 3\""))), 2);
        QVERIFY2(out.contains(QStringLiteral("iterations")), qPrintable(out));
    }

    // "Done when: an error in a .ts file reports the .ts line" (issue 13).
    void errorsInTypeScriptNameTheTsLine()
    {
        const QString main = write(QStringLiteral("tserr/main.ts"),
                                   "type Id = number;\nconst ids: Id[] = [1_000];\n\nexport default function (): void {\n"
                                   "  const found: Id | undefined = ids.find((i: Id): boolean => i > 5_000);\n"
                                   "  if (found === undefined) {\n    throw new Error(`no id over ${5_000}`);\n  }\n}\n");
        QString out, err;
        QCOMPARE(run({QStringLiteral("-q"), main}, &out, &err), 0);   // an iteration error, as in k6
        const QString where = QUrl::fromLocalFile(main).toString() + QStringLiteral(":7:5");
        QVERIFY2(err.contains(QStringLiteral("Error: no id over 5000\\n\\tat default (") + where + QLatin1Char(')')), qPrintable(err));

        const QString bad = write(QStringLiteral("tserr/bad.ts"), "export default function (): void {\n  const n: number = ;\n}\n");
        QCOMPARE(run({QStringLiteral("-q"), bad}, &out, &err), 107);
        QVERIFY2(err.contains(QStringLiteral("SyntaxError: ") + QUrl::fromLocalFile(bad).toString() + QStringLiteral(": Unexpected \\\";\\\" (2:20)")),
                 qPrintable(err));
    }

    // A transpiling run prints what k6 prints and nothing more: esbuild's timings are a debug
    // line that only QT_LOGGING_RULES=throttle.transpile.debug=true turns on.
    void transpilingPrintsNothingUnasked()
    {
        const QString main = write(QStringLiteral("quiet/main.ts"), "export default (): void => {};\n");
        static QStringList categories;
        categories.clear();
        const QtMessageHandler previous = qInstallMessageHandler([](QtMsgType, const QMessageLogContext &c, const QString &) {
            categories << QString::fromLatin1(c.category ? c.category : "");
        });
        QString out, err;
        const int code = run({QStringLiteral("-q"), main}, &out, &err);
        qInstallMessageHandler(previous);
        QCOMPARE(code, 0);
        QVERIFY2(!categories.contains(QStringLiteral("throttle.transpile")), qPrintable(categories.join(QLatin1Char(' '))));
        QVERIFY2(!err.contains(QStringLiteral("esbuild")), qPrintable(err));
    }

    void missingEsbuildIsOneLine()
    {
        const QString main = write(QStringLiteral("noesb/main.ts"), "export default (): void => {};\n");
        qputenv("THROTTLE_ESBUILD", QByteArray("/nonexistent/esbuild"));
        QString out, err;
        const int code = run({QStringLiteral("-q"), main}, &out, &err);
        qunsetenv("THROTTLE_ESBUILD");
        QCOMPARE(code, 107);
        QCOMPARE(int(err.count(QStringLiteral("esbuild not found"))), 1);
        QVERIFY2(err.contains(QStringLiteral("sudo apt-get install esbuild")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TstRunScripts)
#include "tst_runscripts.moc"
