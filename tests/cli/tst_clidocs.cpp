// The command table against what the programs really do: every flag the parsers accept is in
// `--help` and in the man pages, every flag listed there is accepted, the man pages render with
// groff without a warning, and the version comes from project(VERSION) with the git commit.
#include "cli/buildinfo.h"
#include "cli/cli.h"
#include "cli/commandtable.h"
#include "cli/manpage.h"

#include <QCommandLineParser>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

struct CliResult {
    int code;
    QString out;
    QString err;
};

CliResult cli(const QStringList &args)
{
    QString out, err;
    QTextStream o(&out), e(&err);
    const int code = runCli(args, o, e);
    o.flush();
    e.flush();
    return {code, out, err};
}

// The parser's (or cobra's) words for a flag it does not know.
bool refusesAFlag(const QString &output)
{
    return output.contains(QLatin1String("Unknown option")) || output.contains(QLatin1String("unknown flag"))
        || output.contains(QLatin1String("unknown shorthand flag"));
}

// Every -x / --long-flag in a text (not the "-of" inside "end-of-test").
QSet<QString> flagsIn(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("(?<![\\w-])(--?[A-Za-z][\\w-]*)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(1));
    return out;
}

QSet<QString> tableFlags(const QList<CliOption> &options)
{
    QSet<QString> out;
    for (const CliOption &o : options)
        for (const QString &f : o.flags())
            out.insert(f);
    return out;
}

QList<CliOption> optionsOf(const CliCommand &c)
{
    return c.globalFlags ? c.options + CommandTable::globalOptions() : c.options;
}

// The roff source as the reader sees it: escapes and font changes removed.
QString plain(QString roff)
{
    roff.replace(QStringLiteral("\\-"), QStringLiteral("-")).replace(QStringLiteral("\\e"), QStringLiteral("\\"));
    static const QRegularExpression fonts(QStringLiteral("\\\\f[BIRP]"));
    return roff.remove(fonts).remove(QStringLiteral("\\&"));
}

// The part of throttle(1) about one command: from its .SS heading to the next section.
QString manSection(const QString &page, const QString &command)
{
    const qsizetype start = page.indexOf(QStringLiteral(".SS \"throttle %1").arg(command));
    if (start < 0)
        return {};
    static const QRegularExpression next(QStringLiteral("\\n\\.S[SH] "));
    const qsizetype end = page.indexOf(next, start + 1);
    return page.mid(start, end < 0 ? -1 : end - start);
}

} // namespace

class TestCliDocs : public QObject {
    Q_OBJECT
private slots:
    void helpListsExactlyTheTable_data();
    void helpListsExactlyTheTable();
    void parserAcceptsEveryListedFlag_data();
    void parserAcceptsEveryListedFlag();
    void globalFlagsBeforeTheCommand_data();
    void globalFlagsBeforeTheCommand();
    void demoTargetFlags_data();
    void demoTargetFlags();
    void usageListsEveryCommand();
    void manPageListsEveryCommandAndFlag_data();
    void manPageListsEveryCommandAndFlag();
    void desktopManPageListsTheParsersFlags();
    void manPagesRenderWithoutWarnings_data();
    void manPagesRenderWithoutWarnings();
    void versionFromProjectAndGit();
    void buildInfoWithoutGitHasNoCommit();
};

void TestCliDocs::helpListsExactlyTheTable_data()
{
    QTest::addColumn<QString>("command");
    for (const CliCommand &c : CommandTable::throttleCommands())
        if (!c.options.isEmpty() && c.find(QStringLiteral("--help")))
            QTest::newRow(qPrintable(c.name)) << c.name;
}

