#include "core/script/vuruntime.h"

#include "core/metrics/requeststats.h"

#include "core/http/cookiejar.h"
#include "core/http/curltransport.h"
#include "core/metrics/metricsengine.h"
#include "core/metrics/tagcache.h"
#include "core/script/k6codec.h"
#include "core/script/k6data.h"
#include "core/script/logsink.h"
#include "core/script/polyfills.h"
#include "core/script/stacknames.h"
#include "core/script/compilernoise.h"
#include "core/script/compiledunits.h"
#include "core/script/vueventloop.h"
#include "core/script/vunative.h"

#include <QFile>
#include <QRegularExpression>
#include <QJSEngine>
#include <QJsonDocument>
#include <utility>

namespace throttle {

namespace {

const QString &bootstrapSource()
{
    static const QString src = [] {
        QFile f(QStringLiteral(":/throttle/k6/bootstrap.js"));
        f.open(QIODevice::ReadOnly);
        return QString::fromUtf8(f.readAll());
    }();
    return src;
}

struct BuiltinModule {
    const char *name;
    const char *resource;
};
// Compiled ahead of time by qmlcachegen (script.cmake): importing them maps bytecode instead of
// parsing and compiling the source in every VU engine.
constexpr BuiltinModule kModules[] = {
    {"k6", ":/qt/qml/Throttle/K6/k6.mjs"},
    {"k6/http", ":/qt/qml/Throttle/K6/http.mjs"},
    {"k6/metrics", ":/qt/qml/Throttle/K6/metrics.mjs"},
    {"k6/execution", ":/qt/qml/Throttle/K6/execution.mjs"},
    {"k6/encoding", ":/qt/qml/Throttle/K6/encoding.mjs"},
    {"k6/crypto", ":/qt/qml/Throttle/K6/crypto.mjs"},
    {"k6/data", ":/qt/qml/Throttle/K6/data.mjs"},
    {"k6/html", ":/qt/qml/Throttle/K6/html.mjs"},
};

} // namespace

VuRuntime::VuRuntime(const ScriptContext &ctx, int vuId, RuntimeKind kind, RunHooks *hooks)
    : m_ctx(ctx), m_vuId(vuId), m_kind(kind), m_hooks(hooks)
{
    // Made here, not in init(): interrupt() may reach the init code from another thread as soon
    // as the runtime exists (a stop or a signal during a slow or endless VU init, LoadCancel during
    // the options pass), and must never race with their creation.
    m_engine = std::make_unique<QJSEngine>();
    m_native = std::make_unique<VuNative>(*this);
    m_loop = std::make_unique<VuEventLoop>(m_interrupted, [this](QDeadlineTimer d) { m_native->waitInterruptibly(d); });
    m_tagCache = std::make_unique<TagCache>(*m_ctx.metrics);
    if (m_kind == RuntimeKind::Vu || m_kind == RuntimeKind::Pseudo) {
        m_transport = std::make_unique<CurlTransport>(m_ctx.network);
        m_jar = std::make_unique<CookieJar>();
    }
}

VuRuntime::~VuRuntime()
{
    // The engine references m_native (as a QObject wrapper): destroy the engine first.
    m_module = QJSValue();
    m_callHelper = QJSValue();
    m_describe = QJSValue();
    m_settle = QJSValue();
    m_fireTimer = QJSValue();
    m_takeJobs = QJSValue();
    m_timerError = QJSValue();
    m_execFn = QJSValue();
    m_setupData = QJSValue();
    m_envObject = QJSValue();
    if (m_native)
        m_native->releaseEngineValues();
    m_engine.reset();
    m_loop.reset();
}

bool VuRuntime::init(QString *error, bool *syntaxError)
{
    if (syntaxError)
        *syntaxError = false;
    installGlobals();
    if (!registerBuiltinModules(error))
        return false;

    {
        CompilerNoise quiet;   // esbuild's helpers make Qt's compiler warn; k6 users never see that
        // The run's modules, compiled once: this engine instantiates them instead of compiling.
        if (m_ctx.compiledUnits)
            m_ctx.compiledUnits->offerTo(*m_engine);
        m_module = m_engine->importModule(m_ctx.importPath);
    }
    QJSValue err;
    if (m_engine->hasError())
        err = m_engine->catchError();
    else if (m_module.isError())
        err = m_module;
    if (!err.isUndefined()) {
        if (syntaxError)
            *syntaxError = err.property(QStringLiteral("name")).toString() == QLatin1String("SyntaxError");
        *error = describeError(err);
        return false;
    }
    // As in k6, the init context's event loop runs to the end: its promise jobs and timers.
    if (m_takeJobs.call().toBool() || !m_loop->timers().isEmpty()) {
        bool interrupted = false;
        if (!drainEventLoop(error, &interrupted))
            return false;
    }
    m_native->inInit = false;
    m_native->clearRequireCache();   // require() is init-only
    return true;
}

void VuRuntime::installGlobals()
{
    QJSValue g = m_engine->globalObject();
    g.setProperty(QStringLiteral("__throttle"), m_engine->newQObject(m_native.get()));
    // newQObject would take ownership of a parentless QObject: keep ours.
    QJSEngine::setObjectOwnership(m_native.get(), QJSEngine::CppOwnership);
    m_codec = std::make_unique<K6Codec>(*m_engine);
    g.setProperty(QStringLiteral("__throttleCodec"), m_engine->newQObject(m_codec.get()));
    QJSEngine::setObjectOwnership(m_codec.get(), QJSEngine::CppOwnership);
    m_data = std::make_unique<K6Data>(*m_engine, *m_ctx.sharedArrays, m_native->inInit);
    g.setProperty(QStringLiteral("__throttleData"), m_engine->newQObject(m_data.get()));
    QJSEngine::setObjectOwnership(m_data.get(), QJSEngine::CppOwnership);
    g.setProperty(QStringLiteral("__VU"), m_vuId);
    m_envObject = m_engine->newObject();
    for (auto it = m_ctx.env.cbegin(); it != m_ctx.env.cend(); ++it)
        m_envObject.setProperty(it.key(), it.value());
    g.setProperty(QStringLiteral("__ENV"), m_envObject);
    Polyfills::install(*m_engine);
    m_engine->evaluate(bootstrapSource(), QStringLiteral("bootstrap.js"));
    m_callHelper = g.property(QStringLiteral("__throttleCall"));
    m_describe = g.property(QStringLiteral("__throttleDescribe"));
    m_settle = g.property(QStringLiteral("__throttleSettle"));
    m_fireTimer = g.property(QStringLiteral("__throttleFireTimer"));
    m_takeJobs = g.property(QStringLiteral("__throttleTakeJobs"));
}

int VuRuntime::publishCompiledUnits()
{
    return m_ctx.compiledUnits ? m_ctx.compiledUnits->harvest(*m_engine, m_ctx.importPath) : 0;
}

int VuRuntime::modulesCompiledHere() const
{
    return m_ctx.compiledUnits ? m_ctx.compiledUnits->compiledBy(*m_engine) : -1;
}

QStringList VuRuntime::builtinModuleNames()
{
    QStringList names;
    for (const auto &m : kModules)
        names << QString::fromLatin1(m.name);
    return names;
}

QString VuRuntime::builtinModuleResource(const QString &name)
{
    for (const auto &m : kModules) {
        if (name == QLatin1String(m.name))
            return QString::fromLatin1(m.resource);
    }
    return {};
}

bool VuRuntime::registerBuiltinModules(QString *error)
{
    for (const auto &m : kModules) {
        if (!m_ctx.builtinModules.isEmpty() && !m_ctx.builtinModules.contains(QLatin1String(m.name)))
            continue;
        QJSValue ns = m_engine->importModule(QString::fromLatin1(m.resource));
        if (m_engine->hasError() || ns.isError()) {
            const QJSValue e = m_engine->hasError() ? m_engine->catchError() : ns;
            *error = QStringLiteral("internal error loading %1: %2").arg(QLatin1String(m.name), describeError(e));
            return false;
        }
        m_engine->registerModule(QString::fromLatin1(m.name), ns);
    }
    return true;
}

QString VuRuntime::describeError(const QJSValue &error) const
{
    if (!error.isError())
        return m_ctx.unmirror(error.toString());
    QString text = error.toString();
    const QString stack = error.property(QStringLiteral("stack")).toString();
    if (stack.isEmpty()) {
        const QString file = error.property(QStringLiteral("fileName")).toString();
        const int line = error.property(QStringLiteral("lineNumber")).toInt();
        if (!file.isEmpty())
            text += QStringLiteral("\n\tat %1:%2").arg(file).arg(line);
        return m_ctx.unmirror(text);
    }
    // V4 stacks read "fn@file:line"; show them as k6 does: "\tat fn (file:line:column)", with
    // transpiled locations mapped back to the user's file. Frames of bootstrap.js (Throttle's
    // own call wrapper) and V4's "[elided tail calls]" marker are left out, and so are frames
    // inside esbuild's helpers (lines with no source) and inside the built-in modules
    // ("request (http.mjs:129)": a file the user cannot open; k6 shows its Go frames as native)
    // when the stack has others.
    QStringList frames;
    QStringList helpers;
    for (const QString &frame : stack.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const int at = frame.indexOf(QLatin1Char('@'));
        const QString rawLoc = frame.mid(at + 1);
        if (rawLoc.startsWith(QLatin1String("file:bootstrap.js")) || rawLoc.startsWith(QLatin1String("bootstrap.js"))
            || frame.startsWith(QLatin1String("[elided tail calls]")))
            continue;
        const QString loc = m_ctx.unmirror(rawLoc);
        // "%entry" is V4's name for a module's top level; k6 shows such frames without a name.
        const QString name = frame.left(qMax(at, 0));
        const QString fn = name == QLatin1String("%entry") ? QString() : StackNames::original(name, loc);
        static const QRegularExpression lineAtEnd(QStringLiteral(":\\d+$"));
        const bool builtin = !loc.startsWith(QLatin1String("file:///")) && !loc.startsWith(QLatin1String("http://"))
                             && !loc.startsWith(QLatin1String("https://"));
        const bool helper = builtin || (m_ctx.sourceMaps && rawLoc.contains(m_ctx.mirrorRoot) && !loc.contains(lineAtEnd));
        (helper ? helpers : frames) << (fn.isEmpty() ? QStringLiteral("\n\tat %1").arg(loc)
                                                     : QStringLiteral("\n\tat %1 (%2)").arg(fn, loc));
    }
    return text + (frames.isEmpty() ? helpers : frames).join(QString());
}

QStringList VuRuntime::exports() const
{
    QJSValue keys = m_engine->evaluate(QStringLiteral("(function(o){return Object.keys(o)})")).call({m_module});
    QStringList out;
    const int n = keys.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n; ++i)
        out.append(keys.property(quint32(i)).toString());
    return out;
}

