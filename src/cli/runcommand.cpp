#include "cli/runcommand.h"

#include "api/apicontext.h"
#include "api/apiserver.h"
#include "cli/clilogsink.h"
#include "cli/commandtable.h"
#include "cli/runsignals.h"
#include "cli/runsummary.h"
#include "demo/demotarget.h"
#include "core/exec/preparedrun.h"
#include "core/exitcodes.h"
#include "core/history/historypath.h"
#include "core/history/historyrecorder.h"
#include "core/metrics/metricsengine.h"
#include "core/output/outputsink.h"
#include "core/output/summaryscopesink.h"
#include "core/script/duration.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTimer>
#include <unistd.h>

namespace throttle {

namespace {

struct RunFlags {
    QJsonObject cli;
    QMap<QString, QString> envVars;     // -e KEY=VALUE
    QString configFile;
    QString script;
    bool noSummary = false;       // --no-summary: k6 v1's deprecated alias of --summary-mode=disabled
    QString summaryMode;          // --summary-mode, else THROTTLE_SUMMARY_MODE / K6_SUMMARY_MODE
    bool quiet = false;
    bool verbose = false;   // -v: debug-level logs (console.debug) too, as k6's --verbose
    CliLogSink::Format logFormat = CliLogSink::Format::Text;
    bool demoTarget = false;
    bool includeSystemEnv = true;
    bool noThresholds = false;
    bool offline = false;         // --offline: remote modules from the cache only
    QString address;              // REST API; empty = disabled
    bool addressExplicit = false; // --address given: a bind failure is fatal (106)
    bool linger = false;
    QStringList outputs;          // --out type=argument, in order
    QStringList outputDescriptions;   // for the banner
    QString summaryExport;
    QString history;              // --history (else THROTTLE_HISTORY, HistoryPath)
    bool noHistory = false;       // --no-history
    bool noColor = false;
    bool strictK6 = false;        // --strict-k6 / THROTTLE_STRICT_K6=1: steer exactly as k6
    std::optional<qint64> maxVusCeiling;   // --max-vus-ceiling (else THROTTLE_MAX_VUS, PreparedRun)
    std::optional<qint64> maxMemoryBytes;  // --max-memory (else THROTTLE_MAX_MEMORY, PreparedRun)
    ApiAccessSettings apiAccess = ApiAccessSettings::fromEnvironment();   // --api-token, --api-read-only
};

QString formatDuration(double seconds)
{
    return QString::number(seconds, 'f', 1) + QLatin1Char('s');
}

bool parseFlags(const QStringList &args, RunFlags *f, QTextStream &err, int *exitCode)
{
    QCommandLineParser p;
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    // The flags come from CommandTable (so --help, the man page and the completion list exactly
    // these); each is looked up below by its long name.
    const CliCommand &table = *CommandTable::throttleCommand(QStringLiteral("run"));
    CommandTable::addToParser(table.options, &p);
    p.addPositionalArgument("script", "the script to run");
    const QString vus = QStringLiteral("vus");
    const QString duration = QStringLiteral("duration");
    const QString iterations = QStringLiteral("iterations");
    const QString stage = QStringLiteral("stage");
    const QString env = QStringLiteral("env");
    const QString paused = QStringLiteral("paused");
    const QString config = QStringLiteral("config");
    const QString noSummary = QStringLiteral("no-summary");
    const QString summaryMode = QStringLiteral("summary-mode");
    const QString systemTags = QStringLiteral("system-tags");
    const QString dns = QStringLiteral("dns");
    const QString noSetup = QStringLiteral("no-setup");
    const QString noTeardown = QStringLiteral("no-teardown");
    const QString trendStats = QStringLiteral("summary-trend-stats");
    const QString timeUnit = QStringLiteral("summary-time-unit");
    const QString tag = QStringLiteral("tag");
    const QString userAgent = QStringLiteral("user-agent");
    const QString insecure = QStringLiteral("insecure-skip-tls-verify");
    const QString maxRedirects = QStringLiteral("max-redirects");
    const QString rps = QStringLiteral("rps");
    const QString httpDebug = QStringLiteral("http-debug");
    const QString address = QStringLiteral("address");
    const QString linger = QStringLiteral("linger");
    const QString quiet = QStringLiteral("quiet");
    const QString verbose = QStringLiteral("verbose");
    const QString logFormat = QStringLiteral("log-format");
    const QString noColor = QStringLiteral("no-color");
    const QString throwOpt = QStringLiteral("throw");
    const QString sysEnv = QStringLiteral("include-system-env-vars");
    const QString noThresholds = QStringLiteral("no-thresholds");
    const QString offline = QStringLiteral("offline");
    const QString demo = QStringLiteral("with-demo-target");
    const QString outOpt = QStringLiteral("out");
    const QString summaryExport = QStringLiteral("summary-export");
    const QString segment = QStringLiteral("execution-segment");
    const QString sequence = QStringLiteral("execution-segment-sequence");
    const QString strictK6 = QStringLiteral("strict-k6");
    const QString maxVusCeiling = QStringLiteral("max-vus-ceiling");
    const QString apiToken = QStringLiteral("api-token");
    const QString apiReadOnly = QStringLiteral("api-read-only");
    const QString maxMemory = QStringLiteral("max-memory");
    const QString history = QStringLiteral("history");
    const QString noHistory = QStringLiteral("no-history");
    const QString help = QStringLiteral("help");
    // k6's bare --http-debug means "headers" (its first choice); QCommandLineParser wants a value.
    QStringList argv = args;
    for (QString &a : argv) {
        for (const CliOption &o : table.options)
            if (o.optionalValue && a == o.longFlag())
                a = o.longFlag() + QLatin1Char('=') + o.choices.first();
    }
    if (!p.parse(QStringList{QStringLiteral("throttle run")} + argv)) {
        err << p.errorText() << '\n';
        *exitCode = exitcodes::GenericError;
        return false;
    }
    if (p.isSet(help)) {
        err << p.helpText();
        *exitCode = 0;
        return false;
    }
    const auto intFlag = [&](const QString &o, const char *key, const char *flagName) {
        if (!p.isSet(o))
            return true;
        bool ok = false;
        const qint64 v = p.value(o).toLongLong(&ok);
        if (!ok) {
            err << QStringLiteral("invalid argument \"%1\" for \"%2\" flag: strconv.ParseInt: parsing \"%1\": invalid syntax\n")
                       .arg(p.value(o), QLatin1String(flagName));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->cli.insert(QLatin1String(key), v);
        return true;
    };
    if (!intFlag(vus, "vus", "-u, --vus") || !intFlag(iterations, "iterations", "-i, --iterations") ||
        !intFlag(maxRedirects, "maxRedirects", "--max-redirects") || !intFlag(rps, "rps", "--rps"))
        return false;
    if (p.isSet(maxVusCeiling)) {
        bool ok = false;
        const qint64 v = p.value(maxVusCeiling).toLongLong(&ok);
        if (!ok || v < 0) {
            err << QStringLiteral("invalid argument \"%1\" for \"--max-vus-ceiling\" flag: a VU count (0 = no ceiling) is expected\n")
                       .arg(p.value(maxVusCeiling));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->maxVusCeiling = v;
    }
    if (p.isSet(maxMemory)) {
        const std::optional<qint64> bytes = MemoryGuard::parseBytes(p.value(maxMemory));
        if (!bytes) {
            err << QStringLiteral("invalid argument \"%1\" for \"--max-memory\" flag: a size such as 4GiB or 512MB is expected\n")
                       .arg(p.value(maxMemory));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->maxMemoryBytes = bytes;
    }
    if (p.isSet(duration))
        f->cli.insert(QStringLiteral("duration"), p.value(duration));
    if (p.isSet(httpDebug))
        f->cli.insert(QStringLiteral("httpDebug"), p.value(httpDebug));
    if (p.isSet(stage)) {
        QJsonArray stages;
        for (const QString &s : p.values(stage)) {
            const int colon = s.lastIndexOf(QLatin1Char(':'));
            stages.append(QJsonObject{{"duration", s.left(colon)}, {"target", s.mid(colon + 1).toLongLong()}});
        }
        f->cli.insert(QStringLiteral("stages"), stages);
    }
    if (p.isSet(paused))
        f->cli.insert(QStringLiteral("paused"), true);
    if (p.isSet(noSetup))
        f->cli.insert(QStringLiteral("noSetup"), true);
    if (p.isSet(noTeardown))
        f->cli.insert(QStringLiteral("noTeardown"), true);
    if (p.isSet(trendStats))
        f->cli.insert(QStringLiteral("summaryTrendStats"), QJsonArray::fromStringList(p.value(trendStats).split(QLatin1Char(','))));
    if (p.isSet(timeUnit)) {
        const QString u = p.value(timeUnit);
        if (u != QLatin1String("s") && u != QLatin1String("ms") && u != QLatin1String("us")) {
            err << QStringLiteral("invalid summary time unit '%1', use 's', 'ms' or 'us'\n").arg(u);
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->cli.insert(QStringLiteral("summaryTimeUnit"), u);
    }
    if (p.isSet(tag)) {
        QJsonObject tags;
        for (const QString &t : p.values(tag)) {
            const int eq = t.indexOf(QLatin1Char('='));
            tags.insert(t.left(eq), t.mid(eq + 1));
        }
        f->cli.insert(QStringLiteral("tags"), tags);
    }
    if (p.isSet(segment))
        f->cli.insert(QStringLiteral("executionSegment"), p.value(segment));
    if (p.isSet(sequence))
        f->cli.insert(QStringLiteral("executionSegmentSequence"), p.value(sequence));
    if (p.isSet(userAgent))
        f->cli.insert(QStringLiteral("userAgent"), p.value(userAgent));
    if (p.isSet(insecure))
        f->cli.insert(QStringLiteral("insecureSkipTLSVerify"), true);
    if (p.isSet(throwOpt))
        f->cli.insert(QStringLiteral("throw"), true);
    if (p.isSet(systemTags))   // k6: a comma list; "" = none
        f->cli.insert(QStringLiteral("systemTags"),
                      QJsonArray::fromStringList(p.value(systemTags).split(QLatin1Char(','), Qt::SkipEmptyParts)));
    if (p.isSet(dns)) {   // as K6_DNS: key=value pairs
        QJsonObject settings;
        for (const QString &pair : p.value(dns).split(QLatin1Char(','), Qt::SkipEmptyParts))
            settings.insert(pair.section(QLatin1Char('='), 0, 0).trimmed(), pair.section(QLatin1Char('='), 1).trimmed());
        f->cli.insert(QStringLiteral("dns"), settings);
    }
    for (const QString &e : p.values(env)) {
        const int eq = e.indexOf(QLatin1Char('='));
        f->envVars.insert(e.left(eq), eq < 0 ? QString() : e.mid(eq + 1));
    }
    f->configFile = p.value(config);
    f->noSummary = p.isSet(noSummary);
    f->summaryMode = p.isSet(summaryMode)
        ? p.value(summaryMode)
        : qEnvironmentVariable("THROTTLE_SUMMARY_MODE", qEnvironmentVariable("K6_SUMMARY_MODE"));
    f->quiet = p.isSet(quiet);
    f->verbose = p.isSet(verbose);
    // As k6: a name it does not know leaves the text format.
    f->logFormat = CliLogSink::formatNamed(p.value(logFormat)).value_or(CliLogSink::Format::Text);
    f->demoTarget = p.isSet(demo);
    f->noThresholds = p.isSet(noThresholds);
    f->offline = p.isSet(offline);
    f->linger = p.isSet(linger);
    if (p.isSet(apiToken))
        f->apiAccess.token = p.value(apiToken).toUtf8();
    if (p.isSet(apiReadOnly))
        f->apiAccess.readOnly = true;
    f->outputs = p.values(outOpt);
    f->summaryExport = p.value(summaryExport);
    f->history = p.value(history);
    f->noHistory = p.isSet(noHistory);
    f->noColor = p.isSet(noColor);
    const QString strictEnv = qEnvironmentVariable("THROTTLE_STRICT_K6");
    f->strictK6 = p.isSet(strictK6) || strictEnv == QLatin1String("1") || strictEnv.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    f->addressExplicit = p.isSet(address);
    f->address = f->addressExplicit ? p.value(address)
                                    : qEnvironmentVariable("THROTTLE_ADDRESS", qEnvironmentVariable("K6_ADDRESS", QStringLiteral("localhost:6565")));
    f->includeSystemEnv = p.value(sysEnv) != QLatin1String("false");
    if (p.positionalArguments().isEmpty()) {
        err << "accepts 1 arg(s), received 0\n";
        *exitCode = exitcodes::GenericError;
        return false;
    }
    f->script = p.positionalArguments().first();
    return true;
}

void printBanner(QTextStream &out, const RunFlags &f, const LocalRun &run)
{
    // The run's scenarios carry this instance's execution segment: its share in percent, the
    // VUs it needs, and scaled descriptions, as k6 prints them.
    const int n = int(run.scenarios().size());
    qint64 maxVus = 0;
    double share = 100.0;
    for (const ScenarioConfig &sc : run.scenarios()) {
        maxVus += sc.maxVUs();
        if (sc.segment)
            share = sc.segment->segment().length().toDouble() * 100.0;
    }
    out << "\n  execution: local\n     script: " << f.script << "\n     output: "
        << (f.outputDescriptions.isEmpty() ? QStringLiteral("-") : f.outputDescriptions.join(QStringLiteral(", "))) << "\n\n";
    out << QStringLiteral("  scenarios: (%1%) %2 scenario%3, %4 max VUs, %5 max duration (incl. graceful stop):\n")
               .arg(QString::number(share, 'f', 2)).arg(n).arg(n == 1 ? "" : "s").arg(maxVus).arg(Duration::format(run.maxDurationMs()));
    for (const QString &d : run.scenarioDescriptions())
        out << "           " << d << '\n';
    out << '\n';
    out.flush();
}

QString progressLine(const LocalRun &run, MetricsEngine &metrics, qint64 *lastReqs, QElapsedTimer *rateTimer)
{
    const RunStatus s = run.status();
    const MetricsSnapshot snap = metrics.snapshot();
    qint64 reqs = 0, failed = 0;
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_reqs")))
        reqs = qint64(m->aggregate.count());
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_req_failed")))
        failed = qint64(m->aggregate.passes());
    const double dt = double(rateTimer->restart()) / 1000.0;
    const double rps = dt > 0 ? double(reqs - *lastReqs) / dt : 0.0;
    *lastReqs = reqs;
    const QString state = s.paused ? QStringLiteral("paused") : QStringLiteral("running");
    const qint64 total = run.maxDurationMs();
    return QStringLiteral("%1 (%2/%3), %4/%5 VUs, %6 complete and %7 interrupted iterations, %8 req/s, %9 failed requests")
        .arg(state, formatDuration(run.clock().elapsedSec()),
             total > 0 ? Duration::format(total) : QStringLiteral("∞"))
        .arg(s.vus).arg(s.vusMax)
        .arg(run.iterationsCompleted()).arg(run.iterationsInterrupted())
        .arg(QString::number(rps, 'f', 0)).arg(failed);
}

// The REST API for this run (control-api.md §1.1): up after the script was loaded, before VU init.
// A bind failure is fatal (*fatal, exit 106) only for an explicit --address, as in k6.
std::unique_ptr<ApiServer> startApi(const RunFlags &f, PreparedRun &p, CliLogSink &log, bool *fatal)
{
    if (f.address.isEmpty())
        return nullptr;
    auto api = std::make_unique<ApiServer>(ApiContext::forRun(p));
    api->setAccess(f.apiAccess);
    QString error;
    if (api->start(f.address, &error))
        return api;
    *fatal = f.addressExplicit;
    log.log(f.addressExplicit ? LogLevel::Error : LogLevel::Warning, QStringLiteral("Error from API server"),
            {{QStringLiteral("error"), error}});
    return nullptr;
}

// The run history (HistoryPath): a database that cannot be opened is a warning, not a failure.
std::unique_ptr<HistoryRecorder> startHistory(const RunFlags &f, PreparedRun &p, CliLogSink &log)
{
    const QString path = HistoryPath::resolve(f.history, f.noHistory);
    if (path.isEmpty())
        return nullptr;
    QString why;
    std::unique_ptr<HistoryRecorder> r = HistoryRecorder::start(path, {f.script, QStringLiteral("cli")}, p, &why);
    if (!r)
        log.log(LogLevel::Warning, QStringLiteral("the run is not recorded in the run history"),
                {{QStringLiteral("history"), path}, {QStringLiteral("error"), why}});
    return r;
}

// --linger: the API stays up in the final state until the next SIGINT/SIGTERM.
void lingerUntilSignal(const RunSignals &runSignals)
{
    const int seen = runSignals.count();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (runSignals.count() > seen)
            loop.quit();
    });
    poll.start(100);
    loop.exec();
}

} // namespace

int runCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    RunFlags flags;
    int exitCode = 0;
    if (!parseFlags(args, &flags, err, &exitCode))
        return exitCode;
    CliLogSink log(err, flags.verbose, flags.logFormat);
    const std::optional<SummaryMode> summaryMode = RunSummary::resolveMode(flags.noSummary, flags.summaryMode, out, log);
    if (!summaryMode)
        return exitcodes::GenericError;

    RunRequest req;
    req.scriptPath = flags.script;
    req.cliOverrides = flags.cli;
    req.noThresholds = flags.noThresholds;
    req.offline = flags.offline;
    req.strictK6 = flags.strictK6;
    req.maxVusCeiling = flags.maxVusCeiling;
    req.maxMemoryBytes = flags.maxMemoryBytes;
    const QProcessEnvironment sysEnv = QProcessEnvironment::systemEnvironment();
    for (const QString &k : sysEnv.keys())
        req.systemEnv.insert(k, sysEnv.value(k));
    if (flags.includeSystemEnv)
        req.env = req.systemEnv;
    for (auto it = flags.envVars.cbegin(); it != flags.envVars.cend(); ++it)
        req.env.insert(it.key(), it.value());
    if (!flags.configFile.isEmpty()) {
        QFile cf(flags.configFile);
        if (!cf.open(QIODevice::ReadOnly)) {
            log.log(LogLevel::Error, QStringLiteral("couldn't read config file %1").arg(flags.configFile));
            return exitcodes::GenericError;
        }
        req.configFile = QJsonDocument::fromJson(cf.readAll()).object();
    }
    std::unique_ptr<DemoTarget> demo;
    if (flags.demoTarget) {
        demo = std::make_unique<DemoTarget>();
        if (!demo->start()) {
            log.log(LogLevel::Error, QStringLiteral("could not start the demo target: %1").arg(demo->errorString()));
            return exitcodes::GenericError;
        }
        if (!req.env.contains(QStringLiteral("BASE_URL")))
            req.env.insert(QStringLiteral("BASE_URL"), demo->baseUrl());
        log.log(LogLevel::Info, QStringLiteral("demo target serving at %1").arg(demo->baseUrl()));
    }

    QString error;
    QStringList warnings;
    RunSignals runSignals;
    std::unique_ptr<HistoryRecorder> history;   // declared before the run: outlives its engine
    runSignals.watchWhileLoading(&log);   // the options pass may be stuck in the script's init code
    std::unique_ptr<PreparedRun> prepared = PreparedRun::prepare(req, &log, &exitCode, &error, &warnings);
    runSignals.stopWatching();
    for (const QString &w : std::as_const(warnings))
        log.log(LogLevel::Warning, w);
    if (!prepared) {
        log.log(LogLevel::Error, error,
                exitCode == exitcodes::ScriptException ? LogFields{{QStringLiteral("hint"), QStringLiteral("script exception")}} : LogFields{});
        return exitCode;
    }
    const Options &o = prepared->options();
    LocalRun &run = prepared->run();
    MetricsEngine &metrics = prepared->metrics();
    std::vector<std::unique_ptr<OutputSink>> outputs;   // fed by collect() on the run thread
    for (const QString &spec : std::as_const(flags.outputs)) {
        const OutputSink::Params params{&out, flags.noThresholds ? QJsonObject() : o.thresholds};
        std::unique_ptr<OutputSink> sink = OutputSink::create(spec, params, &error);
        if (!sink) {
            log.log(LogLevel::Error, error);
            return exitcodes::GenericError;
        }
        metrics.addSink(sink.get());
        flags.outputDescriptions << sink->description();
        outputs.push_back(std::move(sink));
    }
    // k6 v1's summary lists checks by name and, in full mode, per group and scenario.
    SummaryScopeSink scopes(*summaryMode == SummaryMode::Full);
    if (*summaryMode == SummaryMode::Compact || *summaryMode == SummaryMode::Full)
        metrics.addSink(&scopes);
    if (!flags.quiet)   // as k6: -q leaves out the execution description too
        printBanner(out, flags, run);

    bool apiFatal = false;
    std::unique_ptr<ApiServer> api = startApi(flags, *prepared, log, &apiFatal);
    if (apiFatal)
        return exitcodes::CannotStartRESTAPI;
    history = startHistory(flags, *prepared, log);   // only a run that starts is recorded

    QEventLoop loop;
    QObject::connect(&run, &LocalRun::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    const bool tty = isatty(STDERR_FILENO);
    qint64 lastReqs = 0;
    QElapsedTimer rateTimer;
    QTimer ticker;
    int ticks = 0;
    QObject::connect(&ticker, &QTimer::timeout, &loop, [&] {
        if (runSignals.count() == 1 && !run.status().stopped) {
            run.abortBySignal(RunSignals::name());
        } else if (runSignals.count() >= 2) {
            std::_Exit(exitcodes::ExternalAbort);   // a second signal exits at once, as k6 does
        }
        if (++ticks % 10 == 0 && !flags.quiet)
            log.printProgress(progressLine(run, metrics, &lastReqs, &rateTimer), tty);
    });
    ticker.start(100);
    rateTimer.start();
    run.start();
    if (!run.isFinished())
        loop.exec();
    run.waitFinished();
    ticker.stop();
    if (api && flags.linger)
        lingerUntilSignal(runSignals);
    if (api)
        api->close();   // before the summary (control-api.md §1.1)
    if (!flags.quiet) {
        log.printProgress(progressLine(run, metrics, &lastReqs, &rateTimer), tty);
        log.setProgressActive(false);
    }
    metrics.collect();
    if (run.iterationsCompleted() == 0 && run.exitCode() == 0)
        log.log(LogLevel::Warning, QStringLiteral("No script iterations fully finished, consider making the test duration longer"));
    for (const auto &sink : outputs) {
        QString why;
        if (!sink->close(&why))
            log.log(LogLevel::Error, QStringLiteral("%1: %2").arg(sink->description(), why));
    }
    if (history)
        history->finish(run.exitCode(), *prepared);
    RunSummary::print({*summaryMode, flags.summaryExport, flags.noColor}, *prepared, scopes, out, err, log);
    return run.exitCode();
}

} // namespace throttle
