// LocalRun's side as the control surface (RunControl): status, pause and resume, scaling and
// steering, stop, setup data. The run's life cycle is in localrun.cpp.
#include "core/exec/localrun.h"

#include "core/exitcodes.h"
#include "core/script/logsink.h"

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

QList<ScenarioStatus> LocalRun::scenarioStatuses() const
{
    QList<ScenarioStatus> out;
    const bool running = m_phase.load() == int(ExecStatus::Running) && !m_scenariosOver.load();
    for (const auto &e : m_executors) {
        const int caps = m_steering->capabilitiesOf(*e);
        ScenarioStatus st;
        st.name = e->name();
        st.executor = e->config().executorName();
        st.capabilities = Executor::capabilityNames(caps);
        st.mode = e->mode();
        const bool live = running && e->started() && !e->finished() && !e->paused() && !m_paused.load();
        st.vus = live ? e->activeVus() : 0;
        st.vusMax = e->vusLimit();
        if (caps & Executor::CapRate) {
            st.rate = e->currentRate();
            st.timeUnitMs = e->config().timeUnit();
        }
        out.append(st);
    }
    return out;
}

RunPosition LocalRun::position() const
{
    return {m_phase.load(), m_scenariosOver.load(), m_settings.startPaused, m_paused.load()};
}

ControlError LocalRun::pause()
{
    QMutexLocker control(&m_controlMutex);
    if (const ControlError refused = m_steering->checkPauseChange(true, position()); !refused.ok())
        return refused;
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
    noteSteering(QStringLiteral("paused"), QString(), QStringLiteral("false"), QStringLiteral("true"));
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
        return ControlError::wrongState(QStringLiteral("the test run has already finished"));
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
    const RunPosition at = position();
    if (const ControlError refused = m_steering->checkPauseChange(false, at); !refused.ok())
        return refused;
    if (at.phase <= int(ExecStatus::PausedBeforeRun)) {   // --paused: the run starts now
        {
            QMutexLocker lock(&m_mutex);
            m_paused.store(false);
            m_wake.notify_all();
        }
        control.unlock();
        noteSteering(QStringLiteral("paused"), QString(), QStringLiteral("true"), QStringLiteral("false"));
        return {};
    }
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
    control.unlock();
    noteSteering(QStringLiteral("paused"), QString(), QStringLiteral("true"), QStringLiteral("false"));
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
    const SteerState before = steerState();
    const ControlError e = m_steering->steer(patch, m_scenariosOver.load());
    bool anyStarted = false;
    for (const auto &ex : m_executors)
        anyStarted = anyStarted || ex->started();
    if (anyStarted)
        m_vusMax.store(initializedVus());
    const SteerState after = steerState();
    emit statusChanged();
    control.unlock();
    noteSteeringChanges(patch, before, after, e.ok());
    return e;
}

ControlError LocalRun::stop()
{
    if (!m_stopped.load())
        noteSteering(QStringLiteral("stopped"), QString(), QStringLiteral("false"), QStringLiteral("true"));
    abort(exitcodes::ScriptStoppedFromRESTAPI, QStringLiteral("test run stopped from REST API"));
    return {};
}

ControlError LocalRun::stopAsRequested(const QString &note)
{
    if (!m_stopped.load())
        noteSteering(QStringLiteral("stopped"), QString(), QStringLiteral("false"), QStringLiteral("true"));
    if (!m_stopped.load() && m_ctx.log)
        m_ctx.log->log(LogLevel::Info, note);
    abort(exitcodes::ScriptStoppedFromRESTAPI, QString());
    return {};
}

std::optional<QByteArray> LocalRun::setupData() const
{
    return m_setupTeardown->data();
}

void LocalRun::setSetupData(std::optional<QByteArray> json)
{
    m_setupTeardown->setData(std::move(json));
}

ControlError LocalRun::runSetup()
{
    const CallResult r = m_setupTeardown->runSetup();
    if (!r.ok)
        return ControlError::scriptFailed(QStringLiteral("Error executing setup"), r.error);
    return {};
}

ControlError LocalRun::runTeardown()
{
    const CallResult r = m_setupTeardown->runTeardown();
    if (!r.ok)
        return ControlError::scriptFailed(QStringLiteral("Error executing teardown"), r.error);
    return {};
}

} // namespace throttle
