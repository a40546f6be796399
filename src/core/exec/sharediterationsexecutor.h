#pragma once
// shared-iterations: `iterations` in total, taken by whichever of the `vus` VUs is free; stops at
// `maxDuration` (then gracefulStop), and counts never-started iterations as dropped (§3.2, §3.3).

#include "core/exec/executor.h"

#include <QElapsedTimer>

namespace throttle {

class SharedIterationsExecutor : public Executor {
public:
    using Executor::Executor;
    int preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    bool acquireIteration(Vu &vu) override;
    qint64 droppedIterations() const;

private:

    std::atomic<qint64> m_claimed{0};
};

} // namespace throttle
