// `throttle archive`, `throttle inspect` and `throttle run archive.tar` end to end, in-process,
// against what the reference k6 v1.3.0 made of the same script (tests/fixtures/archive/record.sh):
// the same archive layout and metadata.json, the same inspect JSON byte for byte, and archives —
// Throttle's and k6's — that run without the original files, the run's flags overriding theirs.
#include "cli/cli.h"
#include "core/archive/k6archive.h"
#include "core/archive/tarfile.h"
#include "support/fixtureserver.h"
#include "support/testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUrlQuery>
#include <QtTest>

using namespace throttle;

namespace {

const QString kFixtures = QStringLiteral(THROTTLE_FIXTURES "/archive");

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int cli(const QStringList &args, QString *out = nullptr, QString *err = nullptr)
{
    QString o, e;
    QTextStream os(&o), es(&e);
    QStringList withArgs = args;
    if (withArgs.first() == QLatin1String("run"))   // no REST server: suites run in parallel
        withArgs.insert(1, QStringLiteral("--address="));
    const int code = runCli(withArgs, os, es);
    os.flush();
    es.flush();
    if (out)
        *out = o;
    if (err)
        *err = e;
    return code;
}

// The archive's entries as "<type> <mode> <name> -> <link>", its own directory written as <dir>.
QStringList layout(const QByteArray &tar, const QString &dir)
{
    QList<TarEntry> entries;
    QString error;
    if (!TarFile::read(tar, &entries, &error))
        return {error};
    QStringList lines;
    // The directories above the fixtures' folder depend on where the checkout is (k6-made.tar was
    // recorded in another one): leave them out, compare from the folder down.
    const QString folder = QStringLiteral("file") + dir;
    for (const TarEntry &e : entries) {
        if (e.type == TarEntry::Type::Directory && folder.startsWith(e.name + QLatin1Char('/')))
            continue;
        lines << QStringLiteral("%1 %2 %3 -> %4 (%5 bytes)")
                     .arg(QChar(char(e.type)))
                     .arg(e.mode, 0, 8)
                     .arg(QString(e.name).replace(dir, QStringLiteral("<dir>")), e.linkName)
                     .arg(e.name == QLatin1String("metadata.json") ? -1 : e.data.size());   // holds the path: compared below
    }
    return lines;
}

QByteArray metadataOf(const QByteArray &tar)
{
    QList<TarEntry> entries;
    QString error;
    TarFile::read(tar, &entries, &error);
    for (const TarEntry &e : std::as_const(entries))
        if (e.name == QLatin1String("metadata.json"))
            return e.data;
    return {};
}

// Where record.sh ran: the directory of the k6-made archive's entry script.
QString k6Dir()
{
    K6Archive a;
    QString error;
    K6Archive::fromTar(readFile(kFixtures + QStringLiteral("/k6-made.tar")), &a, &error);
    return QFileInfo(QUrl(a.filename).toLocalFile()).path();
}

} // namespace

class TstArchive : public QObject {
    Q_OBJECT

    std::unique_ptr<FixtureServer> m_target;

    // The requests the archived script made, as "user marker" strings.
    QStringList seen() const
    {
        QStringList out;
        for (const FixtureRequest &r : m_target->requests()) {
            const QUrlQuery q(QString::fromUtf8(r.query));
            out << q.queryItemValue(QStringLiteral("user")) + QLatin1Char(' ') + q.queryItemValue(QStringLiteral("marker"));
        }
        return out;
    }

private slots:
    void init()
    {
        m_target = std::make_unique<FixtureServer>([](const FixtureRequest &) { return FixtureReply{200, {}, "ok"}; });
    }

