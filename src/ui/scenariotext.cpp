#include "ui/scenariotext.h"

#include "core/script/duration.h"

#include <algorithm>

namespace throttle {

namespace {

using Ex = ScenarioConfig::Executor;

QString per(const ScenarioConfig &s)
{
    return s.timeUnit() == 1000 ? QStringLiteral("/s") : QLatin1Char('/') + Duration::format(s.timeUnit());
}

QString vuRange(qint64 from, qint64 to)
{
    return from == to ? QStringLiteral("%1 VUs").arg(to) : QStringLiteral("%1–%2 VUs").arg(from).arg(to);
}

QString stagesText(const ScenarioConfig &s)
{
    return s.stages.size() == 1 ? QStringLiteral("1 stage") : QStringLiteral("%1 stages").arg(s.stages.size());
}

qint64 lastTarget(const ScenarioConfig &s, qint64 start)
{
    return s.stages.isEmpty() ? start : s.stages.last().target.value_or(0);
}

} // namespace

qint64 ScenarioText::startVus(const ScenarioConfig &s)
{
    switch (s.executor) {
    case Ex::RampingVUs: return s.scaled(s.startVUsOrDefault());
    case Ex::ConstantArrivalRate:
    case Ex::RampingArrivalRate: return s.segmentPreAllocatedVUs();
    default: return s.segmentVUs();
    }
}

qint64 ScenarioText::scheduledMs(const ScenarioConfig &s)
{
    switch (s.executor) {
    case Ex::RampingVUs:
    case Ex::RampingArrivalRate: return s.stagesDurationMs();
    case Ex::SharedIterations:
    case Ex::PerVUIterations: return s.maxDurationSetting();
    default: return s.durationMs.value_or(0);
    }
}

qint64 ScenarioText::scheduledMs(const QList<ScenarioConfig> &scenarios)
{
    qint64 end = 0;
    for (const ScenarioConfig &s : scenarios) {
        const qint64 own = scheduledMs(s);
        if (own == 0 && s.executor == Ex::ExternallyControlled)
            return 0;   // runs until stopped
        end = std::max(end, s.startTime() + own);
    }
    return end;
}

QString ScenarioText::summary(const ScenarioConfig &s)
{
    const QString length = Duration::format(scheduledMs(s));
    switch (s.executor) {
    case Ex::ConstantVUs:
        return QStringLiteral("%1 VUs · %2").arg(s.segmentVUs()).arg(length);
    case Ex::RampingVUs: {
        const qint64 start = startVus(s);
        return QStringLiteral("%1 → %2 VUs (peak %3) in %4 · %5")
            .arg(start).arg(s.scaled(lastTarget(s, start))).arg(s.maxVUs()).arg(stagesText(s), length);
    }
    case Ex::SharedIterations:
        return QStringLiteral("%1 iterations shared by %2 VUs · at most %3").arg(s.segmentIterations()).arg(s.segmentVUs()).arg(length);
    case Ex::PerVUIterations:
        return QStringLiteral("%1 iterations × %2 VUs · at most %3").arg(s.iterationsOrDefault()).arg(s.segmentVUs()).arg(length);
    case Ex::ConstantArrivalRate:
        return QStringLiteral("%1 iterations%2 · %3 · %4")
            .arg(s.rate.value_or(0)).arg(per(s), vuRange(startVus(s), s.segmentMaxVUs()), length);
    case Ex::RampingArrivalRate:
        return QStringLiteral("%1 → %2 iterations%3 in %4 · %5 · %6")
            .arg(s.startRateOrDefault()).arg(lastTarget(s, s.startRateOrDefault()))
            .arg(per(s), stagesText(s), vuRange(startVus(s), s.segmentMaxVUs()), length);
    case Ex::ExternallyControlled:
        return QStringLiteral("%1 VUs · max VUs %2 · %3")
            .arg(s.segmentVUs()).arg(s.segmentMaxVUs())
            .arg(scheduledMs(s) == 0 ? QStringLiteral("until stopped") : length);
    }
    return QString();
}

QString ScenarioText::gracefulNote(const ScenarioConfig &s)
{
    if (s.executor == Ex::ExternallyControlled || s.gracefulStop() == 0)
        return QString();
    return QStringLiteral("+%1 graceful stop").arg(Duration::format(s.gracefulStop()));
}

} // namespace throttle
