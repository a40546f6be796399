#pragma once
// SteeringPolicy: which scenario a live change goes to and what the run answers (control-api.md
// §2.3–§3, README "Steering every executor"). Pure logic over the run's scenarios (SteeringTarget,
// in execution order); it owns no thread and no lock: LocalRun calls it with its control lock held.
// Every rule below is a row of tests/core/exec/tst_steeringpolicy.
//
// Live VU, rate and mode changes (steer); the first row that applies answers.
// strict-k6 (k6's answers; rate, mode and scenario are ignored as k6 ignores unknown attributes):
// | patch                     | answer                                                            |
// |---------------------------|-------------------------------------------------------------------|
// | no vus, no vus-max        | ok, nothing changes                                               |
// | no externally-controlled  | 500 Execution config error                                        |
// | run over                  | 400 the test run has already finished                             |
// | vus / vus-max             | the first externally-controlled scenario scales                   |
// Throttle:
// | patch                     | answer                                                            |
// |---------------------------|-------------------------------------------------------------------|
// | unknown scenario          | 400 there is no scenario                                          |
// | mode not schedule/manual  | 400 invalid configuration                                         |
// | schedule with a value     | 400 invalid configuration                                         |
// | run over                  | 400 the test run has already finished                             |
// | vus / vus-max             | the named scenario, else the first externally-controlled, else    |
// |                           | the first unfinished one with VU changes (all finished: 400; none:|
// |                           | 500). Without the vus-max capability, a vus-max other than the    |
// |                           | scenario's limit is refused (400)                                 |
// | rate                      | the named scenario, else the first unfinished arrival-rate one    |
// |                           | (all finished: 400; none: 500)                                    |
// | mode                      | the named scenario, else every unfinished scenario that has a     |
// |                           | schedule and a manual mode (not externally-controlled)            |
// vus/vus-max, then rate, then mode; the first error ends the change (what went before stays).
//
// Pause and resume (checkPauseChange), the first matching row answers (500 "Pause error"):
// | run position                                  | pause                          | resume                          |
// |-----------------------------------------------|--------------------------------|---------------------------------|
// | scenarios over, or teardown and later         | already finished               | already finished                |
// | waiting before the start (--paused)           | execution is already paused    | ok: the run starts              |
// | before running                                | cannot pause before started    | cannot pause before started     |
// | a scenario without pause (strict-k6: any but  | <executor> doesn't support     | <executor> doesn't support      |
// | externally-controlled)                        | pause and resume               | pause and resume                |
// | paused / not paused                           | already paused / ok            | ok / wasn't paused              |

#include "core/exec/runcontrol.h"
#include "core/exec/steeringtarget.h"

#include <vector>

namespace throttle {

// Where the run is, as a pause or resume sees it.
struct RunPosition {
    int phase = 0;                // ExecStatus
    bool scenariosOver = false;   // every scenario ended (or the run was stopped)
    bool startPaused = false;     // --paused: the run waits for a resume before its start
    bool paused = false;
};

class SteeringPolicy {
public:
    SteeringPolicy(std::vector<SteeringTarget *> targets, bool strictK6);

    bool strictK6() const { return m_strictK6; }
    // What the status shows and a change may use: strict-k6 allows nothing but the
    // externally-controlled executor's own changes.
    int capabilitiesOf(const SteeringTarget &t) const;
    // May the run be paused (pause = true) or resumed now? ok: go ahead.
    ControlError checkPauseChange(bool pause, const RunPosition &at) const;
    // Applies the vus / vus-max / rate / mode of a PATCH to the scenarios the rules pick.
    ControlError steer(const StatusPatch &patch, bool scenariosOver);

private:
    ControlError scaleK6(const StatusPatch &patch, bool scenariosOver);
    ControlError steerVus(SteeringTarget *named, const StatusPatch &patch);
    ControlError steerRate(SteeringTarget *named, qint64 rate);
    ControlError steerMode(SteeringTarget *named, const QString &mode);
    SteeringTarget *named(const QString &scenario) const;
    SteeringTarget *firstExternallyControlled() const;
    // The first scenario with the capability that has not finished; *over is set when such
    // scenarios exist but all have finished.
    SteeringTarget *firstCapable(int capability, bool *over) const;

    std::vector<SteeringTarget *> m_targets;
    bool m_strictK6;
};

} // namespace throttle
