#include "core/exec/rampingvusexecutor.h"

namespace throttle {

qint64 RampingVusExecutor::stagesDurationMs(const ScenarioConfig &config)
{
    qint64 sum = 0;
    for (const ScenarioConfig::Stage &s : config.stages)
        sum += s.durationMs.value_or(0);
    return sum;
}

qint64 RampingVusExecutor::targetAt(const ScenarioConfig &config, qint64 elapsedMs)
{
    return config.scaled(testWideTargetAt(config, elapsedMs));
}

qint64 RampingVusExecutor::testWideTargetAt(const ScenarioConfig &config, qint64 elapsedMs)
{
    qint64 from = config.startVUsOrDefault();
    qint64 stageStart = 0;
    for (const ScenarioConfig::Stage &s : config.stages) {
        const qint64 duration = s.durationMs.value_or(0);
        const qint64 to = s.target.value_or(0);
        if (elapsedMs < stageStart + duration) {
            // Linear: one VU more (or less) every duration/|to - from|; truncation toward zero
            // makes a ramp-down lose its VUs at the same points in time as a ramp-up gains them.
            return from + (to - from) * (elapsedMs - stageStart) / duration;
        }
        from = to;   // a zero-length stage jumps here
        stageStart += duration;
    }
    return from;
}

qint64 RampingVusExecutor::preAllocatedVus() const
{
    return m_config.maxVUs();
}

void RampingVusExecutor::start(std::vector<Vu *> vus, bool paused)
{
    m_paused.store(paused);
    setVus(std::move(vus));
    m_slotOn = std::make_unique<std::atomic<bool>[]>(m_vus.size());
    m_rampDownDeadline.assign(m_vus.size(), -1);
    for (size_t i = 0; i < m_vus.size(); ++i) {
        m_slotOf.insert(m_vus[i], int(i));
        m_slotOn[i].store(false);
    }
    m_started.store(true);
    if (!m_paused.load())
        applyTarget(currentTarget(), 0);
}

qint64 RampingVusExecutor::currentTarget() const
{
    // Both are test-wide counts; a segmented runner applies its share (as externally-controlled).
    const qint64 manualVus = m_manualVus.load();
    return m_config.scaled(manualVus >= 0 ? manualVus : scheduledVus(m_lastElapsedMs));
}

void RampingVusExecutor::applyNow()
{
    if (m_started.load() && !m_finished.load() && !m_paused.load() && m_accepting.load()) {
        applyTarget(currentTarget(), m_lastElapsedMs);
        enforceRampDownGrace(m_lastElapsedMs);
    }
}

ControlError RampingVusExecutor::setManualVus(qint64 vus)
{
    if (const ControlError e = vuChangeError(vus, testWideVusLimit()); !e.ok())
        return e;
    m_manualVus.store(vus);
    applyNow();
    return {};
}

ControlError RampingVusExecutor::holdManual()
{
    if (m_finished.load())
        return ControlError::invalidChange(QStringLiteral("the test run has already finished"));
    if (!manual())
        m_manualVus.store(scheduledVus(m_lastElapsedMs));
    return {};
}

ControlError RampingVusExecutor::backToSchedule()
{
    m_manualVus.store(-1);
    applyNow();
    return {};
}

void RampingVusExecutor::resumeVus()
{
    // Every VU is idle after the pause: start the slots the target asks for.
    for (size_t i = 0; i < m_vus.size(); ++i) {
        m_slotOn[i].store(false);
        m_rampDownDeadline[i] = -1;
    }
    applyTarget(currentTarget(), m_lastElapsedMs);
}

bool RampingVusExecutor::acquireIteration(Vu &vu)
{
    if (!mayStart())
        return false;
    const int slot = m_slotOf.value(&vu, -1);
    return slot >= 0 && m_slotOn[size_t(slot)].load(std::memory_order_acquire);
}

void RampingVusExecutor::applyTarget(qint64 target, qint64 elapsedMs)
{
    for (size_t i = 0; i < m_vus.size(); ++i) {
        Vu *vu = m_vus[i];
        const bool want = qint64(i) < target;
        if (want == m_slotOn[i].load())
            continue;
        m_slotOn[i].store(want, std::memory_order_release);
        if (want) {
            // Also cancels a pending ramp-down: the VU keeps looping after its iteration.
            m_rampDownDeadline[i] = -1;
            vu->activate(this);
        } else {
            vu->deactivate(false);
            m_rampDownDeadline[i] = elapsedMs + rampDownGraceMs();
        }
    }
}

void RampingVusExecutor::enforceRampDownGrace(qint64 elapsedMs)
{
    for (size_t i = 0; i < m_vus.size(); ++i) {
        if (m_rampDownDeadline[i] < 0)
            continue;
        if (m_vus[i]->state() != Vu::State::Running) {
            m_rampDownDeadline[i] = -1;   // finished its iteration in time
        } else if (elapsedMs >= m_rampDownDeadline[i]) {
            m_vus[i]->deactivate(true);
            m_rampDownDeadline[i] = -1;
        }
    }
}

bool RampingVusExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    if (m_paused.load()) {
        // Paused: the schedule stands still. Until the pause has taken effect the clock runs,
        // and the end of the schedule still ends the scenario.
        if (pauseSettled() || elapsedMs < scheduleEndMs())
            return false;
        return finishAfterGracefulStop(elapsedMs);
    }
    m_lastElapsedMs = elapsedMs;
    if (elapsedMs < scheduleEndMs()) {
        applyTarget(currentTarget(), elapsedMs);
        enforceRampDownGrace(elapsedMs);
        return false;
    }
    return finishAfterGracefulStop(elapsedMs);
}

qint64 RampingVusExecutor::activeVus() const
{
    QMutexLocker lock(&m_vusMutex);
    qint64 n = 0;
    for (Vu *vu : m_vus)
        n += (vu->isActive() || vu->state() == Vu::State::Running) ? 1 : 0;
    return n;
}

} // namespace throttle
