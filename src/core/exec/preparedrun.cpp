#include "core/exec/preparedrun.h"

#include "core/exec/executorfactory.h"
#include "core/exitcodes.h"
#include "core/http/networkpolicy.h"

#include "core/script/optionsconsolidator.h"
#include "core/script/requestratelimiter.h"
#include "core/script/remotecache.h"
#include "core/script/scriptloader.h"
#include "core/script/transpiledtree.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace throttle {

namespace {

void fillContext(ScriptContext &ctx, const Options &o)
{
    ctx.http.userAgent = o.userAgent.toUtf8();
    ctx.http.maxRedirects = int(o.maxRedirects);
    ctx.http.discardResponseBodies = o.discardResponseBodies;
    ctx.http.insecureSkipTLSVerify = o.insecureSkipTLSVerify;
    ctx.http.noConnectionReuse = o.noConnectionReuse;
    ctx.http.noVUConnectionReuse = o.noVUConnectionReuse;
    ctx.http.noCookiesReset = o.noCookiesReset;
    ctx.http.throwErrors = o.throwErrors;
    ctx.http.batch = int(o.batch);
    ctx.http.batchPerHost = int(o.batchPerHost);
    ctx.http.debug = o.httpDebug == QLatin1String("full")      ? HttpDefaults::Debug::Full
                     : o.httpDebug.isEmpty()                   ? HttpDefaults::Debug::Off
                                                               : HttpDefaults::Debug::Headers;
    ctx.rps = o.rps > 0 ? std::make_shared<RequestRateLimiter>(o.rps) : nullptr;
    ctx.minIterationDurationMs = o.minIterationDurationMs.value_or(0);
    ctx.runTags.clear();
    for (auto it = o.tags.cbegin(); it != o.tags.cend(); ++it)
        ctx.runTags.append({it.key(), it.value()});
    ctx.systemTags = SystemTags::fromNames(o.systemTags);
    ctx.optionsJson = QJsonDocument(o.toJson()).toJson(QJsonDocument::Compact);
}

NetworkOptions networkOptions(const Options &o)
{
    NetworkOptions n;
    n.blockHostnames = o.blockHostnames;
    n.blacklistIPs = o.blacklistIPs;
    n.hosts = o.hosts;
    n.tlsVersionMin = o.tlsVersionMin;
    n.tlsVersionMax = o.tlsVersionMax;
    n.tlsCipherSuites = o.tlsCipherSuites;
    n.tlsAuth = o.tlsAuth;
    n.dnsTtlMs = o.dns.ttlMs;
    n.dnsSelect = o.dns.select;
    n.dnsPolicy = o.dns.policy;
    return n;
}

// The run's copy of the scenarios, each carrying this instance's execution segment (validated
// by the consolidation); the options keep the test-wide values.
QList<ScenarioConfig> segmentedScenarios(ScriptContext &ctx, const Options &o)
{
    QList<ScenarioConfig> scenarios = o.scenarios;
    QString error;
    const std::optional<ExecutionTuple> tuple =
        ExecutionTuple::fromOptions(o.executionSegment, o.executionSegmentSequence, &error);
    if (!tuple || !tuple->isSegmented())
        return scenarios;
    ctx.segment = std::make_shared<const ExecutionTuple>(*tuple);
    for (ScenarioConfig &sc : scenarios)
        sc.segment = ctx.segment;
    return scenarios;
}

bool maxVusCeiling(const RunRequest &request, qint64 *out, QString *error)
{
    if (request.maxVusCeiling) {
        *out = *request.maxVusCeiling;
        return true;
    }
    const QString text = request.systemEnv.value(QStringLiteral("THROTTLE_MAX_VUS"));
    if (text.isEmpty()) {
        *out = VuCapacity::kDefaultCeiling;
        return true;
    }
    bool ok = false;
    *out = text.toLongLong(&ok);
    if (!ok || *out < 0) {
        *error = QStringLiteral("invalid THROTTLE_MAX_VUS \"%1\": a VU count (0 = no ceiling) is expected").arg(text);
        return false;
    }
    return true;
}

bool maxMemory(const RunRequest &request, qint64 *out, QString *error)
{
    if (request.maxMemoryBytes) {
        *out = *request.maxMemoryBytes;
        return true;
    }
    const QString text = request.systemEnv.value(QStringLiteral("THROTTLE_MAX_MEMORY"));
    *out = 0;
    if (text.isEmpty())
        return true;
    const std::optional<qint64> bytes = MemoryGuard::parseBytes(text);
    if (!bytes) {
        *error = QStringLiteral("invalid THROTTLE_MAX_MEMORY \"%1\": a size such as 4GiB or 512MB is expected").arg(text);
        return false;
    }
    *out = *bytes;
    return true;
}

} // namespace

