#pragma once
// remoteAttachFactory(): the RunController::AttachFactory the desktop app injects — a RemoteRun
// (src/api) for the address, seen by throttle_ui only through RunControl and RunView, so
// throttle_ui does not link throttle_api. Header-only; the RemoteRun lives on the GUI thread
// (it polls there).

#include "api/remoterun.h"
#include "ui/runcontroller.h"

namespace throttle {

inline RunController::AttachFactory remoteAttachFactory()
{
    return [](const QString &address) {
        auto remote = std::make_unique<RemoteRun>(address);
        AttachedRun a;
        a.view = remote.get();
        a.control = std::move(remote);
        return a;
    };
}

} // namespace throttle