// `throttle run --help` is QCommandLineParser's own help, so it shows what the parser accepts.
void TestCliDocs::helpListsExactlyTheTable()
{
    QFETCH(QString, command);
    const CliResult r = cli({command, QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    const QSet<QString> shown = flagsIn(r.out + r.err);
    const QSet<QString> table = tableFlags(optionsOf(*CommandTable::throttleCommand(command)));
    for (const QString &f : table)
        QVERIFY2(shown.contains(f), qPrintable(QStringLiteral("%1 --help lacks %2").arg(command, f)));
    for (const QString &f : shown)
        QVERIFY2(table.contains(f), qPrintable(QStringLiteral("%1 --help shows %2, not in the table").arg(command, f)));
}

void TestCliDocs::parserAcceptsEveryListedFlag_data()
{
    QTest::addColumn<QStringList>("args");
    for (const CliCommand &c : CommandTable::throttleCommands()) {
        if (c.name != QLatin1String("run") && !c.globalFlags)
            continue;   // demo-target serves until Ctrl-C; version and help take no flags
        for (const CliOption &o : optionsOf(c)) {
            for (const QString &f : o.flags()) {
                QStringList args{c.name, f};
                if (o.takesValue() && !o.optionalValue)
                    args << (o.choices.isEmpty() ? QStringLiteral("1") : o.choices.first());
                // run: a missing script stops it before anything starts; the client commands
                // get a refused connection on loopback.
                args << (c.name == QLatin1String("run") ? QStringLiteral("/nonexistent/throttle-test.js")
                                                        : QStringLiteral("--address=127.0.0.1:1"));
                QTest::newRow(qPrintable(c.name + QLatin1Char(' ') + f)) << args;
            }
        }
    }
}

void TestCliDocs::parserAcceptsEveryListedFlag()
{
    QFETCH(QStringList, args);
    const CliResult r = cli(args);
    const QString all = r.out + r.err;
    QVERIFY2(!refusesAFlag(all), qPrintable(all));
}

// k6's global flags may come before the command (`throttle -v run x.js`): every one is accepted
// there by run and by a client command.
void TestCliDocs::globalFlagsBeforeTheCommand_data()
{
    QTest::addColumn<QStringList>("args");
    for (const CliOption &o : CommandTable::globalOptions()) {
        for (const QString &f : o.flags()) {
            QStringList global{f};
            if (o.takesValue())
                global << (o.choices.isEmpty() ? QStringLiteral("1") : o.choices.first());
            QTest::newRow(qPrintable(f + QStringLiteral(" run"))) << global + QStringList{"run", "--address=", "/nonexistent/throttle-test.js"};
            QTest::newRow(qPrintable(f + QStringLiteral(" status"))) << global + QStringList{"status", "--address=127.0.0.1:1"};
        }
    }
}

void TestCliDocs::globalFlagsBeforeTheCommand()
{
    QFETCH(QStringList, args);
    const CliResult r = cli(args);
    const QString all = r.out + r.err;
    QVERIFY2(!refusesAFlag(all), qPrintable(all));
    QVERIFY2(r.code != 0, qPrintable(all));   // it got as far as the missing script / the refused connection
    QVERIFY2(all.contains(QLatin1String("throttle-test.js")) || all.contains(QLatin1String("127.0.0.1:1")), qPrintable(all));
}

// demo-target reads its flags from the table: -h prints help instead of serving, bad input is
// refused before anything listens.
void TestCliDocs::demoTargetFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    QTest::newRow("-h") << QStringList{"-h"} << 0 << "Usage:\n  throttle demo-target [flags]" << QString();
    QTest::newRow("--help") << QStringList{"--help"} << 0 << "-P, --port" << QString();
    QTest::newRow("bad port") << QStringList{"--port", "http"} << 255 << QString() << "demo-target: invalid port \"http\"";
    QTest::newRow("port too big") << QStringList{"-P", "70000"} << 255 << QString() << "demo-target: invalid port \"70000\"";
    QTest::newRow("unknown flag") << QStringList{"--bogus"} << 255 << QString() << "demo-target: Unknown option 'bogus'.";
    QTest::newRow("stray argument") << QStringList{"x.js"} << 255 << QString() << "demo-target: unexpected argument \"x.js\"";
}

void TestCliDocs::demoTargetFlags()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, out);
    QFETCH(QString, err);
    const CliResult r = cli(QStringList{"demo-target"} + args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.out.contains(out), qPrintable(r.out));
    QVERIFY2(r.err.contains(err), qPrintable(r.err));
    QVERIFY2(!r.out.contains(QLatin1String("serving at")), qPrintable(r.out));
}