std::unique_ptr<PreparedRun> PreparedRun::prepare(const RunRequest &request, LogSink *log, int *exitCode,
                                                  QString *error, QStringList *warnings)
{
    std::unique_ptr<PreparedRun> p(new PreparedRun);
    p->m_metrics = std::make_unique<MetricsEngine>();
    p->m_timeSeries = std::make_unique<TimeSeriesSink>();
    p->m_metrics->addSink(p->m_timeSeries.get());
    p->m_requestStats = std::make_unique<RequestStats>();
    p->m_metrics->addSink(p->m_requestStats.get());
    p->m_errorTap = std::make_unique<IterationErrorTap>(log, p->m_requestStats.get());
    p->m_metrics->addSubmetric(QStringLiteral("http_req_duration"),
                               {{QStringLiteral("expected_response"), QStringLiteral("true")}});
    ScriptContext &ctx = p->m_ctx;
    ctx.entryPath = QFileInfo(request.scriptPath).absoluteFilePath();
    ctx.metrics = p->m_metrics.get();
    ctx.requestStats = p->m_requestStats.get();
    ctx.log = p->m_errorTap.get();
    ctx.env = request.env;
    ctx.cancelLoad = request.cancel;
    ctx.offline = request.offline;
    for (auto it = request.preloadedFiles.cbegin(); it != request.preloadedFiles.cend(); ++it)
        ctx.files->preload(it.key(), it.value());
    if (!request.bundledRemoteModules.isEmpty()) {   // the archive's copies, never the network
        const RemoteCache cache(TranspiledTree::defaultCacheDir() + QStringLiteral("/remote"));
        for (auto it = request.bundledRemoteModules.cbegin(); it != request.bundledRemoteModules.cend(); ++it)
            cache.write(it.key(), {it.key(), it.value()});
        ctx.offline = true;
    }

    const LoadResult loaded = ScriptLoader::load(ctx);   // logs its warnings to ctx.log
    if (!loaded.ok) {
        *exitCode = loaded.exitCode;
        *error = loaded.error;
        return nullptr;
    }
    p->m_transpiled = loaded.transpiled;
    p->m_scriptOptions = request.archiveOptions.value_or(loaded.options);
    p->m_localFiles = loaded.localFiles;
    p->m_remoteModules = loaded.remoteModules;
    if (request.optionsPassOnly)
        return p;
    OptionsResult opts = OptionsConsolidator::consolidate(request.configFile, p->m_scriptOptions, request.systemEnv,
                                                          request.cliOverrides, loaded.functionExports);
    if (warnings)
        *warnings += opts.warnings;
    if (!opts.ok) {
        *exitCode = opts.exitCode;
        *error = opts.error;
        return nullptr;
    }
    p->m_options = opts.options;
    p->m_givenOptions = opts.given;
    for (const ScenarioConfig &sc : std::as_const(p->m_options.scenarios)) {
        if (!ExecutorFactory::isSupported(sc.executor)) {
            *exitCode = exitcodes::InvalidConfig;
            *error = QStringLiteral("scenario %1: the %2 executor is not supported by this version of Throttle")
                         .arg(sc.name, sc.executorName());
            return nullptr;
        }
    }
    fillContext(ctx, p->m_options);
    QString nerr;
    ctx.network = NetworkPolicy::parse(networkOptions(p->m_options), &nerr, warnings);
    if (!ctx.network) {
        *exitCode = exitcodes::InvalidConfig;
        *error = nerr;
        return nullptr;
    }

    if (!request.noThresholds && !p->m_options.thresholds.isEmpty()) {
        QString terr;
        auto set = ThresholdSet::parse(p->m_options.thresholds, *p->m_metrics, &terr);
        if (!set) {
            *exitCode = exitcodes::InvalidConfig;
            *error = terr;
            return nullptr;
        }
        p->m_thresholds = std::make_unique<ThresholdSet>(std::move(*set));
    }

    RunSettings settings;
    if (!maxVusCeiling(request, &settings.maxVusCeiling, error) || !maxMemory(request, &settings.maxMemoryBytes, error)) {
        *exitCode = exitcodes::GenericError;
        return nullptr;
    }
    settings.startPaused = p->m_options.paused;
    settings.strictK6 = request.strictK6;
    settings.noSetup = p->m_options.noSetup;
    settings.noTeardown = p->m_options.noTeardown;
    settings.setupTimeoutMs = p->m_options.setupTimeoutMs;
    settings.teardownTimeoutMs = p->m_options.teardownTimeoutMs;
    p->m_run = std::make_unique<LocalRun>(ctx, segmentedScenarios(ctx, p->m_options), settings);
    p->m_run->setThresholds(p->m_thresholds.get());
    return p;
}

SummaryReport PreparedRun::summaryReport(SummaryOptions so)
{
    so.trendStats = m_options.summaryTrendStats;
    so.timeUnit = m_options.summaryTimeUnit;
    so.elapsedSec = m_run->clock().elapsedSec();
    return SummaryReport::build(m_metrics->snapshot(), m_run->lastEvaluation(), so, m_run->testRunDurationMs(),
                                m_run->setupData());
}

} // namespace throttle
