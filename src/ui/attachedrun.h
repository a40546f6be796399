#pragma once
// AttachedRun: a run in another process as the window holds it, handed in by the app (the REST
// client lives in src/api, outside throttle_ui): the RunControl that steers it and the RunView
// that reads it — one object (RemoteRun) seen through its two interfaces. Built and used on the
// GUI thread; the control is called on the controller's worker threads like a local run's.

#include "core/exec/runcontrol.h"
#include "core/exec/runview.h"

#include <memory>

namespace throttle {

struct AttachedRun {
    std::unique_ptr<RunControl> control;   // owns the run object
    const RunView *view = nullptr;         // the same object's read side
};

} // namespace throttle
