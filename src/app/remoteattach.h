#pragma once
// remoteAttachFactory(): the RunController::AttachFactory the desktop app injects — a RemoteRun
// (src/api) for the address, seen by throttle_ui only through RunControl and plain values, so
// throttle_ui does not link throttle_api. Header-only; the AttachedRun it builds lives on the GUI
// thread (the RemoteRun polls there).

#include "api/remoterequeststats.h"
#include "api/remoterun.h"
#include "ui/runcontroller.h"

namespace throttle {

inline RunController::AttachFactory remoteAttachFactory()
{
    return [](const QString &address) {
        auto remote = std::make_unique<RemoteRun>(address);
        const RemoteRun *r = remote.get();   // owned by the AttachedRun with the functions below
        AttachedRun a;
        a.connected = [r] { return r->connected(); };
        a.lastError = [r] { return r->lastError(); };
        a.metrics = [r] {
            QList<AttachedMetric> out;
            for (const RemoteMetric &m : r->metrics())
                out.append(AttachedMetric{m.name, m.type, m.contains, m.tainted, m.sample});
            return out;
        };
        a.groups = [r] { return r->groups(); };
        auto *stats = new RemoteRequestStats(address, remote.get());   // polled with the run, dies with it
        a.requests = [stats] { return AttachedRequests{stats->supported(), stats->snapshot(), stats->elapsedSec()}; };
        a.thresholds = [stats] { return stats->thresholds(); };
        a.control = std::move(remote);
        return a;
    };
}

} // namespace throttle
