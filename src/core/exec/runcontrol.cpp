#include "runcontrol.h"

namespace throttle {

ControlError RunControl::applyPatch(const StatusPatch &patch)
{
    if (patch.stopped)
        return stop();
    if (patch.paused.has_value()) {
        const ControlError e = *patch.paused ? pause() : resume();
        if (!e.ok())
            return e;
    }
    if (patch.steers())
        return steer(patch);
    return ControlError::none();
}

ControlError RunControl::steer(const StatusPatch &patch)
{
    if (patch.vus.has_value() || patch.vusMax.has_value())
        return scale(patch.vus, patch.vusMax);
    return ControlError::none();
}

ControlError RunControl::setRate(qint64 rate, const QString &scenario)
{
    StatusPatch p;
    p.rate = rate;
    if (!scenario.isEmpty())
        p.scenario = scenario;
    return steer(p);
}

ControlError RunControl::backToSchedule(const QString &scenario)
{
    StatusPatch p;
    p.mode = QStringLiteral("schedule");
    if (!scenario.isEmpty())
        p.scenario = scenario;
    return steer(p);
}

} // namespace throttle
