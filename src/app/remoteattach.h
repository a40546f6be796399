#pragma once
// remoteAttachFactory(): the RunController::AttachFactory the desktop app injects — a RemoteRun
// (src/api) for the address, or a FleetRun when it names several runners, seen by throttle_ui only through RunControl and RunView, so
// throttle_ui does not link throttle_api. Header-only; the RemoteRun lives on the GUI thread
// (it polls there).

#include "api/fleetclient.h"
#include "api/fleetrun.h"
#include "api/remoterun.h"
#include "ui/runcontroller.h"

namespace throttle {

inline RunController::AttachFactory remoteAttachFactory()
{
    return [](const QString &address) {
        AttachedRun a;
        // Several runners ("a:6565,b:6565", or a name with several addresses): one fleet.
        if (const QStringList runners = FleetClient::resolve(address); runners.size() > 1) {
            auto fleet = std::make_unique<FleetRun>(runners);
            a.view = fleet.get();
            a.control = std::move(fleet);
            return a;
        }
        auto remote = std::make_unique<RemoteRun>(address);
        a.view = remote.get();
        a.control = std::move(remote);
        return a;
    };
}

} // namespace throttle
