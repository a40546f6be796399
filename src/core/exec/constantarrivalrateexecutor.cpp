#include "core/exec/constantarrivalrateexecutor.h"

namespace throttle {

ConstantArrivalRateExecutor::~ConstantArrivalRateExecutor()
{
    stopThreads();
}

std::optional<double> ConstantArrivalRateExecutor::nextArrivalMs()
{
    const qint64 rate = m_config.rate.value_or(0);
    if (rate <= 0)
        return std::nullopt;
    // Start i at i * timeUnit / rate, computed from i (no accumulated rounding error); a
    // segmented run takes only its own starts of that test-wide sequence.
    const double at = double(m_stripe.globalIndex(m_next)) * double(m_config.timeUnit()) / double(rate);
    if (at >= double(durationMs()))
        return std::nullopt;
    ++m_next;
    return at;
}

} // namespace throttle
