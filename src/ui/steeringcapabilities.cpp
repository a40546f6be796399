#include "ui/steeringcapabilities.h"

#include <QStringList>

namespace throttle {

namespace {

const QString kVus = QStringLiteral("vus");
const QString kVusMax = QStringLiteral("vus-max");
const QString kRate = QStringLiteral("rate");

QString described(const ScenarioStatus &s)
{
    return QStringLiteral("%1 '%2'").arg(s.executor, s.name);
}

} // namespace

SteeringCapabilities SteeringCapabilities::from(const QList<ScenarioStatus> &scenarios)
{
    SteeringCapabilities c;
    if (scenarios.isEmpty()) {   // nothing declared: k6's rules, the run answers
        c.m_vus = c.m_vusMax = true;
        return c;
    }
    QStringList others;
    bool rateSeen = false;
    for (const ScenarioStatus &s : scenarios) {
        const bool vus = s.capabilities.contains(kVus), rate = s.capabilities.contains(kRate);
        const bool vusMax = s.capabilities.contains(kVusMax);
        c.m_vus = c.m_vus || vus;
        c.m_vusMax = c.m_vusMax || vusMax;
        c.m_schedule = c.m_schedule || ((vus || rate) && !vusMax);   // externally-controlled has no schedule
        // externally-controlled is always "manual" (it has no schedule): not off a schedule
        c.m_manual = c.m_manual || (s.mode == QLatin1String("manual") && !vusMax);
        if (rate && !rateSeen) {
            rateSeen = true;
            c.m_rate = true;
            c.m_rateValue = s.rate.value_or(0.0);
        }
        if (!vus)
            others << described(s);
    }
    if (!c.m_vus)
        c.m_vusNote = QStringLiteral("No scenario takes a VU change: %1%2.")
                          .arg(others.join(QStringLiteral(", ")),
                               c.m_rate ? QStringLiteral(" (steer the arrival rate with the rate field)") : QString());
    if (!c.m_vusMax)
        c.m_vusMaxNote = c.m_vus ? QStringLiteral("Only an externally-controlled scenario takes a new max VUs; the slider "
                                                  "moves the others between 0 and their maxVUs.")
                                 : QStringLiteral("Only an externally-controlled scenario takes a new max VUs.");
    return c;
}

} // namespace throttle