bool VuRuntime::isFunctionExport(const QString &name) const
{
    return m_module.property(name).isCallable();
}

bool VuRuntime::exportedOptions(QJsonObject *options, QString *error) const
{
    const QJSValue opts = m_module.property(QStringLiteral("options"));
    if (opts.isUndefined() || opts.isNull()) {
        *options = QJsonObject();
        return true;
    }
    // k6 round-trips options through JSON; a function anywhere is fatal.
    const QJSValue res = m_engine->evaluate(QStringLiteral(
        "(function(o){var bad=null;var s=JSON.stringify(o,function(k,v){if(typeof v==='function'&&bad===null)"
        "bad=k;return v;});return {json:s,bad:bad};})")).call({opts});
    if (!res.property(QStringLiteral("bad")).isNull()) {
        *error = QStringLiteral("error parsing script options: json: unsupported type: func(goja.FunctionCall) goja.Value");
        return false;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(res.property(QStringLiteral("json")).toString().toUtf8());
    *options = doc.object();
    return true;
}

void VuRuntime::bind(const ScenarioBinding &scenario)
{
    if (scenario.name != m_scenario.name)
        m_iterInScenario = 0;   // the VU moved to another scenario
    m_scenario = scenario;
    m_native->clearTagCache();
    m_execFn = m_module.property(scenario.exec);
    // __ENV inside this scenario's iterations: run env overridden by the scenario's env.
    QJSValue env = m_engine->newObject();
    for (auto it = m_ctx.env.cbegin(); it != m_ctx.env.cend(); ++it)
        env.setProperty(it.key(), it.value());
    for (auto it = scenario.env.cbegin(); it != scenario.env.cend(); ++it)
        env.setProperty(it.key(), it.value());
    m_engine->globalObject().setProperty(QStringLiteral("__ENV"), env);
}

void VuRuntime::setSetupData(const QByteArray &json)
{
    m_setupJson = json;
    m_setupParsed = false;
}

IterationOutcome VuRuntime::runIteration()
{
    if (!m_setupParsed) {
        m_setupData = m_setupJson.isEmpty()
            ? QJSValue()
            : m_engine->evaluate(QStringLiteral("(function(s){return JSON.parse(s)})")).call({QString::fromUtf8(m_setupJson)});
        m_setupParsed = true;
    }
    if (!m_ctx.http.noCookiesReset)
        m_jar->clearAll();
    m_native->resetIterationState();
    forgetStaleTimers();
    const qint64 start = nowNs();
    // An async exec function ends when its promise settles, every iteration when its event loop
    // (promise jobs, timers) is empty.
    const Completion done = complete(callGuarded(m_execFn, m_setupData, double(m_iter)), m_scenario.exec);
    // Counted once the iteration is over: code after an await still reads its own numbers.
    ++m_iter;
    ++m_iterInScenario;
    if (done.interrupted || interrupted()) {
        if (!done.interrupted)
            stopTimers();
        // k6 v1.3 counts the iteration that called exec.test.abort() in `iterations` and
        // `iteration_duration`; the others the abort cuts are interrupted as usual.
        emitIterationSamples(std::exchange(m_abortedHere, false), start);
        return IterationOutcome::Interrupted;
    }
    if (!done.ok)
        logIterationError(done.error, done.stacktrace);
    emitIterationSamples(true, start);
    if (m_ctx.http.noVUConnectionReuse)
        m_transport->closeIdleConnections();
    if (m_ctx.minIterationDurationMs > 0) {
        // options.minIterationDuration: a full iteration shorter than that is padded, as in k6,
        // after its iteration_duration was taken; stop and scale-down cut the wait.
        const qint64 leftNs = m_ctx.minIterationDurationMs * 1000000 - (nowNs() - start);
        if (leftNs > 0)
            m_native->waitInterruptibly(QDeadlineTimer(std::chrono::nanoseconds(leftNs), Qt::PreciseTimer));
    }
    return IterationOutcome::Completed;
}

VuRuntime::GuardedCall VuRuntime::callGuarded(const QJSValue &fn, const QJSValue &arg, const QJSValue &iter)
{
    const QJSValue res = m_callHelper.call({fn, arg, iter});
    if (res.isBool())   // returned undefined, queued no promise jobs
        return {true, false, QJSValue()};
    GuardedCall out;
    out.ok = res.property(QStringLiteral("ok")).toBool();
    out.jobs = res.property(QStringLiteral("jobs")).toBool();
    out.value = res.property(out.ok ? QStringLiteral("value") : QStringLiteral("error"));
    return out;
}

void VuRuntime::logIterationError(const QString &message, bool stacktrace)
{
    if (!m_ctx.log)
        return;
    LogFields fields{{QStringLiteral("executor"), m_scenario.executor}, {QStringLiteral("scenario"), m_scenario.name}};
    if (stacktrace)
        fields.append({QStringLiteral("source"), QStringLiteral("stacktrace")});
    m_ctx.log->log(LogLevel::Error, message, fields);
}

void VuRuntime::emitIterationSamples(bool complete, qint64 startNs)
{
    m_native->groupPath.clear();
    const TagSetId t = m_native->baseTags();
    const qint64 end = nowNs();
    if (complete && m_kind == RuntimeKind::Vu)
        m_samples.push_back(Sample{builtin::Iterations, t, 1, end});
    if (complete)
        m_samples.push_back(Sample{builtin::IterationDuration, t, double(end - startNs) / 1e6, end});
    m_samples.push_back(Sample{builtin::DataSent, t, double(m_native->bytesSent), end});
    m_samples.push_back(Sample{builtin::DataReceived, t, double(m_native->bytesReceived), end});
    if (m_native->interruptedRequests > 0)
        m_samples.push_back(Sample{builtin::HttpReqsInterrupted, t, double(m_native->interruptedRequests), end});
    m_ctx.metrics->ingest(std::move(m_samples), m_native->metadata());
    handOverRequestBytes();
    m_samples = {};
    m_samples.reserve(64);
}

void VuRuntime::handOverRequestBytes()
{
    if (m_requestBytes.empty() || !m_ctx.requestStats)
        return;
    m_ctx.requestStats->addBytes(m_requestBytes, *m_ctx.metrics);   // one lock per iteration
    m_requestBytes.clear();
}

CallResult VuRuntime::callExport(const QString &name, const QByteArray &argJson, const QString &groupName)
{
    CallResult out;
    const QJSValue fn = m_module.property(name);
    if (!fn.isCallable()) {
        out.ok = true;
        return out;
    }
    const QJSValue arg = argJson.isEmpty()
        ? QJSValue()
        : m_engine->evaluate(QStringLiteral("(function(s){return JSON.parse(s)})")).call({QString::fromUtf8(argJson)});
    m_native->resetIterationState();
    forgetStaleTimers();
    if (!groupName.isEmpty())
        m_native->groupPath = QStringLiteral("::") + groupName;
    // async setup()/teardown()/handleSummary(): the resolved value is the result.
    const Completion done = complete(callGuarded(fn, arg, QJSValue()), name);
    if (done.interrupted)
        out.error = QStringLiteral("Error: Interrupted");
    else if (!done.ok)
        out.error = done.error;
    else if (!done.value.isUndefined()) {
        // Go's encoding/json: undefined members become null; a function is fatal.
        const QJSValue s = m_engine->evaluate(QStringLiteral(
            "(function(o){var bad=false;var s=JSON.stringify(o,function(k,v){if(typeof v==='function')bad=true;"
            "if(v instanceof ArrayBuffer)return {__throttleArrayBuffer:Array.prototype.slice.call(new Uint8Array(v))};"
            "return v===undefined?null:v;});return bad?null:s;})")).call({done.value});
        if (s.isNull()) {
            out.error = QStringLiteral("json: unsupported type: func(goja.FunctionCall) goja.Value");
            return out;
        }
        out.json = s.toString().toUtf8();
    }
    out.ok = done.ok && !done.interrupted;
    // Setup/teardown samples: group ::setup, no scenario tag, neither `iterations` nor
    // `iteration_duration` (k6 v1.3 emits only their data_sent/data_received).
    const TagSetId t = m_native->baseTags();
    const qint64 end = nowNs();
    m_samples.push_back(Sample{builtin::DataSent, t, double(m_native->bytesSent), end});
    m_samples.push_back(Sample{builtin::DataReceived, t, double(m_native->bytesReceived), end});
    m_ctx.metrics->ingest(std::move(m_samples), m_native->metadata());
    handOverRequestBytes();
    m_samples = {};
    m_native->groupPath.clear();
    return out;
}

void VuRuntime::interrupt()
{
    m_interrupted.store(true, std::memory_order_release);
    if (m_engine)
        m_engine->setInterrupted(true);
    if (m_transport)
        m_transport->cancel();
    if (m_native)
        m_native->wake();
}

void VuRuntime::clearInterrupt()
{
    m_interrupted.store(false, std::memory_order_release);
    m_engine->setInterrupted(false);
    if (m_transport)
        m_transport->clearCancel();
}

void VuRuntime::closeIdleConnections()
{
    if (m_transport)
        m_transport->closeIdleConnections();
}

} // namespace throttle
