#include "core/exec/executorfactory.h"

#include "core/exec/constantarrivalrateexecutor.h"
#include "core/exec/constantvusexecutor.h"
#include "core/exec/externallycontrolledexecutor.h"
#include "core/exec/pervuiterationsexecutor.h"
#include "core/exec/rampingarrivalrateexecutor.h"
#include "core/exec/rampingvusexecutor.h"
#include "core/exec/sharediterationsexecutor.h"

namespace throttle {

bool ExecutorFactory::isSupported(ScenarioConfig::Executor type)
{
    using E = ScenarioConfig::Executor;
    switch (type) {
    case E::ConstantVUs:
    case E::RampingVUs:
    case E::SharedIterations:
    case E::PerVUIterations:
    case E::ConstantArrivalRate:
    case E::RampingArrivalRate:
    case E::ExternallyControlled:
        return true;
    }
    return false;
}

std::unique_ptr<Executor> ExecutorFactory::create(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters,
                                                  const ExecutorServices &services)
{
    using E = ScenarioConfig::Executor;
    switch (config.executor) {
    case E::ConstantVUs:
        return std::make_unique<ConstantVusExecutor>(config, pool, counters, services);
    case E::ExternallyControlled:
        return std::make_unique<ExternallyControlledExecutor>(config, pool, counters);
    case E::SharedIterations:
        return std::make_unique<SharedIterationsExecutor>(config, pool, counters, services);
    case E::PerVUIterations:
        return std::make_unique<PerVuIterationsExecutor>(config, pool, counters, services);
    case E::RampingVUs:
        return std::make_unique<RampingVusExecutor>(config, pool, counters, services);
    case E::ConstantArrivalRate:
        return std::make_unique<ConstantArrivalRateExecutor>(config, pool, counters, services);
    case E::RampingArrivalRate:
        return std::make_unique<RampingArrivalRateExecutor>(config, pool, counters, services);
    default:
        return nullptr;
    }
}

} // namespace throttle
