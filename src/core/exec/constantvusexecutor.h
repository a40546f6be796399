#pragma once
// constant-vus: `vus` VUs loop the exec function for `duration`; then running iterations get up to
// `gracefulStop` to finish before they are interrupted (script-api.md §3.2, §3.3).
// Beyond k6 it is a ramping-vus with one flat stage, so it shares that executor's slots and
// manual override (README "Steering every executor"): a VU change holds 0..vus VUs; VUs taken
// away finish their iteration within gracefulStop, then are interrupted; back to the schedule
// means `vus` again.

#include "core/exec/rampingvusexecutor.h"

namespace throttle {

class ConstantVusExecutor : public RampingVusExecutor {
public:
    using RampingVusExecutor::RampingVusExecutor;
    qint64 preAllocatedVus() const override;

protected:
    qint64 scheduledVus(qint64) const override { return m_config.vusOrDefault(); }
    qint64 testWideVusLimit() const override { return m_config.vusOrDefault(); }
    qint64 scheduleEndMs() const override { return m_config.durationMs.value_or(0); }
    qint64 rampDownGraceMs() const override { return m_config.gracefulStop(); }
};

} // namespace throttle