    void inspectPrintsWhatK6Prints_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("k6Output");
        const QString script = kFixtures + QStringLiteral("/archived.js");
        const QString k6Tar = kFixtures + QStringLiteral("/k6-made.tar");
        QTest::newRow("script") << QStringList{script} << "k6-inspect.json";
        QTest::newRow("script, requirements") << QStringList{"--execution-requirements", script} << "k6-inspect-requirements.json";
        QTest::newRow("k6 archive, requirements") << QStringList{"--execution-requirements", k6Tar} << "k6-inspect-archive.json";
    }
    void inspectPrintsWhatK6Prints()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, k6Output);
        QString out, err;
        QCOMPARE(cli(QStringList{"inspect"} + args, &out, &err), 0);
        QCOMPARE(out.toUtf8(), readFile(kFixtures + QLatin1Char('/') + k6Output));
        QCOMPARE(err, QString());   // the k6-operator reads the JSON from the pod's log
    }

    // The k6-operator fails a test whose initializer's stderr has a `level=error` line.
    void inspectErrorsAreLogLines_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax error") << QByteArray("export default function ( {") << QStringList() << 107 << "SyntaxError";
        QTest::newRow("invalid scenario")
            << QByteArray("export const options = {scenarios: {a: {executor: 'constant-vus', vus: -1, duration: '1s'}}};\n"
                          "export default function () {}")
            << QStringList() << 104 << "the number of VUs must be more than 0";
        QTest::newRow("unknown flag") << QByteArray("export default function () {}") << QStringList{"-u", "3"} << 255
                                      << "Unknown option 'u'";
    }
    void inspectErrorsAreLogLines()
    {
        QFETCH(QByteArray, script);
        QFETCH(QStringList, flags);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.js"));
        QVERIFY(writeTestFile(path, script));
        QString out, err;
        QCOMPARE(cli(QStringList{"inspect", "--execution-requirements"} + flags + QStringList{path}, &out, &err), exitCode);
        QVERIFY2(err.contains(QLatin1String("level=error")) && err.contains(message), qPrintable(err));
        QCOMPARE(out, QString());
    }

    void archiveIsWhatK6Writes()
    {
        QTemporaryDir dir;
        const QString tar = dir.filePath(QStringLiteral("t.tar"));
        QString err;
        QCOMPARE(cli({"archive", kFixtures + "/archived.js", "-O", tar, "-e", "MARKER=from-archive", "--tag", "origin=k6"},
                     nullptr, &err),
                 0);
        QCOMPARE(err, QString());
        const QByteArray ours = readFile(tar);
        const QByteArray k6s = readFile(kFixtures + QStringLiteral("/k6-made.tar"));
        const QString here = QFileInfo(kFixtures + "/archived.js").absolutePath();   // as the archive names it
        QCOMPARE(layout(ours, here), layout(k6s, k6Dir()));
        QCOMPARE(QString::fromUtf8(metadataOf(ours)).replace(here, QStringLiteral("<dir>")),
                 QString::fromUtf8(metadataOf(k6s)).replace(k6Dir(), QStringLiteral("<dir>")));
    }

    void archiveToStdoutAndEnv()
    {
        // --exclude-env-vars leaves env empty; the system's variables are left out by default, as in k6.
        qputenv("THROTTLE_TST_ARCHIVE_VAR", "system");
        QTemporaryDir dir;
        const QString tar = dir.filePath(QStringLiteral("t.tar"));
        QCOMPARE(cli({"archive", kFixtures + "/archived.js", "-O", tar, "-e", "A=1"}), 0);
        K6Archive a;
        QString error;
        QVERIFY(K6Archive::fromTar(readFile(tar), &a, &error));
        QCOMPARE(a.env, (QMap<QString, QString>{{"A", "1"}}));
        QCOMPARE(cli({"archive", kFixtures + "/archived.js", "-O", tar, "-e", "A=1", "--exclude-env-vars"}), 0);
        QVERIFY(K6Archive::fromTar(readFile(tar), &a, &error));
        QVERIFY(a.env.isEmpty());
        QCOMPARE(cli({"archive", kFixtures + "/archived.js", "-O", tar, "--include-system-env-vars=true"}), 0);
        QVERIFY(K6Archive::fromTar(readFile(tar), &a, &error));
        QCOMPARE(a.env.value(QStringLiteral("THROTTLE_TST_ARCHIVE_VAR")), QStringLiteral("system"));
        qunsetenv("THROTTLE_TST_ARCHIVE_VAR");
    }

    // Both archives run with the original files gone: Throttle's is made from a copy that is then
    // deleted; k6's names paths of the machine that recorded it.
    void runsWithoutTheOriginalFiles_data()
    {
        QTest::addColumn<bool>("k6Made");
        QTest::newRow("made by throttle") << false;
        QTest::newRow("made by k6") << true;
    }
    void runsWithoutTheOriginalFiles()
    {
        QFETCH(bool, k6Made);
        QTemporaryDir dir;
        const QString tar = dir.filePath(QStringLiteral("t.tar"));
        if (k6Made) {
            QVERIFY(QFile::copy(kFixtures + "/k6-made.tar", tar));
        } else {
            QTemporaryDir copy;
            for (const char *f : {"archived.js", "lib/paths.js", "data/users.json"})
                QVERIFY(writeTestFile(copy.filePath(QLatin1String(f)), readFile(kFixtures + QLatin1Char('/') + QLatin1String(f))));
            QCOMPARE(cli({"archive", copy.filePath("archived.js"), "-O", tar, "-e", "MARKER=from-archive"}), 0);
            QVERIFY(copy.remove());
        }
        QString out, err;
        QCOMPARE(cli({"run", "-q", "-e", "BASE_URL=" + m_target->baseUrl(), tar}, &out, &err), 0);
        // Exactly the archive's 12 iterations, with its env and the users of its open()ed file.
        const QStringList got = seen();
        QCOMPARE(got.size(), 12);
        for (const QString &request : got)
            QVERIFY2(QStringList({"ann from-archive", "bob from-archive", "cy from-archive"}).contains(request), qPrintable(request));
    }

    // As in k6, the run's flags and -e lie over the archive's options and env.
    void runFlagsOverrideTheArchive()
    {
        QString out, err;
        QCOMPARE(cli({"run", "-q", "-i", "5", "-e", "MARKER=cli", "-e", "BASE_URL=" + m_target->baseUrl(),
                      kFixtures + "/k6-made.tar"},
                     &out, &err),
                 0);
        QCOMPARE(seen().size(), 5);
        QCOMPARE(seen().filter(QStringLiteral(" cli")).size(), 5);
    }

    void brokenArchiveIsAnError()
    {
        QTemporaryDir dir;
        const QString tar = dir.filePath(QStringLiteral("broken.tar"));
        QVERIFY(writeTestFile(tar, readFile(kFixtures + "/k6-made.tar").left(3000)));
        QString out, err;
        QCOMPARE(cli({"run", tar}, &out, &err), 255);
        QVERIFY2(err.contains(QLatin1String("level=error")) && err.contains(QLatin1String("unexpected end of the archive")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TstArchive)
#include "tst_archive.moc"
