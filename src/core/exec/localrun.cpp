#include "core/exec/localrun.h"

#include "core/exec/executorfactory.h"
#include "core/exec/externallycontrolledexecutor.h"
#include "core/exec/memorytrim.h"
#include "core/metrics/metricsengine.h"
#include "core/script/logsink.h"
#include "core/script/vunative.h"
#include "core/script/vuruntime.h"

#include <QDeadlineTimer>

namespace throttle {

namespace {
constexpr int kTickMs = 50;
}

LocalRun::LocalRun(ScriptContext &ctx, QList<ScenarioConfig> scenarios, RunSettings settings, QObject *parent)
    : RunControl(parent), m_ctx(ctx), m_scenarios(std::move(scenarios)), m_settings(settings)
{
    m_paused.store(settings.startPaused);
    m_pool = std::make_unique<VuPool>(m_ctx, this);
    for (const ScenarioConfig &sc : std::as_const(m_scenarios)) {
        if (!sc.hasWork()) {   // this instance's share of the scenario is empty (k6 skips it)
            if (m_ctx.log)
                m_ctx.log->log(LogLevel::Warning,
                               QStringLiteral("Executor '%1' is disabled for segment %2 due to lack of work!")
                                   .arg(sc.name, sc.segment ? sc.segment->segment().toString() : QStringLiteral("0:1")));
            continue;
        }
        if (auto e = ExecutorFactory::create(sc, *m_pool, m_counters, {m_ctx.metrics, m_ctx.log, m_ctx.runTags}))
            m_executors.push_back(std::move(e));
    }
}

LocalRun::~LocalRun()
{
    if (m_thread.joinable()) {
        abort(105, QString());
        m_thread.join();
    }
}

void LocalRun::start()
{
    m_thread = std::thread([this] { runThread(); });
}

void LocalRun::waitFinished()
{
    if (m_thread.joinable())
        m_thread.join();
}

QStringList LocalRun::scenarioDescriptions() const
{
    QStringList out;
    for (const ScenarioConfig &sc : m_scenarios)
        out << QStringLiteral("* %1: %2").arg(sc.name, sc.description());
    return out;
}

qint64 LocalRun::maxDurationMs() const
{
    qint64 m = 0;
    for (const ScenarioConfig &sc : m_scenarios)
        m = std::max(m, sc.endOffsetMs());
    return m;
}

// m_executors is built before any VU exists and never changes during the run; the executors'
// start time and progress are atomics, so VU threads may read them.
Executor *LocalRun::executorNamed(const QString &scenario) const
{
    for (const auto &e : m_executors)
        if (e->name() == scenario)
            return e.get();
    return nullptr;
}

double LocalRun::scenarioStartTimeMs(const QString &scenario) const
{
    const Executor *e = executorNamed(scenario);
    return e ? double(e->startEpochMs()) : 0.0;
}

double LocalRun::scenarioProgress(const QString &scenario) const
{
    const Executor *e = executorNamed(scenario);
    return e ? e->progress() : 0.0;
}

double LocalRun::progress() const
{
    const qint64 total = maxDurationMs();
    if (total <= 0)
        return m_done.load() ? 1.0 : 0.0;
    return std::clamp(double(m_clock.elapsedMs()) / double(total), 0.0, 1.0);
}

void LocalRun::setPhase(ExecStatus s)
{
    m_phase.store(int(s));
    emit statusChanged();
}

void LocalRun::logError(const QString &msg)
{
    if (m_ctx.log)
        m_ctx.log->log(LogLevel::Error, msg);
}

void LocalRun::abort(int exitCode, const QString &message)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopped.load())
            return;
        m_exitCode.store(exitCode);
        m_stopped.store(true);
        m_wake.wakeAll();
    }
    if (!message.isEmpty())
        logError(message);
    emit statusChanged();
}

void LocalRun::runThread()
{
    if (initPhase() && waitForResume() && setupPhase()) {
        scenarioPhase();
        teardownPhase();
    }
    finish();
}

