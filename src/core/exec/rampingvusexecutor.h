#pragma once
// ramping-vus: the number of active VUs follows `stages` linearly from `startVUs`; a
// `{duration: 0}` stage jumps (script-api.md §3.2). VUs removed by a ramp-down finish their
// iteration, waiting at most `gracefulRampDown`, then are interrupted; when the stages are over,
// running iterations get `gracefulStop` (§3.3). Owns no thread: start/tick run on the run thread,
// control calls (pause, resume, setManualVus, backToSchedule) on a RunControl caller under
// LocalRun's control lock, acquireIteration on VU threads.
//
// VU slot table (slot i, target T = the schedule's targetAt(elapsed), or the manual VU count in
// manual mode; "deadline" = when ramped down + rampDownGraceMs()):
// | slot state \ input   | i < T            | i >= T                        | deadline passed | stages over |
// |----------------------|------------------|-------------------------------|-----------------|-------------|
// | Off (idle)           | activate -> On   | -                             | -               | -           |
// | On (looping)         | -                | soft deactivate -> RampingDown | -              | gracefulStop |
// | RampingDown (last it)| activate -> On   | -                             | interrupt -> Off | gracefulStop |
//
// Mode table (Throttle's manual override; README "Steering every executor"):
// | mode \ input | setManualVus(n), 0 <= n <= maxVUs | holdManual()            | backToSchedule()         | time up  |
// |--------------|-----------------------------------|-------------------------|--------------------------|----------|
// | Schedule     | Manual(n), applied now            | Manual(current target)  | no-op                    | gracefulStop |
// | Manual(m)    | Manual(n), applied now            | no-op                   | Schedule, targetAt(now)  | gracefulStop |
// Out-of-bounds n: 400 Config update error, mode unchanged. While paused, the new target applies
// on resume; before the start, at the start. The stages' total duration still ends the scenario.

#include "core/exec/executor.h"

#include <QHash>
#include <memory>

namespace throttle {

class RampingVusExecutor : public Executor {
public:
    using Executor::Executor;

    // Active VUs the stages ask for at `elapsedMs` after the scenario start: this instance's
    // share of the test-wide count when the run is segmented (targetAt), and that count.
    static qint64 targetAt(const ScenarioConfig &config, qint64 elapsedMs);
    static qint64 testWideTargetAt(const ScenarioConfig &config, qint64 elapsedMs);
    static qint64 stagesDurationMs(const ScenarioConfig &config);

    qint64 preAllocatedVus() const override;
    void start(std::vector<Vu *> vus, bool paused) override;
    bool tick(qint64 elapsedMs) override;
    bool acquireIteration(Vu &vu) override;
    // VUs looping plus those finishing their last iteration after a ramp-down.
    qint64 activeVus() const override;

    int capabilities() const override { return CapPause | CapVus; }
    ControlError setManualVus(qint64 vus) override;
    ControlError holdManual() override;
    ControlError backToSchedule() override;
    bool manual() const override { return m_manualVus.load() >= 0; }
    // The bound of a VU change: the test-wide maxVUs (a manual count is test-wide too).
    qint64 vusLimit() const override { return testWideVusLimit(); }

protected:
    // The schedule: VUs wanted at elapsedMs, and when it ends (constant-vus overrides both).
    // Test-wide counts (execution segments: each runner applies m_config.scaled() of them).
    virtual qint64 scheduledVus(qint64 elapsedMs) const { return testWideTargetAt(m_config, elapsedMs); }
    virtual qint64 testWideVusLimit() const { return m_config.stagesMaxTarget(m_config.startVUsOrDefault()); }
    virtual qint64 scheduleEndMs() const { return stagesDurationMs(m_config); }
    virtual qint64 rampDownGraceMs() const { return m_config.gracefulRampDown(); }
    void resumeVus() override;

private:
    qint64 currentTarget() const;
    void applyTarget(qint64 target, qint64 elapsedMs);
    void enforceRampDownGrace(qint64 elapsedMs);
    void applyNow();

    QHash<const Vu *, int> m_slotOf;                 // fixed at start; read by VU threads
    std::unique_ptr<std::atomic<bool>[]> m_slotOn;   // may the slot start iterations
    std::vector<qint64> m_rampDownDeadline;          // per slot, elapsed ms; -1 = none
    std::atomic<qint64> m_manualVus{-1};             // -1 = follow the schedule
    qint64 m_lastElapsedMs = 0;                      // of the last tick
};

} // namespace throttle
