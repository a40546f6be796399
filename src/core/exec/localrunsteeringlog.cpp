// LocalRun's steering log: what each accepted change did, told to the SteeringObserver (the run
// history). A VU change is logged with the VUs that were active and the VUs asked for; vus-max,
// rate and mode with the values before and after, per scenario.
#include "core/exec/localrun.h"

#include <QDateTime>

namespace throttle {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

}   // namespace

LocalRun::SteerState LocalRun::steerState() const
{
    SteerState s;
    for (const auto &e : m_executors)
        if (e->started() && !e->finished())
            s.vus += e->activeVus();
    s.vusMax = m_vusMax.load();
    s.scenarios = scenarioStatuses();
    return s;
}

void LocalRun::noteSteering(const QString &action, const QString &scenario, const QString &oldValue,
                            const QString &newValue) const
{
    SteeringObserver *observer = m_observer.load();
    if (!observer)
        return;
    SteeringAction a;
    a.timeMs = QDateTime::currentMSecsSinceEpoch();
    a.elapsedSec = m_clock.elapsedSec();
    a.source = SteeringSource::current();
    a.action = action;
    a.scenario = scenario;
    a.oldValue = oldValue;
    a.newValue = newValue;
    observer->steered(a);
}

void LocalRun::noteSteeringChanges(const StatusPatch &patch, const SteerState &before, const SteerState &after,
                                   bool accepted) const
{
    if (!m_observer.load())
        return;
    const QString target = patch.scenario.value_or(QString());
    if (accepted && patch.vus && before.vus != *patch.vus)
        noteSteering(QStringLiteral("vus"), target, number(double(before.vus)), number(double(*patch.vus)));
    if (before.vusMax != after.vusMax)
        noteSteering(QStringLiteral("vus-max"), target, number(double(before.vusMax)), number(double(after.vusMax)));
    for (qsizetype i = 0; i < before.scenarios.size() && i < after.scenarios.size(); ++i) {
        const ScenarioStatus &b = before.scenarios.at(i);
        const ScenarioStatus &a = after.scenarios.at(i);
        if (b.rate && a.rate && *b.rate != *a.rate)
            noteSteering(QStringLiteral("rate"), a.name, number(*b.rate), number(*a.rate));
        if (b.mode != a.mode)
            noteSteering(QStringLiteral("mode"), a.name, b.mode, a.mode);
    }
}

}   // namespace throttle
