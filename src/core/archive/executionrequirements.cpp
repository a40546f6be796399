#include "core/archive/executionrequirements.h"

#include <algorithm>
#include <map>

namespace throttle {

ExecutionRequirements ExecutionRequirements::of(const QList<ScenarioConfig> &scenarios)
{
    ExecutionRequirements r;
    std::map<qint64, qint64> delta;   // time -> change in VUs held
    for (const ScenarioConfig &sc : scenarios) {
        r.totalDurationMs = std::max(r.totalDurationMs, sc.endOffsetMs());
        delta[sc.startTime()] += sc.maxVUs();
        delta[sc.endOffsetMs()] -= sc.maxVUs();   // freed at its end, before a scenario starting then
    }
    qint64 held = 0;
    for (const auto &[time, change] : delta) {
        held += change;
        r.maxVUs = std::max(r.maxVUs, held);
    }
    return r;
}

} // namespace throttle
