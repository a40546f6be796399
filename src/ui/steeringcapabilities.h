#pragma once
// SteeringCapabilities: what the run's scenarios accept live, read from the capabilities each
// scenario declares in its status (RunStatus::scenarios, GET /v1/status "scenarios"), never from
// executor names in QML. The window enables the VU slider, the max-VUs field and the rate field
// from it and says why a control is off. A status without scenarios (strict-k6 mode, or a k6
// process attached) declares nothing: k6's rules are assumed (VUs and max VUs may be tried; the
// run answers with its own error). A value type; computed on the GUI thread.

#include "core/exec/runcontrol.h"

#include <QString>

namespace throttle {

class SteeringCapabilities
{
public:
    static SteeringCapabilities from(const QList<ScenarioStatus> &scenarios);

    bool vus() const { return m_vus; }              // some scenario takes a VU change (the slider)
    bool vusMax() const { return m_vusMax; }        // some scenario takes a new max VUs
    bool rate() const { return m_rate; }            // some scenario takes a live rate
    bool hasSchedule() const { return m_schedule; } // a scheduled scenario can go back to it
    bool manual() const { return m_manual; }        // a scheduled scenario is in manual mode
    double rateValue() const { return m_rateValue; }   // the first rate-steerable scenario's rate
    // Why the slider / the max-VUs field is off ("" when it is on).
    QString vusNote() const { return m_vusNote; }
    QString vusMaxNote() const { return m_vusMaxNote; }
    bool operator==(const SteeringCapabilities &) const = default;

private:
    bool m_vus = false, m_vusMax = false, m_rate = false, m_schedule = false, m_manual = false;
    double m_rateValue = 0;
    QString m_vusNote, m_vusMaxNote;
};

} // namespace throttle
