#include "cli/archivecommand.h"

#include "cli/archiveinput.h"
#include "cli/clilogsink.h"
#include "cli/commandtable.h"
#include "core/exec/preparedrun.h"
#include "core/exitcodes.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace throttle {

namespace {

struct InspectFlags {
    QString file;
    bool requirements = false;
    QMap<QString, QString> env;
    bool includeSystemEnv = false;   // k6 inspect's default
    QString configFile;
    bool noThresholds = false;
    bool verbose = false;
    CliLogSink::Format logFormat = CliLogSink::Format::Text;
};

bool parse(const QStringList &args, InspectFlags *f, QTextStream &out, QTextStream &err, int *exitCode)
{
    const CliCommand &table = *CommandTable::throttleCommand(QStringLiteral("inspect"));
    QCommandLineParser p;
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    CommandTable::addToParser(table.options, &p);
    if (!p.parse(QStringList{QStringLiteral("throttle inspect")} + args)) {
        // As k6: a log line, so the k6-operator's `grep level=error` sees it.
        CliLogSink(err, false, CliLogSink::formatNamed(p.value(QStringLiteral("log-format"))).value_or(CliLogSink::Format::Text))
            .log(LogLevel::Error, p.errorText());
        *exitCode = exitcodes::GenericError;
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out << table.description << "\n\nUsage:\n  throttle inspect [flags] <script|archive>\n\nFlags:\n"
            << CommandTable::flagLines(table.options);
        *exitCode = 0;
        return false;
    }
    f->requirements = p.isSet(QStringLiteral("execution-requirements"));
    for (const QString &e : p.values(QStringLiteral("env"))) {
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        f->env.insert(e.left(eq), eq < 0 ? QString() : e.mid(eq + 1));
    }
    const QString sysEnv = QStringLiteral("include-system-env-vars");
    f->includeSystemEnv = p.isSet(sysEnv) && p.value(sysEnv) != QLatin1String("false");
    f->configFile = p.value(QStringLiteral("config"));
    f->noThresholds = p.isSet(QStringLiteral("no-thresholds"));
    f->verbose = p.isSet(QStringLiteral("verbose"));
    f->logFormat = CliLogSink::formatNamed(p.value(QStringLiteral("log-format"))).value_or(CliLogSink::Format::Text);
    if (p.positionalArguments().size() != 1) {
        CliLogSink(err, false, f->logFormat)
            .log(LogLevel::Error, QStringLiteral("accepts 1 arg(s), received %1").arg(p.positionalArguments().size()));
        *exitCode = exitcodes::GenericError;
        return false;
    }
    f->file = p.positionalArguments().first();
    return true;
}

} // namespace

int inspectCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    InspectFlags flags;
    int exitCode = 0;
    if (!parse(args, &flags, out, err, &exitCode))
        return exitCode;
    CliLogSink log(err, flags.verbose, flags.logFormat);
    RunRequest req;
    req.scriptPath = flags.file;
    req.noThresholds = flags.noThresholds;
    req.optionsPassOnly = !flags.requirements;   // k6: plain inspect neither consolidates nor validates
    const QProcessEnvironment sysEnv = QProcessEnvironment::systemEnvironment();
    for (const QString &k : sysEnv.keys())
        req.systemEnv.insert(k, sysEnv.value(k));
    if (flags.includeSystemEnv)
        req.env.insert(req.systemEnv);
    req.env.insert(flags.env);
    if (!flags.configFile.isEmpty()) {
        QFile cf(flags.configFile);
        if (!cf.open(QIODevice::ReadOnly)) {
            log.log(LogLevel::Error, QStringLiteral("couldn't read config file %1").arg(flags.configFile));
            return exitcodes::GenericError;
        }
        req.configFile = QJsonDocument::fromJson(cf.readAll()).object();
    }
    ArchiveInput input;
    if (!input.open(flags.file, log, &exitCode) || !input.apply(&req, log, &exitCode))
        return exitCode;
    const std::unique_ptr<PreparedRun> p = prepareForArchive(req, log, &exitCode);
    if (!p)
        return exitCode;
    // As k6: Go's json.MarshalIndent (HTML characters escaped), no newline at the end.
    out << QString::fromUtf8(k6OptionsDocument(*p, flags.requirements ? OptionsView::Requirements : OptionsView::Script, 2, true));
    out.flush();
    return 0;
}

} // namespace throttle
