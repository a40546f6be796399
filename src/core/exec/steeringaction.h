#pragma once
// SteeringAction: one change a person made to a running test (pause, resume, VUs, max VUs, rate,
// mode, stop) with who made it and the values before and after; SteeringObserver: what LocalRun
// tells about each accepted change (the run history records them, src/core/history). The observer
// is called on the thread that made the change (a REST handler, the desktop's control worker),
// after the change was applied, outside LocalRun's locks: it must be thread-safe and quick.

#include "core/exec/steeringsource.h"

#include <QString>

namespace throttle {

struct SteeringAction {
    qint64 timeMs = 0;       // Unix time in ms
    double elapsedSec = 0;   // the run clock (paused time excluded) when it was made
    SteeringSource::Source source = SteeringSource::Source::Other;
    QString action;     // "paused", "vus", "vus-max", "rate", "mode", "stopped"
    QString scenario;   // the scenario it was aimed at; "" = the run's choice
    QString oldValue;   // as text: "true", "20", "manual"
    QString newValue;
};

class SteeringObserver {
public:
    virtual ~SteeringObserver() = default;
    virtual void steered(const SteeringAction &action) = 0;
};

}   // namespace throttle
