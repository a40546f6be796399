#pragma once
// ScenarioText: how the window describes a scenario — the VUs it starts with and may grow to, its
// load in the executor's own terms (stages, iterations, arrival rate) and its scheduled length
// without the graceful stop (an 8 s test is "8s", not the 38 s it may take at the latest). Pure
// functions over ScenarioConfig; any thread.

#include "core/script/scenarioconfig.h"

#include <QList>
#include <QString>

namespace throttle {

struct ScenarioText {
    // VUs running when the scenario starts: startVUs (ramping-vus), preAllocatedVUs (arrival
    // rate), vus otherwise.
    static qint64 startVus(const ScenarioConfig &s);
    // The scheduled length (startTime excluded, graceful stop excluded): duration, the stages'
    // sum, or maxDuration as the bound of the iteration executors. 0 = no end of its own.
    static qint64 scheduledMs(const ScenarioConfig &s);
    // startTime + scheduledMs() of the scenario that ends last.
    static qint64 scheduledMs(const QList<ScenarioConfig> &scenarios);
    // One line, e.g. "2 → 6 VUs in 3 stages · 1m0s", "20 iterations/s · 4–8 VUs · 1m0s".
    static QString summary(const ScenarioConfig &s);
    // "+30s graceful stop", "" when there is none.
    static QString gracefulNote(const ScenarioConfig &s);
};

} // namespace throttle
