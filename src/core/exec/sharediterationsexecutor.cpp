#include "core/exec/sharediterationsexecutor.h"

namespace throttle {

bool SharedIterationsExecutor::acquireIteration(Vu &)
{
    if (!mayStart())
        return false;
    // Claim one of the shared iterations; the VU goes idle once they are all taken.
    return m_claimed.fetch_add(1, std::memory_order_acq_rel) < m_iterations;
}

qint64 SharedIterationsExecutor::droppedIterations() const
{
    return std::max<qint64>(0, m_iterations - std::min(m_claimed.load(), m_iterations));
}

} // namespace throttle
