#pragma once
// IterationsExecutor: the schedule shared by the iteration-bounded executors (shared-iterations,
// per-vu-iterations): `vus` looping VUs started at once; over when every VU has run out of
// iterations, or at maxDuration plus gracefulStop; never-started iterations are reported as
// dropped_iterations. Subclasses decide who gets the next iteration (acquireIteration).

#include "core/exec/executor.h"

namespace throttle {

class IterationsExecutor : public Executor {
public:
    using Executor::Executor;
    qint64 preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    virtual qint64 droppedIterations() const = 0;
};

} // namespace throttle
