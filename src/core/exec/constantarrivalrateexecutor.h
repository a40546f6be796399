#pragma once
// constant-arrival-rate: `rate` iteration starts per `timeUnit`, evenly spaced from the scenario
// start (the first at 0) for `duration` (script-api.md §3.2). VU handling, drops and threads:
// ArrivalRateExecutor. The schedule below runs on its scheduling thread.

#include "core/exec/arrivalrateexecutor.h"

namespace throttle {

class ConstantArrivalRateExecutor : public ArrivalRateExecutor {
public:
    using ArrivalRateExecutor::ArrivalRateExecutor;
    ~ConstantArrivalRateExecutor() override;

protected:
    std::optional<double> nextArrivalMs() override;
    qint64 durationMs() const override { return m_config.durationMs.value_or(0); }
    double scheduledRatePerMs(double) const override
    {
        return double(m_config.rate.value_or(0)) / double(m_config.timeUnit());
    }

private:
    qint64 m_next = 0;   // index of the next start of this instance
};

} // namespace throttle
