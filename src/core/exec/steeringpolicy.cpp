#include "core/exec/steeringpolicy.h"

namespace throttle {

namespace {

ControlError alreadyFinished() { return ControlError::invalidChange(QStringLiteral("the test run has already finished")); }

// No scenario takes the change: the ones that could have are all finished (400), or there is
// none (500, naming the executors that would).
ControlError noTarget(bool over, const QString &change)
{
    if (over)
        return alreadyFinished();
    return ControlError::notConfigured(QStringLiteral("no scenario accepts %1 executor needs to be configured").arg(change));
}

} // namespace

SteeringPolicy::SteeringPolicy(std::vector<SteeringTarget *> targets, bool strictK6)
    : m_targets(std::move(targets)), m_strictK6(strictK6)
{
}

int SteeringPolicy::capabilitiesOf(const SteeringTarget &t) const
{
    if (m_strictK6)
        return t.canPauseAfterStart() ? t.capabilities() : 0;
    return t.capabilities();
}

ControlError SteeringPolicy::checkPauseChange(bool pause, const RunPosition &at) const
{
    if (at.scenariosOver || at.phase >= int(ExecStatus::Teardown))
        return ControlError::wrongState(QStringLiteral("the test run has already finished"));
    if (at.phase <= int(ExecStatus::PausedBeforeRun) && at.startPaused && at.paused)
        return pause ? ControlError::wrongState(QStringLiteral("execution is already paused")) : ControlError{};
    if (at.phase < int(ExecStatus::Running))
        return ControlError::wrongState(QStringLiteral("cannot pause the externally controlled executor before it has started"));
    for (const SteeringTarget *t : m_targets)
        if (!(capabilitiesOf(*t) & SteeringTarget::CapPause))
            return ControlError::wrongState(QStringLiteral("%1 executor '%2' doesn't support pause and resume operations after its start")
                                  .arg(t->executorName(), t->name()));
    if (pause && at.paused)
        return ControlError::wrongState(QStringLiteral("test execution was already paused"));
    if (!pause && !at.paused)
        return ControlError::wrongState(QStringLiteral("test execution wasn't paused"));
    return {};
}

ControlError SteeringPolicy::steer(const StatusPatch &patch, bool scenariosOver)
{
    if (m_strictK6)
        return scaleK6(patch, scenariosOver);
    SteeringTarget *target = nullptr;
    if (patch.scenario) {
        target = named(*patch.scenario);
        if (!target)
            return ControlError::invalidChange(QStringLiteral("there is no scenario '%1'").arg(*patch.scenario));
    }
    if (patch.mode && *patch.mode != QLatin1String("schedule") && *patch.mode != QLatin1String("manual"))
        return ControlError::invalidChange(QStringLiteral("invalid configuration supplied: the mode must be \"schedule\" or \"manual\""));
    if (patch.mode == QStringLiteral("schedule") && (patch.vus || patch.vusMax || patch.rate))
        return ControlError::invalidChange(QStringLiteral("invalid configuration supplied: mode \"schedule\" can't be combined with vus, vus-max or rate"));
    if (scenariosOver)
        return alreadyFinished();
    if (patch.vus || patch.vusMax) {
        const ControlError e = steerVus(target, patch);
        if (!e.ok())
            return e;
    }
    if (patch.rate) {
        const ControlError e = steerRate(target, *patch.rate);
        if (!e.ok())
            return e;
    }
    if (patch.mode)
        return steerMode(target, *patch.mode);
    return {};
}

// k6 knows only vus and vus-max, on the externally-controlled executor; the additive attributes
// are ignored as unknown ones.
ControlError SteeringPolicy::scaleK6(const StatusPatch &patch, bool scenariosOver)
{
    if (!patch.vus && !patch.vusMax)
        return {};
    SteeringTarget *ext = firstExternallyControlled();
    if (!ext)
        return ControlError::notConfigured(QStringLiteral("an externally-controlled executor needs to be configured for live configuration updates"));
    if (scenariosOver)
        return alreadyFinished();
    return ext->scale(patch.vus, patch.vusMax);
}

ControlError SteeringPolicy::steerVus(SteeringTarget *target, const StatusPatch &patch)
{
    if (!target)
        target = firstExternallyControlled();   // k6's target first
    bool over = false;
    if (!target)
        target = firstCapable(SteeringTarget::CapVus, &over);
    if (!target)
        return noTarget(over, QStringLiteral("a live VU change; an externally-controlled, ramping-vus or constant-vus"));
    if (target->capabilities() & SteeringTarget::CapVusMax)
        return target->scale(patch.vus, patch.vusMax);
    if (!(target->capabilities() & SteeringTarget::CapVus))
        return target->unsupported(QStringLiteral("live VU changes"));
    if (patch.vusMax && *patch.vusMax != target->vusLimit())
        return target->unsupported(QStringLiteral("changing vus-max (%1)").arg(target->vusLimit()));
    return patch.vus ? target->setManualVus(*patch.vus) : ControlError{};
}

ControlError SteeringPolicy::steerRate(SteeringTarget *target, qint64 rate)
{
    bool over = false;
    if (!target)
        target = firstCapable(SteeringTarget::CapRate, &over);
    if (!target)
        return noTarget(over, QStringLiteral("a live rate change; a constant-arrival-rate or ramping-arrival-rate"));
    if (!(target->capabilities() & SteeringTarget::CapRate))
        return target->unsupported(QStringLiteral("live rate changes"));
    return target->setManualRate(rate);
}

ControlError SteeringPolicy::steerMode(SteeringTarget *target, const QString &mode)
{
    const bool schedule = mode == QLatin1String("schedule");
    if (target)
        return schedule ? target->backToSchedule() : target->holdManual();
    // Every scenario that has a schedule and a manual mode (not externally-controlled).
    for (SteeringTarget *t : m_targets) {
        const int caps = t->capabilities();
        if (t->finished() || caps & SteeringTarget::CapVusMax || !(caps & (SteeringTarget::CapVus | SteeringTarget::CapRate)))
            continue;
        const ControlError err = schedule ? t->backToSchedule() : t->holdManual();
        if (!err.ok())
            return err;
    }
    return {};
}

SteeringTarget *SteeringPolicy::named(const QString &scenario) const
{
    for (SteeringTarget *t : m_targets)
        if (t->name() == scenario)
            return t;
    return nullptr;
}

SteeringTarget *SteeringPolicy::firstExternallyControlled() const
{
    for (SteeringTarget *t : m_targets)
        if (t->canPauseAfterStart())   // k6: the externally-controlled executor, and only it
            return t;
    return nullptr;
}

SteeringTarget *SteeringPolicy::firstCapable(int capability, bool *over) const
{
    *over = false;
    for (SteeringTarget *t : m_targets) {
        if (!(t->capabilities() & capability))
            continue;
        if (!t->finished())
            return t;
        *over = true;
    }
    return nullptr;
}

} // namespace throttle
