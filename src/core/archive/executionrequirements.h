#pragma once
// ExecutionRequirements: what `k6 inspect --execution-requirements` adds to the options, and the
// k6-operator reads to size its runners: the test's end (the last scenario's startTime +
// duration + graceful stop) and the most VUs alive at once. Each scenario holds its maxVUs from
// its start to its end; scenarios that do not overlap in time share VUs, as in k6's plan.
// A plain value; any thread.

#include "core/script/scenarioconfig.h"

namespace throttle {

struct ExecutionRequirements {
    qint64 totalDurationMs = 0;
    qint64 maxVUs = 0;

    static ExecutionRequirements of(const QList<ScenarioConfig> &scenarios);
};

} // namespace throttle
