#include "core/exec/rampingarrivalrateexecutor.h"

#include "core/exec/rampingvusexecutor.h"

#include <cmath>

namespace throttle {

RampingArrivalRateExecutor::~RampingArrivalRateExecutor()
{
    stopThreads();
}

qint64 RampingArrivalRateExecutor::durationMs() const
{
    return RampingVusExecutor::stagesDurationMs(m_config);
}

double RampingArrivalRateExecutor::scheduledRatePerMs(double ms) const
{
    const double unit = double(m_config.timeUnit());
    double from = double(m_config.startRateOrDefault()) / unit;
    double stageStart = 0;
    for (const ScenarioConfig::Stage &stage : m_config.stages) {
        const double duration = double(stage.durationMs.value_or(0));
        const double to = double(stage.target.value_or(0)) / unit;
        if (ms < stageStart + duration)
            return from + (to - from) * (ms - stageStart) / duration;
        from = to;
        stageStart += duration;
    }
    return from;
}

double RampingArrivalRateExecutor::timeForArea(double from, double to, double durationMs, double area)
{
    // area(x) = from*x + slope/2*x^2. The root of area(x) = a, written as 2a / (from + sqrt(..))
    // instead of (-from + sqrt(..)) / slope, is stable for a flat stage (slope 0) too.
    const double slope = (to - from) / durationMs;
    const double root = std::sqrt(std::max(0.0, from * from + 2 * slope * area));
    const double denominator = from + root;
    if (denominator <= 0)
        return durationMs;
    return std::min(durationMs, 2 * area / denominator);
}

std::optional<double> RampingArrivalRateExecutor::nextArrivalMs()
{
    const double unit = double(m_config.timeUnit());
    if (!m_fromRate)
        m_fromRate = double(m_config.startRateOrDefault()) / unit;
    // Segmented: only this instance's starts of the test-wide sequence.
    const double need = double(m_stripe.globalIndex(m_nextStart) + 1);
    while (m_stage < m_config.stages.size()) {
        const ScenarioConfig::Stage &stage = m_config.stages[m_stage];
        const double duration = double(stage.durationMs.value_or(0));
        const double to = double(stage.target.value_or(0)) / unit;
        const double area = duration * (*m_fromRate + to) / 2;
        // Tolerance for the float sums: a start due exactly at a stage end belongs to that stage.
        if (duration > 0 && need <= m_areaBefore + area + 1e-9 * need) {
            ++m_nextStart;
            return m_stageStartMs + timeForArea(*m_fromRate, to, duration, need - m_areaBefore);
        }
        m_areaBefore += area;
        m_stageStartMs += duration;
        m_fromRate = to;
        ++m_stage;
    }
    return std::nullopt;
}

} // namespace throttle
