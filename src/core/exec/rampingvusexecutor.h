#pragma once
// ramping-vus: the number of active VUs follows `stages` linearly from `startVUs`; a
// `{duration: 0}` stage jumps (script-api.md §3.2). VUs removed by a ramp-down finish their
// iteration, waiting at most `gracefulRampDown`, then are interrupted; when the stages are over,
// running iterations get `gracefulStop` (§3.3). Owns no thread: start/tick run on the run thread,
// acquireIteration on VU threads.
//
// VU slot table (slot i, target T from targetAt(elapsed); "deadline" = when ramped down + gracefulRampDown):
// | slot state \ input   | i < T            | i >= T                        | deadline passed | stages over |
// |----------------------|------------------|-------------------------------|-----------------|-------------|
// | Off (idle)           | activate -> On   | -                             | -               | -           |
// | On (looping)         | -                | soft deactivate -> RampingDown | -              | gracefulStop |
// | RampingDown (last it)| activate -> On   | -                             | interrupt -> Off | gracefulStop |

#include "core/exec/executor.h"

#include <QElapsedTimer>
#include <QHash>
#include <memory>

namespace throttle {

class RampingVusExecutor : public Executor {
public:
    using Executor::Executor;

    // Active VUs the stages ask for at `elapsedMs` after the scenario start: this instance's
    // share of the test-wide count when the run is segmented.
    static qint64 targetAt(const ScenarioConfig &config, qint64 elapsedMs);
    static qint64 stagesDurationMs(const ScenarioConfig &config);

    int preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    bool acquireIteration(Vu &vu) override;
    // VUs looping plus those finishing their last iteration after a ramp-down.
    qint64 activeVus() const override;

private:
    void applyTarget(qint64 target, qint64 elapsedMs);
    void enforceRampDownGrace(qint64 elapsedMs);

    QHash<const Vu *, int> m_slotOf;                 // fixed at start; read by VU threads
    std::unique_ptr<std::atomic<bool>[]> m_slotOn;   // may the slot start iterations
    std::vector<qint64> m_rampDownDeadline;          // per slot, elapsed ms; -1 = none
};

} // namespace throttle
