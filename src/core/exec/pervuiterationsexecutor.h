#pragma once
// per-vu-iterations: every one of `vus` VUs runs exactly `iterations`; stops at `maxDuration`
// (then gracefulStop) (§3.2, §3.3).

#include "core/exec/executor.h"

#include <QElapsedTimer>
#include <QHash>

namespace throttle {

class PerVuIterationsExecutor : public Executor {
public:
    using Executor::Executor;
    int preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    bool acquireIteration(Vu &vu) override;
    qint64 droppedIterations() const;

private:

    mutable QMutex m_countMutex;
    QHash<int, qint64> m_perVu;   // VU id -> iterations started
};

} // namespace throttle