void TestCliDocs::usageListsEveryCommand()
{
    const CliResult r = cli({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const CliCommand &c : CommandTable::throttleCommands())
        QVERIFY2(r.out.contains(QStringLiteral("\n  ") + c.name + QLatin1Char(' ')), qPrintable(c.name));
    for (const QString &f : tableFlags(CommandTable::globalOptions()))
        QVERIFY2(flagsIn(r.out).contains(f), qPrintable(f));
    const CliResult unknown = cli({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.code, 255);
    QVERIFY(unknown.err.startsWith(QLatin1String("unknown command \"frobnicate\" for \"throttle\"\n")));
}

void TestCliDocs::manPageListsEveryCommandAndFlag_data()
{
    QTest::addColumn<QString>("command");
    for (const CliCommand &c : CommandTable::throttleCommands())
        QTest::newRow(qPrintable(c.name)) << c.name;
}

void TestCliDocs::manPageListsEveryCommandAndFlag()
{
    QFETCH(QString, command);
    const QString page = plain(ManPage::throttle(QStringLiteral("2026-12-07"), BuildInfo::version()));
    const CliCommand &c = *CommandTable::throttleCommand(command);
    QVERIFY2(page.contains(QStringLiteral(".B throttle %1\n").arg(command)), "missing from SYNOPSIS");
    const QString section = manSection(page, command);
    QVERIFY2(!section.isEmpty(), "no .SS section");
    const QSet<QString> listed = flagsIn(section);
    for (const QString &f : tableFlags(c.options))
        QVERIFY2(listed.contains(f), qPrintable(QStringLiteral("throttle(1) %1 lacks %2").arg(command, f)));
    const qsizetype globals = page.indexOf(QLatin1String("\n.SH GLOBAL FLAGS"));
    const QSet<QString> globalListed = flagsIn(page.mid(globals, page.indexOf(QLatin1String("\n.SH ENVIRONMENT")) - globals));
    for (const QString &f : tableFlags(CommandTable::globalOptions()))
        QVERIFY2(globalListed.contains(f), qPrintable(f));
}

// throttle-desktop's parser is built by the same call main.cpp makes; its help is Qt's.
void TestCliDocs::desktopManPageListsTheParsersFlags()
{
    QCommandLineParser parser;
    CommandTable::addToParser(CommandTable::desktop().options, &parser);
    const QSet<QString> accepted = flagsIn(parser.helpText());
    const QSet<QString> listed = flagsIn(plain(ManPage::desktop(QString(), BuildInfo::version())));
    QVERIFY(accepted.contains(QStringLiteral("--attach")));
    QVERIFY(accepted.contains(QStringLiteral("--help-all")));
    for (const QString &f : accepted)
        QVERIFY2(listed.contains(f), qPrintable(QStringLiteral("throttle-desktop(1) lacks %1").arg(f)));
    for (const QString &f : tableFlags(CommandTable::desktop().options))
        QVERIFY2(accepted.contains(f), qPrintable(QStringLiteral("the parser lacks %1").arg(f)));
}

void TestCliDocs::manPagesRenderWithoutWarnings_data()
{
    QTest::addColumn<QString>("page");
    QTest::newRow("throttle.1") << ManPage::throttle(QStringLiteral("2026-12-07"), BuildInfo::version());
    QTest::newRow("throttle-desktop.1") << ManPage::desktop(QStringLiteral("2026-12-07"), BuildInfo::version());
}

// groff with every warning on, as lintian's manpage check does.
void TestCliDocs::manPagesRenderWithoutWarnings()
{
    QFETCH(QString, page);
    const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
    if (groff.isEmpty())
        QSKIP("groff is not installed (Debian package groff-base)");
    QProcess p;
    p.start(groff, {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"), QStringLiteral("-z")});
    QVERIFY(p.waitForStarted());
    p.write(page.toUtf8());
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished());
    QCOMPARE(QString::fromUtf8(p.readAllStandardError()), QString());
    QCOMPARE(p.exitCode(), 0);
}

void TestCliDocs::versionFromProjectAndGit()
{
    QCOMPARE(BuildInfo::version(), QStringLiteral(THROTTLE_TEST_PROJECT_VERSION));
    const CliResult r = cli({QStringLiteral("version")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("throttle %1 (k6 v1.3 compatible)\n").arg(BuildInfo::versionLine()));
    QVERIFY(r.out.contains(QStringLiteral("Qt ") + QString::fromLatin1(qVersion())));
    QCOMPARE(cli({QStringLiteral("--version")}).out, r.out);
    if (!QFileInfo::exists(QStringLiteral(THROTTLE_TEST_SOURCE_DIR "/.git")))
        QSKIP("not built from a git checkout");
    QProcess git;
    git.setWorkingDirectory(QStringLiteral(THROTTLE_TEST_SOURCE_DIR));
    git.start(QStringLiteral("git"), {QStringLiteral("rev-parse"), QStringLiteral("--short=12"), QStringLiteral("HEAD")});
    if (!git.waitForFinished() || git.exitCode() != 0)
        QSKIP("git is not usable here");
    const QString head = QString::fromLatin1(git.readAllStandardOutput()).trimmed();
    QVERIFY2(BuildInfo::commit().startsWith(head), qPrintable(BuildInfo::commit() + QStringLiteral(" vs HEAD ") + head));
    QVERIFY(r.out.contains(QStringLiteral("commit ") + BuildInfo::commit()));
}

// A source tarball has no .git: the header the build writes then has an empty commit.
void TestCliDocs::buildInfoWithoutGitHasNoCommit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString header = dir.filePath(QStringLiteral("throttle_buildinfo.h"));
    QProcess cmake;
    cmake.start(QStringLiteral(THROTTLE_TEST_CMAKE),
                {QStringLiteral("-DSOURCE_DIR=") + dir.path(), QStringLiteral("-DOUTPUT=") + header,
                 QStringLiteral("-DVERSION=9.8.7"), QStringLiteral("-DLICENSE=MIT"), QStringLiteral("-DAPP_ID=a.b.C"),
                 QStringLiteral("-P"), QStringLiteral(THROTTLE_TEST_SOURCE_DIR "/cmake/WriteBuildInfo.cmake")});
    QVERIFY(cmake.waitForFinished());
    QCOMPARE(cmake.exitCode(), 0);
    QFile f(header);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY2(text.contains("#define THROTTLE_VERSION_STRING \"9.8.7\"\n"), text.constData());
    QVERIFY2(text.contains("#define THROTTLE_GIT_COMMIT \"\"\n"), text.constData());
}

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_clidocs.moc"
