#pragma once
// TargetFollow: when the VU slider and the max-VUs field show the run's own values (a REST
// client or `throttle scale` may change them) instead of what the person set. One row per case:
//
// | run                                   | local change pending* | follow |
// |---------------------------------------|-----------------------|--------|
// | running (status 7), not paused/stopped | no                    | yes    |
// | running                               | yes                   | no     |
// | paused                                | any                   | no  (VUs read 0 while paused)   |
// | stopped (stop asked, VUs winding down) | any                   | no  (the count falls to 0)      |
// | not running yet, or over (status≠7)   | any                   | no     |
//
// * a drag, a queued scale() or the first 1.5 s after one. Header-only; no state.

#include "core/exec/runcontrol.h"

namespace throttle {

struct TargetFollow {
    static bool follows(const RunStatus &s, bool localChangePending)
    {
        return s.status == int(ExecStatus::Running) && !s.paused && !s.stopped && !localChangePending;
    }
};

} // namespace throttle
