#pragma once
// ExecutorFactory: the one place that maps a scenario's executor type to its class.

#include "core/exec/executor.h"

#include <memory>

namespace throttle {

class ExecutorFactory {
public:
    static bool isSupported(ScenarioConfig::Executor type);
    // nullptr for a type that isSupported() rejects. services: what the run lends its executors
    // (metrics for dropped_iterations, the log for warnings, run tags).
    static std::unique_ptr<Executor> create(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters,
                                            const ExecutorServices &services = {});
};

} // namespace throttle
