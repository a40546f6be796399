#pragma once
// ramping-arrival-rate: the start rate moves linearly from `startRate` through each stage's
// `target` (per `timeUnit`); `{duration: 0}` jumps (script-api.md §3.2). Start n (from 1) happens
// when the area under the rate curve reaches n, as in k6. VU handling, drops and threads:
// ArrivalRateExecutor; the schedule below runs on its scheduling thread.

#include "core/exec/arrivalrateexecutor.h"

namespace throttle {

class RampingArrivalRateExecutor : public ArrivalRateExecutor {
public:
    using ArrivalRateExecutor::ArrivalRateExecutor;
    ~RampingArrivalRateExecutor() override;

    // Time (ms from the start) at which the area under the rate curve of one stage reaches
    // `area`: from/to are rates per ms, the stage lasts durationMs.
    static double timeForArea(double from, double to, double durationMs, double area);

protected:
    std::optional<double> nextArrivalMs() override;
    qint64 durationMs() const override;
    double scheduledRatePerMs(double ms) const override;

private:
    // Cursor over the stages; scheduling thread only.
    qint64 m_nextStart = 0;           // this instance's next start (0-based)
    int m_stage = 0;
    double m_stageStartMs = 0;
    double m_areaBefore = 0;          // starts due before m_stage
    std::optional<double> m_fromRate; // per ms at the start of m_stage
};

} // namespace throttle
