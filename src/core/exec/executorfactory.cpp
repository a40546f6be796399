#include "core/exec/executorfactory.h"

#include "core/exec/constantvusexecutor.h"
#include "core/exec/externallycontrolledexecutor.h"
#include "core/exec/pervuiterationsexecutor.h"
#include "core/exec/sharediterationsexecutor.h"

namespace throttle {

bool ExecutorFactory::isSupported(ScenarioConfig::Executor type)
{
    using E = ScenarioConfig::Executor;
    return type == E::ConstantVUs || type == E::ExternallyControlled || type == E::SharedIterations ||
           type == E::PerVUIterations;
}

std::unique_ptr<Executor> ExecutorFactory::create(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters)
{
    using E = ScenarioConfig::Executor;
    switch (config.executor) {
    case E::ConstantVUs:
        return std::make_unique<ConstantVusExecutor>(config, pool, counters);
    case E::ExternallyControlled:
        return std::make_unique<ExternallyControlledExecutor>(config, pool, counters);
    case E::SharedIterations:
        return std::make_unique<SharedIterationsExecutor>(config, pool, counters);
    case E::PerVUIterations:
        return std::make_unique<PerVuIterationsExecutor>(config, pool, counters);
    default:
        return nullptr;
    }
}

} // namespace throttle
