#pragma once
// shared-iterations: `iterations` in total, taken by whichever of the `vus` VUs is free; stops at
// `maxDuration` (then gracefulStop), and counts never-started iterations as dropped (§3.2, §3.3).

#include "core/exec/iterationsexecutor.h"

namespace throttle {

class SharedIterationsExecutor : public IterationsExecutor {
public:
    using IterationsExecutor::IterationsExecutor;
    bool acquireIteration(Vu &vu) override;
    qint64 droppedIterations() const override;

private:
    std::atomic<qint64> m_claimed{0};
    const qint64 m_iterations = m_config.segmentIterations();   // this instance's share
};

} // namespace throttle
