#pragma once
// The one description of Throttle's command lines: every subcommand of `throttle`, every flag
// each one accepts, and the flags of `throttle-desktop`. The parsers are built from it
// (runcommand.cpp, controlcommands.cpp, cli.cpp, src/app/main.cpp) and so are `--help`, the man
// pages and the shell completion (ManPage, ShellCompletion), so none of them can drift from what
// is accepted. Plain constant data; any thread.

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace throttle {

struct CliOption {
    // What a value is, for completion: a file name, one of `choices`, or free text.
    enum class Value { None, Text, File };
    // Options QCommandLineParser adds itself (addHelpOption, addVersionOption).
    enum class Role { Normal, QtHelp, QtHelpAll, QtVersion };

    QStringList names;           // {"u", "vus"}: one letter = short flag (-u), longer = --vus
    QString valueName;           // empty: a boolean flag
    QString description;
    QString defaultValue = {};
    Value value = Value::None;
    QStringList choices = {};    // the accepted values, when they are few
    bool repeatable = false;     // may be given more than once (-e A=1 -e B=2)
    bool optionalValue = false;  // --http-debug alone means --http-debug=headers
    Role role = Role::Normal;

    QString shortFlag() const;   // "-u" or empty
    QString longFlag() const;    // "--vus" or empty
    QStringList flags() const;   // {"-u", "--vus"}
    bool takesValue() const { return !valueName.isEmpty(); }
};

struct CliCommand {
    QString name;                // "run"; for throttle-desktop the program name
    QString arguments;           // "<script>" or empty
    QString summary;             // one line, for the usage and the man page
    QString description;         // a paragraph for the man page
    QList<CliOption> options;
    bool scriptArgument = false; // its positional argument is a test script (completion offers .js/.ts)
    bool globalFlags = false;    // also takes CommandTable::globalOptions() (the REST client commands)
    QStringList aliases = {};    // other spellings of the command: {"-h", "--help"} for help

    const CliOption *find(const QString &flag) const;   // exactly "-u" or "--vus", or the name "vus"
};

class CommandTable
{
public:
    static const QList<CliCommand> &throttleCommands();   // run, status, ..., version, help
    static const CliCommand *throttleCommand(const QString &name);
    // k6's persistent flags: accepted by the REST client commands, and before any subcommand.
    static const QList<CliOption> &globalOptions();
    static const CliCommand &desktop();

    // A QCommandLineParser option for each row; QtHelp/QtVersion rows become addHelpOption() /
    // addVersionOption(), so Qt's own handling (and --help-all) stays.
    static void addToParser(const QList<CliOption> &options, QCommandLineParser *parser);
    // "  -u, --vus n     number of virtual users" lines, aligned, cobra style.
    static QString flagLines(const QList<CliOption> &options);
    // The top-level `throttle --help` text.
    static QString usage();
};

} // namespace throttle
