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
    if (patch.vus.has_value() || patch.vusMax.has_value())
        return scale(patch.vus, patch.vusMax);
    return ControlError::none();
}

} // namespace throttle
