#include "cli/runcommand.h"

#include "api/apicontext.h"
#include "api/apiserver.h"
#include "cli/archiveinput.h"
#include "cli/clilogsink.h"
#include "cli/runflags.h"
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

#include <QEventLoop>
#include <QJsonObject>
#include <QTimer>
#include <unistd.h>

namespace throttle {

namespace {

QString formatDuration(double seconds)
{
    return QString::number(seconds, 'f', 1) + QLatin1Char('s');
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
    if (!parseRunFlags(QStringLiteral("run"), args, &flags, err, &exitCode))
        return exitCode;
    CliLogSink log(err, flags.verbose, flags.logFormat);
    const std::optional<SummaryMode> summaryMode = RunSummary::resolveMode(flags.noSummary, flags.summaryMode, out, log);
    if (!summaryMode)
        return exitcodes::GenericError;

    RunRequest req;
    ArchiveInput archive;
    if (!archive.open(flags.script, log, &exitCode))
        return exitCode;
    if (!runRequestFromFlags(flags, &req, log, &exitCode) || !archive.apply(&req, log, &exitCode))
        return exitCode;
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