bool LocalRun::initPhase()
{
    setPhase(ExecStatus::InitVUs);
    int total = 0;
    for (const auto &e : m_executors)
        total += e->preAllocatedVus();
    QString error;
    if (!m_pool->grow(total, &error)) {
        m_exitCode.store(107);
        logError(error);
        m_stopped.store(true);
        return false;
    }
    m_vusMax.store(m_pool->size());
    setPhase(ExecStatus::InitExecutors);
    setPhase(ExecStatus::InitDone);
    return !aborted();
}

bool LocalRun::waitForResume()
{
    if (!m_paused.load())
        return true;
    setPhase(ExecStatus::PausedBeforeRun);
    // As k6: while paused before the start, /v1/metrics already lists vus (0) and vus_max.
    emitVuGauges();
    m_ctx.metrics->collect();
    QMutexLocker lock(&m_mutex);
    while (m_paused.load() && !m_stopped.load())
        m_wake.wait(&m_mutex, kTickMs * 20);
    return !m_stopped.load();
}

CallResult LocalRun::callPseudo(const QString &fn, const QByteArray &arg, const QString &group)
{
    if (!m_ctx.functionExports.isEmpty() && !m_ctx.functionExports.contains(fn)) {
        CallResult none;   // not exported: k6 inits no VU for it (a big bundle compiles once less)
        none.ok = true;
        return none;
    }
    VuRuntime rt(m_ctx, 0, RuntimeKind::Pseudo, this);
    QString error;
    if (!rt.init(&error)) {
        CallResult r;
        r.error = error;
        return r;
    }
    CallResult r = rt.callExport(fn, arg, group);
    // Its samples count at once: a POST /v1/setup before the start shows in /v1/metrics.
    m_ctx.metrics->collect();
    return r;
}

bool LocalRun::setupPhase()
{
    m_running.store(true);
    setPhase(ExecStatus::Started);
    m_clock.start();
    if (!m_settings.noSetup) {
        setPhase(ExecStatus::Setup);
        const CallResult r = callPseudo(QStringLiteral("setup"), QByteArray(), QStringLiteral("setup"));
        if (!r.ok) {
            logError(r.error);
            m_exitCode.store(107);
            m_stopped.store(true);
            return false;
        }
        QMutexLocker lock(&m_mutex);
        if (!r.json.isEmpty() || !m_setupData)
            m_setupData = r.json.isEmpty() ? std::optional<QByteArray>() : std::optional<QByteArray>(r.json);
    }
    {
        QMutexLocker lock(&m_mutex);
        m_pool->setSetupData(m_setupData.value_or(QByteArray()));
    }
    return !aborted();
}

void LocalRun::scenarioPhase()
{
    setPhase(ExecStatus::Running);
    // Hand each executor its pre-allocated VUs, in scenario order.
    std::vector<std::vector<Vu *>> reserved;
    int next = 0;
    for (const auto &e : m_executors) {
        std::vector<Vu *> vus;
        for (int i = 0; i < e->preAllocatedVus(); ++i)
            vus.push_back(&m_pool->at(next++));
        reserved.push_back(std::move(vus));
    }
    QElapsedTimer gaugeTimer, thresholdTimer, trimTimer;
    gaugeTimer.start();
    thresholdTimer.start();
    trimTimer.start();
    for (;;) {
        bool allDone = true;
        {
            QMutexLocker control(&m_controlMutex);
            const qint64 elapsed = m_clock.elapsedMs();
            for (size_t i = 0; i < m_executors.size(); ++i) {
                Executor &e = *m_executors[i];
                const qint64 startAt = e.config().startTime();
                if (!e.started()) {
                    if (elapsed >= startAt && !aborted()) {
                        // The moment the run clock reached startAt, not when this loop noticed:
                        // scenarios' start times stay exactly startTime apart however late a tick is.
                        e.markStartedAt(m_clock.epochMsAt(startAt));
                        e.start(std::move(reserved[i]), m_paused.load());
                    } else {
                        allDone = false;
                        continue;
                    }
                }
                e.noteElapsed(elapsed - startAt);
                if (!e.tick(elapsed - startAt))
                    allDone = false;
            }
        }
        // Sampled once a second while scenarios run, as k6 v1.3 does (none at the start, so a
        // run shorter than a second has no vus samples): the last value is the final active count.
        if (!allDone && gaugeTimer.elapsed() >= 1000) {
            gaugeTimer.restart();
            emitVuGauges();
        }
        m_ctx.metrics->collect();
        if (thresholdTimer.elapsed() >= 2000) {
            thresholdTimer.restart();
            evaluateThresholds(false);
        }
        if (trimTimer.elapsed() >= 10000) {
            trimTimer.restart();
            releaseFreeHeapMemory();
        }
        if (allDone || aborted())
            break;
        QMutexLocker lock(&m_mutex);
        if (!m_stopped.load())
            m_wake.wait(&m_mutex, kTickMs);
    }
    if (aborted()) {
        QMutexLocker control(&m_controlMutex);
        for (const auto &e : m_executors)
            e->abort();
    }
    m_scenariosOver.store(true);
}

