#include "cli/archivecommand.h"

#include "cli/archiveinput.h"
#include "cli/clilogsink.h"
#include "cli/runflags.h"
#include "core/archive/executionrequirements.h"
#include "core/archive/k6archive.h"
#include "core/archive/k6optionsjson.h"
#include "core/exec/preparedrun.h"
#include "core/exitcodes.h"
#include "core/k6reference.h"
#include "core/output/jsonwriter.h"
#include "core/script/duration.h"
#include "core/script/optionsparser.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUrl>

namespace throttle {

namespace {

QString fileUrl(const QString &path)
{
    return QUrl::fromLocalFile(path).toString();
}

// Everything the options pass read: the entry script and its local modules, the files open()
// read, the remote modules; under the paths they had where the archive is made.
void collectFiles(const PreparedRun &p, const ArchiveInput &input, K6Archive *a)
{
    for (const QString &path : p.localFiles()) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            a->files.insert(fileUrl(input.originalPath(path)), f.readAll());
    }
    const QHash<QString, QByteArray> opened = p.context().files->contents();
    for (auto it = opened.cbegin(); it != opened.cend(); ++it)
        a->files.insert(fileUrl(input.originalPath(it.key())), it.value());
    for (auto it = p.remoteModules().cbegin(); it != p.remoteModules().cend(); ++it)
        a->files.insert(it.key(), it.value().toUtf8());
}

} // namespace

QByteArray k6OptionsDocument(const PreparedRun &p, OptionsView view, int indent, bool escapeHtml)
{
    JsonWriter w(indent);
    w.setEscapeHtml(escapeHtml);
    w.beginObject();
    if (view == OptionsView::Script) {
        // `k6 inspect` alone: the script's (or archive's) options as given, parsed key by key.
        const QJsonObject given = p.scriptOptions();
        const OptionsParser::Result parsed = OptionsParser::parse(given);
        K6OptionsJson::writeMembers(w, {given, parsed.ok ? parsed.options : Options(), false, false});
    } else {
        const bool requirements = view == OptionsView::Requirements;
        K6OptionsJson::writeMembers(w, {p.givenOptions(), p.options(), requirements, true});
    }
    if (view == OptionsView::Requirements) {
        const ExecutionRequirements r = ExecutionRequirements::of(p.options().scenarios);
        w.key(QStringLiteral("totalDuration"));
        w.value(Duration::format(r.totalDurationMs));
        w.key(QStringLiteral("maxVUs"));
        w.value(double(r.maxVUs));
    }
    w.endObject();
    return w.text();
}

std::unique_ptr<PreparedRun> prepareForArchive(const RunRequest &req, CliLogSink &log, int *exitCode)
{
    QString error;
    QStringList warnings;
    std::unique_ptr<PreparedRun> p = PreparedRun::prepare(req, &log, exitCode, &error, &warnings);
    for (const QString &w : std::as_const(warnings))
        log.log(LogLevel::Warning, w);
    if (!p)
        log.log(LogLevel::Error, error,
                *exitCode == exitcodes::ScriptException ? LogFields{{QStringLiteral("hint"), QStringLiteral("script exception")}} : LogFields{});
    return p;
}

int archiveCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    RunFlags flags;
    int exitCode = 0;
    if (!parseRunFlags(QStringLiteral("archive"), args, &flags, err, &exitCode))
        return exitCode;
    CliLogSink log(err, flags.verbose, flags.logFormat);
    RunRequest req;
    ArchiveInput input;
    if (!input.open(flags.script, log, &exitCode) || !runRequestFromFlags(flags, &req, log, &exitCode) ||
        !input.apply(&req, log, &exitCode))
        return exitCode;
    const std::unique_ptr<PreparedRun> p = prepareForArchive(req, log, &exitCode);
    if (!p)
        return exitCode;

    K6Archive a;
    const QString entry = input.originalPath(QFileInfo(req.scriptPath).absoluteFilePath());
    a.filename = fileUrl(entry);
    a.pwd = fileUrl(QFileInfo(entry).absolutePath());
    a.optionsJson = k6OptionsDocument(*p, OptionsView::Consolidated, 0, false);
    if (!flags.excludeEnvVars)
        a.env = req.env;
    a.k6version = QString::fromLatin1(k6reference::kArchiveVersion);
    a.mtime = QDateTime::currentSecsSinceEpoch();
    collectFiles(*p, input, &a);
    a.data = a.files.value(a.filename);
    const QByteArray tar = a.toTar();
    if (flags.archiveOut == QLatin1String("-")) {
        out.flush();
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly) || stdoutFile.write(tar) != tar.size()) {
            log.log(LogLevel::Error, QStringLiteral("cannot write the archive to stdout: %1").arg(stdoutFile.errorString()));
            return exitcodes::GenericError;
        }
        return 0;
    }
    QSaveFile file(flags.archiveOut);
    if (!file.open(QIODevice::WriteOnly) || file.write(tar) != tar.size() || !file.commit()) {
        log.log(LogLevel::Error, QStringLiteral("open %1: %2").arg(flags.archiveOut, file.errorString()));
        return exitcodes::GenericError;
    }
    return 0;
}

} // namespace throttle
