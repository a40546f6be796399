#include "cli/historycommand.h"

#include "cli/commandtable.h"
#include "cli/historytable.h"
#include "core/exitcodes.h"
#include "core/history/historypath.h"
#include "core/history/runhistory.h"
#include "core/history/stagesexport.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <optional>

namespace throttle {

namespace {

struct Parsed {
    QCommandLineParser parser;
    QString path;   // the database
    bool json = false;
};

// Parses a history/compare command line; nullopt-like false with the exit code set.
bool parse(const QString &command, const QStringList &args, Parsed *p, QTextStream &out, QTextStream &err, int *exitCode)
{
    const CliCommand &table = *CommandTable::throttleCommand(command);
    CommandTable::addToParser(table.options, &p->parser);
    if (!p->parser.parse(QStringList{QStringLiteral("throttle ") + command} + args)) {
        err << p->parser.errorText() << '\n';
        *exitCode = exitcodes::GenericError;
        return false;
    }
    if (p->parser.isSet(QStringLiteral("help"))) {
        out << p->parser.helpText();
        *exitCode = 0;
        return false;
    }
    const QString format = p->parser.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json")) {
        err << QStringLiteral("invalid format \"%1\": text or json\n").arg(format);
        *exitCode = exitcodes::GenericError;
        return false;
    }
    p->json = format == QLatin1String("json");
    const QString flag = p->parser.value(QStringLiteral("history"));
    p->path = HistoryPath::resolve(flag, false);
    if (p->path.isEmpty())   // THROTTLE_NO_HISTORY turns recording off, not reading
        p->path = qEnvironmentVariable("THROTTLE_HISTORY", HistoryPath::defaultPath());
    return true;
}

std::optional<qint64> runIdOf(const QString &text, QTextStream &err)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (ok && id > 0)
        return id;
    err << QStringLiteral("invalid run id \"%1\": a number from `throttle history` is expected\n").arg(text);
    return std::nullopt;
}

bool openHistory(RunHistory &db, const QString &path, QTextStream &err)
{
    QString why;
    if (db.open(path, &why))
        return true;
    err << QStringLiteral("cannot open the run history %1: %2\n").arg(path, why);
    return false;
}

std::optional<HistoryRun> findRun(RunHistory &db, qint64 id, QTextStream &err)
{
    std::optional<HistoryRun> run = db.run(id);
    if (!run)
        err << QStringLiteral("there is no run %1 in the run history %2\n").arg(id).arg(db.path());
    return run;
}

int list(RunHistory &db, const Parsed &p, QTextStream &out)
{
    const QList<HistoryRun> runs = db.runs(p.parser.value(QStringLiteral("script")));
    if (p.json) {
        QJsonArray a;
        for (const HistoryRun &r : runs)
            a.append(HistoryTable::runJson(r));
        out << (a.isEmpty() ? QByteArray("[]\n") : QJsonDocument(a).toJson(QJsonDocument::Indented));
        return 0;
    }
    out << HistoryTable::runsText(runs, db.path(), p.parser.value(QStringLiteral("script")));
    return 0;
}

}   // namespace

int historyCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Parsed p;
    int exitCode = 0;
    if (!parse(QStringLiteral("history"), args, &p, out, err, &exitCode))
        return exitCode;
    if (const qsizetype n = p.parser.positionalArguments().size(); n > 0) {
        err << QStringLiteral("accepts 0 arg(s), received %1 (a run is named with --stages or --delete)\n").arg(n);
        return exitcodes::GenericError;
    }
    const QString stages = p.parser.value(QStringLiteral("stages"));
    const QString del = p.parser.value(QStringLiteral("delete"));
    if (!QFileInfo::exists(p.path) && stages.isEmpty() && del.isEmpty()) {   // nothing recorded yet: create nothing
        if (p.json)
            out << "[]\n";
        else
            out << QStringLiteral("No runs recorded yet in %1\n").arg(p.path);
        return 0;
    }
    RunHistory db;
    if (!openHistory(db, p.path, err))
        return exitcodes::GenericError;
    if (!del.isEmpty()) {
        const std::optional<qint64> id = runIdOf(del, err);
        if (!id || !findRun(db, *id, err))
            return exitcodes::GenericError;
        if (!db.deleteRun(*id)) {
            err << QStringLiteral("cannot delete run %1: %2\n").arg(*id).arg(db.lastError());
            return exitcodes::GenericError;
        }
        out << QStringLiteral("Deleted run %1\n").arg(*id);
        return 0;
    }
    if (!stages.isEmpty()) {
        const std::optional<qint64> id = runIdOf(stages, err);
        if (!id)
            return exitcodes::GenericError;
        const std::optional<HistoryRun> run = findRun(db, *id, err);
        if (!run)
            return exitcodes::GenericError;
        const ReplaySchedule schedule = StagesExport::build(*run, db.seconds(*id), db.steering(*id));
        out << StagesExport::toJs(*run, schedule);
        return 0;
    }
    return list(db, p, out);
}

int compareCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    Parsed p;
    int exitCode = 0;
    if (!parse(QStringLiteral("compare"), args, &p, out, err, &exitCode))
        return exitCode;
    const QStringList ids = p.parser.positionalArguments();
    if (ids.size() != 2) {
        err << QStringLiteral("accepts 2 arg(s), received %1\n").arg(ids.size());
        return exitcodes::GenericError;
    }
    const std::optional<qint64> a = runIdOf(ids.at(0), err);
    const std::optional<qint64> b = a ? runIdOf(ids.at(1), err) : std::nullopt;
    if (!a || !b)
        return exitcodes::GenericError;
    RunHistory db;
    if (!openHistory(db, p.path, err))
        return exitcodes::GenericError;
    const std::optional<HistoryRun> runA = findRun(db, *a, err);
    const std::optional<HistoryRun> runB = runA ? findRun(db, *b, err) : std::nullopt;
    if (!runA || !runB)
        return exitcodes::GenericError;
    for (const HistoryRun *r : {&*runA, &*runB}) {
        if (r->summaryJson.isEmpty()) {
            err << QStringLiteral("run %1 has no end-of-test summary: it did not finish\n").arg(r->id);
            return exitcodes::GenericError;
        }
    }
    const RunComparison c = RunComparison::of(*runA, *runB);
    if (p.json)
        out << QJsonDocument(HistoryTable::comparisonJson(*runA, *runB, c)).toJson(QJsonDocument::Indented);
    else
        out << HistoryTable::comparisonText(*runA, *runB, c);
    return 0;
}

}   // namespace throttle
