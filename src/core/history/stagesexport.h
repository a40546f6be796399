#pragma once
// StagesExport: a recorded run's steering log turned into a schedule that replays it — a
// `ramping-vus` scenario, or `ramping-arrival-rate` when the rate was steered (README "Run
// history"). Times are wall-clock offsets from the start of the run clock:
// | in the log                          | stages                                              |
// |-------------------------------------|-----------------------------------------------------|
// | a change before the run started     | the start value (startVUs / startRate)              |
// | a change after a quiet spell        | a hold at the old value for the spell, then a 0 s   |
// |                                     | stage to the new value                              |
// | changes < 1 s apart, same direction | one ramp stage over the time they took (a drag)     |
// | a pause                             | 0 s to 0, a hold at 0 for as long as it lasted,     |
// | (a change while paused applies at   | 0 s back to the value at the resume                 |
// | the resume)                         |                                                     |
// | a stop                              | the schedule ends there                             |
// | the end of the run                  | a hold at the last value up to it                   |
// Pure; any thread.

#include "core/exec/steeringaction.h"
#include "core/history/historyrecords.h"

#include <QList>
#include <QString>

namespace throttle {

struct ReplayStage {
    double durationSec = 0;
    double target = 0;
    QString note;   // what it replays: "vus 10 → 20 (rest)", "pause", "hold"
};

struct ReplaySchedule {
    bool rate = false;   // ramping-arrival-rate (else ramping-vus)
    double start = 0;    // startVUs, or startRate
    QString timeUnit;    // arrival rate only
    double preAllocatedVUs = 0;
    double maxVUs = 0;
    QString exec;   // the steered scenario's exec function, if it named one
    QList<ReplayStage> stages;
    double totalSec() const;
};

class StagesExport {
public:
    static constexpr double kRampGapSec = 1.0;   // changes closer than this form one ramp

    static ReplaySchedule build(const HistoryRun &run, const QList<HistorySecond> &seconds,
                                const QList<SteeringAction> &steering);
    // The options code to paste into a script.
    static QString toJs(const HistoryRun &run, const ReplaySchedule &schedule);
    static QString duration(double seconds);   // "12.3s", "0s"
};

}   // namespace throttle
