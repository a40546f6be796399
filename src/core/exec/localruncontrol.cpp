// LocalRun's side as the control surface (RunControl): status, pause and resume, scaling and
// steering, stop, setup data. The run's life cycle is in localrun.cpp.
#include "core/exec/localrun.h"

#include "core/exec/externallycontrolledexecutor.h"
#include "core/exitcodes.h"
#include "core/script/vuruntime.h"

namespace throttle {

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
    quint64 generation = 0;
    {
        QMutexLocker lock(&m_mutex);
        m_paused.store(true);
        m_pausePending = true;
        generation = ++m_pauseGeneration;
        m_wake.notify_all();   // the run thread completes the pause (completePauseIfIdle)
    }
    for (const auto &e : m_executors)
        if (e->started() && !e->finished())
            e->beginPause();
    emit statusChanged();
    control.unlock();   // a stop, a resume or the end of the run must not wait behind this pause
    return awaitPause(generation);
}

ControlError LocalRun::awaitPause(quint64 generation)
{
    // The answer waits for the in-flight iterations (no timeout), unless the run is stopped or
    // ends first, or a resume cancels the pause.
    QMutexLocker lock(&m_mutex);
    while (m_pausePending && m_pauseGeneration == generation && !m_stopped.load() && !m_scenariosOver.load())
        m_wake.wait(m_mutex);
    if (m_pauseGeneration == generation && m_pausePending)
        return {500, QStringLiteral("Pause error"), QStringLiteral("the test run has already finished")};
    return {};
}

void LocalRun::completePauseIfIdle()
{
    // m_controlMutex held (run thread).
    {
        QMutexLocker lock(&m_mutex);
        if (!m_pausePending)
            return;
    }
    bool anyLive = false;   // a run whose scenarios all ended is not paused: it is over
    for (const auto &e : m_executors) {
        if (!e->started() || e->finished())
            continue;
        if (!e->idleForPause())
            return;
        anyLive = true;
    }
    if (!anyLive)
        return;
    m_clock.pause();   // control-api.md §2.4: the clock stops once the pause is complete
    for (const auto &e : m_executors)
        if (e->started() && !e->finished())
            e->pauseTookEffect();
    {
        QMutexLocker lock(&m_mutex);
        m_pausePending = false;
        m_wake.notify_all();
    }
    emit statusChanged();
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
            m_wake.notify_all();
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
    {
        QMutexLocker lock(&m_mutex);
        m_pausePending = false;   // a pause still waiting for its iterations is cancelled
        ++m_pauseGeneration;
        m_wake.notify_all();
    }
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
    abort(exitcodes::ScriptStoppedFromRESTAPI, QStringLiteral("test run stopped from REST API"));
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