void LocalRun::teardownPhase()
{
    setPhase(ExecStatus::Teardown);
    if (m_settings.noTeardown)
        return;
    QByteArray data;
    {
        QMutexLocker lock(&m_mutex);
        data = m_setupData.value_or(QByteArray());
    }
    const CallResult r = callPseudo(QStringLiteral("teardown"), data, QStringLiteral("teardown"));
    if (!r.ok) {
        logError(r.error);
        if (m_exitCode.load() == 0)
            m_exitCode.store(107);
    }
}

void LocalRun::finish()
{
    m_running.store(false);
    m_scenariosOver.store(true);
    m_pool->shutdown();
    m_ctx.metrics->collect();
    evaluateThresholds(true);
    setPhase(m_stopped.load() ? ExecStatus::Interrupted : ExecStatus::Ended);
    m_done.store(true);
    emit finished(m_exitCode.load());
}

void LocalRun::emitVuGauges()
{
    const qint64 ns = nowNs();
    const TagSetId tags = m_ctx.metrics->intern(m_ctx.runTags);
    m_vusMax.store(initializedVus());
    m_ctx.metrics->ingest({Sample{builtin::Vus, tags, double(vusActive()), ns},
                           Sample{builtin::VusMax, tags, double(m_vusMax.load()), ns}});
}

void LocalRun::evaluateThresholds(bool final)
{
    if (!m_thresholds || m_thresholds->isEmpty())
        return;
    const ThresholdSet::Evaluation ev = m_thresholds->evaluate(m_ctx.metrics->snapshot(), m_clock.elapsedSec(), final);
    {
        QMutexLocker lock(&m_mutex);
        m_evaluation = ev;
    }
    m_tainted.store(!ev.failed.isEmpty());
    if (!final && ev.abort) {
        abort(99, QStringLiteral("thresholds on metrics '%1' were crossed; at least one has abortOnFail enabled, "
                                 "stopping test prematurely").arg(ev.failed.join(QStringLiteral(", "))));
    } else if (final && !ev.failed.isEmpty()) {
        logError(ThresholdSet::crossedMessage(ev.failed));
        if (m_exitCode.load() == 0)
            m_exitCode.store(99);
    }
}

ThresholdSet::Evaluation LocalRun::lastEvaluation() const
{
    QMutexLocker lock(&m_mutex);
    return m_evaluation;
}

qint64 LocalRun::initializedVus() const
{
    // The executors' VU lists: a lowered vus-max drops slots (their VUs idle in the pool).
    qint64 n = 0;
    bool anyStarted = false;
    for (const auto &e : m_executors) {
        if (e->started()) {
            anyStarted = true;
            n += e->initializedVus();
        } else {
            n += e->preAllocatedVus();
        }
    }
    return anyStarted ? n : m_pool->size();
}

