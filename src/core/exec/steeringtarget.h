#pragma once
// SteeringTarget: what the steering policy (SteeringPolicy) needs of one scenario's executor: its
// names, the live changes it accepts and the calls that make them. Executor implements it; tests
// implement it with fakes. Thread: as Executor's control calls (LocalRun's control lock held).

#include "core/exec/runcontrol.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

class SteeringTarget {
public:
    // Live changes a scenario accepts (Throttle mode); shown in the status as strings.
    enum Capability : int { CapPause = 1, CapVus = 2, CapVusMax = 4, CapRate = 8 };
    static QStringList capabilityNames(int caps);   // "pause", "vus", "vus-max", "rate"

    virtual ~SteeringTarget() = default;

    virtual QString name() const = 0;           // the scenario's name
    virtual QString executorName() const = 0;   // k6's executor name, e.g. "ramping-vus"
    virtual int capabilities() const = 0;
    // k6's answer: only the externally-controlled executor pauses and scales after its start.
    virtual bool canPauseAfterStart() const = 0;
    virtual bool finished() const = 0;
    virtual qint64 vusLimit() const = 0;        // the upper bound of a VU change

    virtual ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) = 0;
    virtual ControlError setManualVus(qint64 vus) = 0;
    virtual ControlError setManualRate(qint64 rate) = 0;
    virtual ControlError holdManual() = 0;       // mode "manual"
    virtual ControlError backToSchedule() = 0;   // mode "schedule"

    // 400 "<executor> executor '<name>' doesn't support <what>".
    ControlError unsupported(const QString &what) const;
};

} // namespace throttle
