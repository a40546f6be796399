#pragma once
// per-vu-iterations: every one of `vus` VUs runs exactly `iterations`; stops at `maxDuration`
// (then gracefulStop) (§3.2, §3.3).

#include "core/exec/iterationsexecutor.h"
#include <QHash>

namespace throttle {

class PerVuIterationsExecutor : public IterationsExecutor {
public:
    using IterationsExecutor::IterationsExecutor;
    bool acquireIteration(Vu &vu) override;
    qint64 droppedIterations() const override;

private:
    mutable QMutex m_countMutex;
    QHash<int, qint64> m_perVu;   // VU id -> iterations started
};

} // namespace throttle