qint64 LocalRun::vusActive() const
{
    if (m_phase.load() != int(ExecStatus::Running) || m_scenariosOver.load())
        return 0;
    qint64 n = 0;
    for (const auto &e : m_executors)
        if (e->started())
            n += e->activeVus();
    return n;
}

void LocalRun::abortTest(const QString &reason)
{
    abort(108, reason.isEmpty() ? QStringLiteral("test aborted") : QStringLiteral("test aborted: ") + reason);
}

void LocalRun::abortBySignal()
{
    abort(105, QStringLiteral("test run was aborted because k6 received a 'interrupt' signal"));
}

RunStatus LocalRun::status() const
{
    RunStatus s;
    s.status = m_phase.load();
    s.paused = m_paused.load();
    s.vus = s.paused ? 0 : vusActive();
    s.vusMax = m_vusMax.load();
    s.stopped = m_stopped.load();
    s.running = m_running.load();
    s.tainted = m_tainted.load();
    if (!m_settings.strictK6)
        s.scenarios = scenarioStatuses();
    return s;
}

int LocalRun::capabilitiesOf(const Executor &e) const
{
    if (m_settings.strictK6)   // k6: only the externally-controlled executor is steerable
        return e.canPauseAfterStart() ? e.capabilities() : 0;
    return e.capabilities();
}

QList<ScenarioStatus> LocalRun::scenarioStatuses() const
{
    QList<ScenarioStatus> out;
    const bool running = m_phase.load() == int(ExecStatus::Running) && !m_scenariosOver.load();
    for (const auto &e : m_executors) {
        ScenarioStatus st;
        st.name = e->name();
        st.executor = e->config().executorName();
        st.capabilities = Executor::capabilityNames(capabilitiesOf(*e));
        st.mode = e->mode();
        const bool live = running && e->started() && !e->finished() && !e->paused() && !m_paused.load();
        st.vus = live ? e->activeVus() : 0;
        st.vusMax = e->vusLimit();
        if (capabilitiesOf(*e) & Executor::CapRate) {
            st.rate = e->currentRate();
            st.timeUnitMs = e->config().timeUnit();
        }
        out.append(st);
    }
    return out;
}

ExternallyControlledExecutor *LocalRun::firstExternallyControlled() const
{
    for (const auto &e : m_executors)
        if (auto *ext = dynamic_cast<ExternallyControlledExecutor *>(e.get()))
            return ext;
    return nullptr;
}

ControlError LocalRun::pause()
{
    QMutexLocker control(&m_controlMutex);
    const int phase = m_phase.load();
    const auto err = [](const QString &d) { return ControlError{500, QStringLiteral("Pause error"), d}; };
    if (m_scenariosOver.load() || phase >= int(ExecStatus::Teardown))
        return err(QStringLiteral("the test run has already finished"));
    if (phase <= int(ExecStatus::PausedBeforeRun)) {
        if (m_settings.startPaused && m_paused.load())
            return err(QStringLiteral("execution is already paused"));
        return err(QStringLiteral("cannot pause the externally controlled executor before it has started"));
    }
    if (phase < int(ExecStatus::Running))
        return err(QStringLiteral("cannot pause the externally controlled executor before it has started"));
    for (const auto &e : m_executors)
        if (!(capabilitiesOf(*e) & Executor::CapPause))
            return err(QStringLiteral("%1 executor '%2' doesn't support pause and resume operations after its start")
                           .arg(e->config().executorName(), e->name()));
    if (m_paused.load())
        return err(QStringLiteral("test execution was already paused"));
    m_paused.store(true);
    for (const auto &e : m_executors)
        if (e->started() && !e->finished())
            e->pause();
    m_clock.pause();   // the clock stops once the pause is complete
    emit statusChanged();
    return {};
}

