// The generated completion scripts, run by the real shells: bash completes subcommands, each
// command's flags (exactly the table's), fixed values, scripts by extension; zsh parses its file.
#include "cli/commandtable.h"
#include "cli/shellcompletion.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

namespace {

// Sources the script in a fresh bash, sets COMP_WORDS/COMP_CWORD as bash would for `words` (the
// last one is being completed) and prints COMPREPLY, one per line. Runs in `cwd`.
QStringList complete(const QString &script, const QString &function, const QStringList &words, const QString &cwd)
{
    QStringList quoted;
    for (const QString &w : words)
        quoted << QLatin1Char('\'') + QString(w).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
    const QString program = QStringLiteral("source '%1' || exit 3\nCOMP_WORDS=(%2)\nCOMP_CWORD=%3\n%4\n"
                                           "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                                .arg(script, quoted.join(QLatin1Char(' '))).arg(words.size() - 1).arg(function);
    QProcess bash;
    bash.setWorkingDirectory(cwd);
    bash.start(QStringLiteral("bash"), {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), program});
    if (!bash.waitForFinished() || bash.exitCode() != 0) {
        qWarning() << "bash failed:" << bash.readAllStandardError();
        return {QStringLiteral("<bash failed>")};
    }
    QStringList out = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    out.sort();
    return out;
}

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) >= 0;
}

} // namespace

class TestShellCompletion : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void bash_data();
    void bash();
    void bashOffersExactlyTheTablesFlags_data();
    void bashOffersExactlyTheTablesFlags();
    void zshParses();

private:
    QTemporaryDir m_dir;
    QString m_throttle;
    QString m_desktop;
};

void TestShellCompletion::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
        QSKIP("bash is not installed");
    QVERIFY(m_dir.isValid());
    m_throttle = m_dir.filePath(QStringLiteral("throttle.bash"));
    m_desktop = m_dir.filePath(QStringLiteral("throttle-desktop.bash"));
    QVERIFY(writeFile(m_throttle, ShellCompletion::bashThrottle()));
    QVERIFY(writeFile(m_desktop, ShellCompletion::bashDesktop()));
    // A working directory with a script, a TypeScript script, another file and a folder.
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("work/scripts")));
    for (const char *name : {"work/load.js", "work/load2.ts", "work/notes.txt"})
        QVERIFY(writeFile(m_dir.filePath(QLatin1String(name)), QString()));
}

void TestShellCompletion::bash_data()
{
    QTest::addColumn<bool>("desktop");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, bool desktop, const QString &line, const QStringList &expected) {
        QStringList words = line.split(QLatin1Char(' '));
        QTest::newRow(name) << desktop << words << expected;
    };
    row("command", false, "throttle ru", {"run"});
    row("command after a global flag", false, "throttle -a 127.0.0.1 : 6565 st", {"stats", "status", "stop"});
    row("help aliases", false, "throttle --he", {"--help"});
    row("run flag", false, "throttle run --vu", {"--vus"});
    row("run short flag is offered", false, "throttle run -u", {"-u"});
    row("fixed values", false, "throttle run --summary-time-unit m", {"ms"});
    row("value after =", false, "throttle run --http-debug = f", {"full"});
    row("no guess for a number", false, "throttle run --vus ", {});
    row("scripts only", false, "throttle run ", {"load.js", "load2.ts", "scripts"});
    row("a flag value is not the command", false, "throttle --log-format json sc", {"scale"});
    row("global value choices", false, "throttle status --log-format j", {"json"});
    row("scale after address", false, "throttle -a 127.0.0.1 : 6565 scale --sc", {"--scenario", "--schedule"});
    row("config takes any file", false, "throttle run --config no", {"notes.txt"});
    row("desktop flag", true, "throttle-desktop --at", {"--attach"});
    row("desktop script", true, "throttle-desktop lo", {"load.js", "load2.ts"});
}

void TestShellCompletion::bash()
{
    QFETCH(bool, desktop);
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);
    const QStringList got = complete(desktop ? m_desktop : m_throttle, desktop ? QStringLiteral("_throttle_desktop")
                                                                               : QStringLiteral("_throttle"),
                                     words, m_dir.filePath(QStringLiteral("work")));
    QCOMPARE(got, expected);
}

void TestShellCompletion::bashOffersExactlyTheTablesFlags_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("word");
    QTest::addColumn<QStringList>("expected");
    for (const CliCommand &c : CommandTable::throttleCommands()) {
        QStringList flags;
        for (const CliOption &o : c.globalFlags ? c.options + CommandTable::globalOptions() : c.options)
            flags << o.flags();
        flags.sort();
        QTest::newRow(qPrintable(c.name)) << c.name << QStringLiteral("-") << flags;
    }
    // Before any command: the commands and their aliases; after a dash the global flags too.
    QStringList words, dashed;
    for (const CliCommand &c : CommandTable::throttleCommands()) {
        words << c.name << c.aliases;
        dashed << c.aliases;
    }
    for (const CliOption &o : CommandTable::globalOptions())
        dashed << o.flags();
    words.sort();
    dashed.sort();
    QTest::newRow("(no command)") << QString() << QString() << words;
    QTest::newRow("(no command) -") << QString() << QStringLiteral("-") << dashed;
}

void TestShellCompletion::bashOffersExactlyTheTablesFlags()
{
    QFETCH(QString, command);
    QFETCH(QString, word);
    QFETCH(QStringList, expected);
    QStringList words{QStringLiteral("throttle")};
    if (!command.isEmpty())
        words << command;
    words << word;
    QCOMPARE(complete(m_throttle, QStringLiteral("_throttle"), words, m_dir.path()), expected);
}

void TestShellCompletion::zshParses()
{
    const QString zsh = QStandardPaths::findExecutable(QStringLiteral("zsh"));
    if (zsh.isEmpty())
        QSKIP("zsh is not installed");
    const QString path = m_dir.filePath(QStringLiteral("_throttle"));
    QVERIFY(writeFile(path, ShellCompletion::zsh()));
    QProcess p;
    p.start(zsh, {QStringLiteral("-n"), path});
    QVERIFY(p.waitForFinished());
    QCOMPARE(QString::fromUtf8(p.readAllStandardError()), QString());
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestShellCompletion)
#include "tst_shellcompletion.moc"
