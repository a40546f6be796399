#include "core/exec/localrun.h"

#include "core/exec/executorfactory.h"
#include "core/exec/memorytrim.h"
#include "core/exitcodes.h"
#include "core/metrics/metricsengine.h"
#include "core/script/logsink.h"
#include "core/script/vunative.h"

#include <QDeadlineTimer>

namespace throttle {

namespace {

constexpr int kTickMs = 50;

// A chore of the run thread with its own period: due() once the period has passed since the
// last time it was due (or since it was made).
class Every {
public:
    explicit Every(qint64 periodMs) : m_periodMs(periodMs) { m_timer.start(); }
    bool due()
    {
        if (m_timer.elapsed() < m_periodMs)
            return false;
        m_timer.restart();
        return true;
    }

private:
    qint64 m_periodMs;
    QElapsedTimer m_timer;
};

} // namespace

LocalRun::LocalRun(ScriptContext &ctx, QList<ScenarioConfig> scenarios, RunSettings settings, QObject *parent)
    : RunControl(parent), m_ctx(ctx), m_scenarios(std::move(scenarios)), m_settings(settings)
{
    m_paused.store(settings.startPaused);
    m_pool = std::make_unique<VuPool>(m_ctx, this, settings.maxVusCeiling);
    m_setupTeardown = std::make_unique<SetupTeardown>(m_ctx, *this, *m_pool);
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
    std::vector<SteeringTarget *> targets;
    for (const auto &e : m_executors)
        targets.push_back(e.get());
    m_steering = std::make_unique<SteeringPolicy>(std::move(targets), settings.strictK6);
}

LocalRun::~LocalRun()
{
    if (m_thread.joinable()) {
        abort(exitcodes::ExternalAbort, QString());
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

void LocalRun::runThread()
{
    // Out of memory, Qt's script engine crashes: end the run while there is memory left.
    m_memoryGuard = std::make_unique<MemoryGuard>(m_settings.maxMemoryBytes, [this](const QString &why) { abort(exitcodes::ScriptException, why); });
    m_memoryGuard->start();
    if (initPhase() && waitForResume() && setupPhase()) {
        scenarioPhase();
        teardownPhase();
    }
    finish();
}

bool LocalRun::initPhase()
{
    setPhase(ExecStatus::InitVUs);
    qint64 total = 0;
    for (const auto &e : m_executors)
        total += e->preAllocatedVus();
    if (const QString refused = m_pool->capacityError(total, QStringLiteral("the test (%1 VUs)").arg(total));
        !refused.isEmpty()) {
        failInit(exitcodes::InvalidConfig, refused);
        return false;
    }
    VuPool::Growth g = m_pool->grow(total);
    if (aborted())   // a stop or a signal interrupted the init code: its exit code stands
        return false;
    if (!g.ok) {
        failInit(exitcodes::ScriptException, g.error);
        return false;
    }
    m_initialVus = std::move(g.vus);
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
        m_wake.wait_for(m_mutex, std::chrono::milliseconds(kTickMs * 20));
    return !m_stopped.load();
}

bool LocalRun::setupPhase()
{
    m_running.store(true);
    setPhase(ExecStatus::Started);
    m_clock.start();
    if (!m_settings.noSetup) {
        setPhase(ExecStatus::Setup);
        const CallResult r = m_setupTeardown->runSetup();
        if (!r.ok) {
            logError(r.error);
            m_exitCode.store(exitcodes::ScriptException);
            m_stopped.store(true);
            return false;
        }
    }
    return !aborted();
}

void LocalRun::scenarioPhase()
{
    setPhase(ExecStatus::Running);
    std::vector<std::vector<Vu *>> reserved = reserveInitialVus();
    Every gauges(1000), thresholds(2000), trim(10000);
    for (;;) {
        const bool allDone = tickScenarios(reserved);
        // Sampled once a second while scenarios run, as k6 v1.3 does (none at the start, so a
        // run shorter than a second has no vus samples): the last value is the final active count.
        if (gauges.due() && !allDone)
            emitVuGauges();
        m_ctx.metrics->collect();
        if (thresholds.due())
            evaluateThresholds(false);
        if (trim.due())
            releaseFreeHeapMemory();
        if (allDone || aborted())
            break;
        QMutexLocker lock(&m_mutex);
        if (!m_stopped.load())
            m_wake.wait_for(m_mutex, std::chrono::milliseconds(kTickMs));
    }
    endScenarios();
}

// Each executor's share of the VUs initPhase made, in scenario order.
std::vector<std::vector<Vu *>> LocalRun::reserveInitialVus()
{
    std::vector<std::vector<Vu *>> reserved;
    size_t next = 0;
    for (const auto &e : m_executors) {
        const size_t n = size_t(e->preAllocatedVus());
        reserved.emplace_back(m_initialVus.begin() + qsizetype(next), m_initialVus.begin() + qsizetype(next + n));
        next += n;
    }
    m_initialVus.clear();
    return reserved;
}

// One tick of the run thread: starts the scenarios whose startTime has come, ticks the started
// ones, completes a pending pause. true once every scenario is over.
bool LocalRun::tickScenarios(std::vector<std::vector<Vu *>> &reserved)
{
    QMutexLocker control(&m_controlMutex);
    bool allDone = true;
    const qint64 elapsed = m_clock.elapsedMs();
    for (size_t i = 0; i < m_executors.size(); ++i) {
        Executor &e = *m_executors[i];
        const qint64 startAt = e.config().startTime();
        if (!e.started()) {
            if (elapsed < startAt || aborted()) {
                allDone = false;
                continue;
            }
            // The moment the run clock reached startAt, not when this loop noticed: scenarios'
            // start times stay exactly startTime apart however late a tick is.
            e.markStartedAt(m_clock.epochMsAt(startAt));
            e.start(std::move(reserved[i]), m_paused.load());
        }
        e.noteElapsed(elapsed - startAt);
        if (!e.tick(elapsed - startAt))
            allDone = false;
    }
    completePauseIfIdle();
    return allDone;
}

void LocalRun::endScenarios()
{
    if (aborted()) {
        QMutexLocker control(&m_controlMutex);
        for (const auto &e : m_executors)
            e->abort();
    }
    {
        QMutexLocker lock(&m_mutex);
        m_scenariosOver.store(true);
        m_wake.notify_all();   // a pause still waiting is answered
    }
    m_vusMax.store(initializedVus());   // VUs above the configured maxVUs are gone (§2.2)
    emit statusChanged();
}

void LocalRun::teardownPhase()
{
    setPhase(ExecStatus::Teardown);
    if (m_settings.noTeardown)
        return;
    const CallResult r = m_setupTeardown->runTeardown();
    if (!r.ok) {
        logError(r.error);
        if (m_exitCode.load() == 0)
            m_exitCode.store(exitcodes::ScriptException);
    }
}

void LocalRun::finish()
{
    m_memoryGuard->stop();
    m_clock.pause();   // the run's time ends here (rates, progress), however long --linger keeps it up
    m_running.store(false);
    m_scenariosOver.store(true);
    m_pool->shutdown();
    m_ctx.metrics->collect();
    evaluateThresholds(true);
    setPhase(m_stopped.load() ? ExecStatus::Interrupted : ExecStatus::Ended);
    m_done.store(true);
    emit finished(m_exitCode.load());
}

void LocalRun::abort(int exitCode, const QString &message)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopped.load() || m_done.load())   // after the end (--linger) a stop changes nothing
            return;
        m_exitCode.store(exitCode);
        m_stopped.store(true);
        m_wake.notify_all();
    }
    m_pool->interruptInit();   // init code in progress (a slow or endless one) stops too
    if (!message.isEmpty())
        logError(message);
    emit statusChanged();
}