ControlError LocalRun::resume()
{
    QMutexLocker control(&m_controlMutex);
    const int phase = m_phase.load();
    const auto err = [](const QString &d) { return ControlError{500, QStringLiteral("Pause error"), d}; };
    if (m_scenariosOver.load() || phase >= int(ExecStatus::Teardown))
        return err(QStringLiteral("the test run has already finished"));
    if (phase <= int(ExecStatus::PausedBeforeRun)) {
        if (m_settings.startPaused && m_paused.load()) {
            QMutexLocker lock(&m_mutex);
            m_paused.store(false);
            m_wake.wakeAll();
            return {};
        }
        return err(QStringLiteral("cannot pause the externally controlled executor before it has started"));
    }
    if (phase < int(ExecStatus::Running))
        return err(QStringLiteral("cannot pause the externally controlled executor before it has started"));
    for (const auto &e : m_executors)
        if (!(capabilitiesOf(*e) & Executor::CapPause))
            return err(QStringLiteral("%1 executor '%2' doesn't support pause and resume operations after its start")
                           .arg(e->config().executorName(), e->name()));
    if (!m_paused.load())
        return err(QStringLiteral("test execution wasn't paused"));
    m_clock.resume();
    m_paused.store(false);
    for (const auto &e : m_executors)
        if (e->started() && e->paused())
            e->resume();
    emit statusChanged();
    return {};
}

ControlError LocalRun::scale(std::optional<qint64> vus, std::optional<qint64> vusMax)
{
    StatusPatch patch;
    patch.vus = vus;
    patch.vusMax = vusMax;
    return steer(patch);
}

ControlError LocalRun::steer(const StatusPatch &patch)
{
    QMutexLocker control(&m_controlMutex);
    ControlError e;
    if (m_settings.strictK6) {
        // k6 knows only vus and vus-max; the additive attributes are ignored as unknown ones.
        if (!patch.vus && !patch.vusMax)
            return {};
        e = scaleK6(patch.vus, patch.vusMax);
    } else {
        e = steerLocked(patch);
    }
    bool anyStarted = false;
    for (const auto &ex : m_executors)
        anyStarted = anyStarted || ex->started();
    if (anyStarted)
        m_vusMax.store(initializedVus());
    emit statusChanged();
    return e;
}

Executor *LocalRun::firstCapable(int capability, bool *over) const
{
    *over = false;
    for (const auto &e : m_executors) {
        if (!(e->capabilities() & capability))
            continue;
        if (!e->finished())
            return e.get();
        *over = true;
    }
    return nullptr;
}

ControlError LocalRun::steerLocked(const StatusPatch &patch)
{
    const auto configError = [](const QString &d) { return ControlError{400, QStringLiteral("Config update error"), d}; };
    Executor *named = nullptr;
    if (patch.scenario) {
        named = executorNamed(*patch.scenario);
        if (!named)
            return configError(QStringLiteral("there is no scenario '%1'").arg(*patch.scenario));
    }
    if (patch.mode && *patch.mode != QLatin1String("schedule") && *patch.mode != QLatin1String("manual"))
        return configError(QStringLiteral("invalid configuration supplied: the mode must be \"schedule\" or \"manual\""));
    if (patch.mode == QStringLiteral("schedule") && (patch.vus || patch.vusMax || patch.rate))
        return configError(QStringLiteral("invalid configuration supplied: mode \"schedule\" can't be combined with vus, vus-max or rate"));
    if (m_scenariosOver.load())
        return configError(QStringLiteral("the test run has already finished"));
    if (patch.vus || patch.vusMax) {
        const ControlError e = steerVus(named, patch);
        if (!e.ok())
            return e;
    }
    if (patch.rate) {
        const ControlError e = steerRate(named, *patch.rate);
        if (!e.ok())
            return e;
    }
    if (patch.mode)
        return steerMode(named, *patch.mode);
    return {};
}

