#pragma once
// constant-vus: `vus` VUs loop the exec function for `duration`; then running iterations get up to
// `gracefulStop` to finish before they are interrupted (script-api.md §3.2, §3.3).

#include "core/exec/executor.h"


namespace throttle {

class ConstantVusExecutor : public Executor {
public:
    using Executor::Executor;
    int preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
};

} // namespace throttle