void LocalRun::failInit(int exitCode, const QString &message)
{
    m_exitCode.store(exitCode);
    logError(message);
    m_stopped.store(true);
}

void LocalRun::abortTest(const QString &reason)
{
    abort(exitcodes::ScriptAborted, reason.isEmpty() ? QStringLiteral("test aborted") : QStringLiteral("test aborted: ") + reason);
}

void LocalRun::abortBySignal(const QString &signalName)
{
    abort(exitcodes::ExternalAbort, QStringLiteral("test run was aborted because k6 received a '%1' signal").arg(signalName));
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
        abort(exitcodes::ThresholdsHaveFailed, QStringLiteral("thresholds on metrics '%1' were crossed; at least one has abortOnFail enabled, "
                                 "stopping test prematurely").arg(ev.failed.join(QStringLiteral(", "))));
    } else if (final && !ev.failed.isEmpty()) {
        logError(ThresholdSet::crossedMessage(ev.failed));
        if (m_exitCode.load() == 0)
            m_exitCode.store(exitcodes::ThresholdsHaveFailed);
    }
}

ThresholdSet::Evaluation LocalRun::lastEvaluation() const
{
    QMutexLocker lock(&m_mutex);
    return m_evaluation;
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

double LocalRun::progress() const
{
    const qint64 total = maxDurationMs();
    if (total <= 0)
        return m_done.load() ? 1.0 : 0.0;
    return std::clamp(double(m_clock.elapsedMs()) / double(total), 0.0, 1.0);
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

qint64 LocalRun::initializedVus() const
{
    // The executors' VU lists (a lowered vus-max destroys the slots above it); before any start,
    // the pool's VUs.
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

} // namespace throttle