ControlError LocalRun::steerVus(Executor *named, const StatusPatch &patch)
{
    Executor *target = named;
    if (!target)
        target = firstExternallyControlled();   // k6's target first
    bool over = false;
    if (!target)
        target = firstCapable(Executor::CapVus, &over);
    if (!target) {
        if (over)
            return {400, QStringLiteral("Config update error"), QStringLiteral("the test run has already finished")};
        return {500, QStringLiteral("Execution config error"),
                QStringLiteral("no scenario accepts a live VU change; an externally-controlled, ramping-vus or constant-vus "
                               "executor needs to be configured")};
    }
    if (target->capabilities() & Executor::CapVusMax)
        return target->scale(patch.vus, patch.vusMax);
    if (!(target->capabilities() & Executor::CapVus))
        return target->unsupported(QStringLiteral("live VU changes"));
    if (patch.vusMax && *patch.vusMax != target->vusLimit())
        return target->unsupported(QStringLiteral("changing vus-max (%1)").arg(target->vusLimit()));
    return patch.vus ? target->setManualVus(*patch.vus) : ControlError{};
}

ControlError LocalRun::steerRate(Executor *named, qint64 rate)
{
    Executor *target = named;
    bool over = false;
    if (!target)
        target = firstCapable(Executor::CapRate, &over);
    if (!target) {
        if (over)
            return {400, QStringLiteral("Config update error"), QStringLiteral("the test run has already finished")};
        return {500, QStringLiteral("Execution config error"),
                QStringLiteral("no scenario accepts a live rate change; a constant-arrival-rate or ramping-arrival-rate "
                               "executor needs to be configured")};
    }
    if (!(target->capabilities() & Executor::CapRate))
        return target->unsupported(QStringLiteral("live rate changes"));
    return target->setManualRate(rate);
}

ControlError LocalRun::steerMode(Executor *named, const QString &mode)
{
    const bool schedule = mode == QLatin1String("schedule");
    if (named)
        return schedule ? named->backToSchedule() : named->holdManual();
    // Every scenario that has a schedule and a manual mode (not externally-controlled).
    for (const auto &e : m_executors) {
        if (e->finished() || e->capabilities() & Executor::CapVusMax || !(e->capabilities() & (Executor::CapVus | Executor::CapRate)))
            continue;
        const ControlError err = schedule ? e->backToSchedule() : e->holdManual();
        if (!err.ok())
            return err;
    }
    return {};
}

ControlError LocalRun::scaleK6(std::optional<qint64> vus, std::optional<qint64> vusMax)
{
    ExternallyControlledExecutor *ext = firstExternallyControlled();
    if (!ext)
        return {500, QStringLiteral("Execution config error"),
                QStringLiteral("an externally-controlled executor needs to be configured for live configuration updates")};
    if (m_scenariosOver.load())
        return {400, QStringLiteral("Config update error"), QStringLiteral("the test run has already finished")};
    return ext->scale(vus, vusMax);
}

ControlError LocalRun::stop()
{
    abort(103, QStringLiteral("test run stopped from REST API"));
    return {};
}

ControlError LocalRun::stopAsRequested(const QString &note)
{
    if (!m_stopped.load() && m_ctx.log)
        m_ctx.log->log(LogLevel::Info, note);
    abort(103, QString());
    return {};
}

std::optional<QByteArray> LocalRun::setupData() const
{
    QMutexLocker lock(&m_mutex);
    return m_setupData;
}

void LocalRun::setSetupData(std::optional<QByteArray> json)
{
    QMutexLocker lock(&m_mutex);
    m_setupData = std::move(json);
    m_pool->setSetupData(m_setupData.value_or(QByteArray()));
}

ControlError LocalRun::runSetup()
{
    const CallResult r = callPseudo(QStringLiteral("setup"), QByteArray(), QStringLiteral("setup"));
    if (!r.ok)
        return {500, QStringLiteral("Error executing setup"), r.error};
    if (!r.json.isEmpty())
        setSetupData(r.json);
    return {};
}

ControlError LocalRun::runTeardown()
{
    const CallResult r = callPseudo(QStringLiteral("teardown"), setupData().value_or(QByteArray()),
                                    QStringLiteral("teardown"));
    if (!r.ok)
        return {500, QStringLiteral("Error executing teardown"), r.error};
    return {};
}

} // namespace throttle
