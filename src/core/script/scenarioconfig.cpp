#include "scenarioconfig.h"

#include "duration.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace throttle {

namespace {

struct ExecutorInfo
{
    ScenarioConfig::Executor executor;
    const char *name;
    QStringList keys;
};

const QList<ExecutorInfo> &executorTable()
{
    using E = ScenarioConfig::Executor;
    static const QList<ExecutorInfo> table = {
        {E::ConstantVUs, "constant-vus", {"vus", "duration"}},
        {E::RampingVUs, "ramping-vus", {"startVUs", "stages", "gracefulRampDown"}},
        {E::SharedIterations, "shared-iterations", {"vus", "iterations", "maxDuration"}},
        {E::PerVUIterations, "per-vu-iterations", {"vus", "iterations", "maxDuration"}},
        {E::ConstantArrivalRate, "constant-arrival-rate",
         {"rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"}},
        {E::RampingArrivalRate, "ramping-arrival-rate",
         {"startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"}},
        {E::ExternallyControlled, "externally-controlled", {"vus", "duration", "maxVUs"}},
    };
    return table;
}

QString fmtDuration(qint64 ms) { return Duration::format(ms); }

QJsonValue optionalInt(const std::optional<qint64> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalDuration(const std::optional<qint64> &v)
{
    return v ? QJsonValue(fmtDuration(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonValue stringMap(const QMap<QString, QString> &map)
{
    if (map.isEmpty())
        return QJsonValue(QJsonValue::Null);
    QJsonObject obj;
    for (auto it = map.begin(); it != map.end(); ++it)
        obj.insert(it.key(), it.value());
    return obj;
}

} // namespace

QString ScenarioConfig::executorName(Executor executor)
{
    for (const ExecutorInfo &info : executorTable()) {
        if (info.executor == executor)
            return QString::fromLatin1(info.name);
    }
    return {};
}

std::optional<ScenarioConfig::Executor> ScenarioConfig::executorFromName(const QString &name)
{
    for (const ExecutorInfo &info : executorTable()) {
        if (name == QLatin1String(info.name))
            return info.executor;
    }
    return std::nullopt;
}

QStringList ScenarioConfig::allowedKeys(Executor executor)
{
    QStringList keys = {"executor", "startTime", "gracefulStop", "env", "exec", "tags", "options"};
    for (const ExecutorInfo &info : executorTable()) {
        if (info.executor == executor)
            keys += info.keys;
    }
    return keys;
}

QString ScenarioConfig::execFunction() const
{
    return exec && !exec->isEmpty() ? *exec : QStringLiteral("default");
}

qint64 ScenarioConfig::vusOrDefault() const
{
    // The externally-controlled executor has no VU default of its own (Go zero value).
    return vus.value_or(executor == Executor::ExternallyControlled ? 0 : 1);
}

qint64 ScenarioConfig::maxVUsSetting() const
{
    if (executor == Executor::ExternallyControlled)
        return maxVUsValue.value_or(vusOrDefault());
    return maxVUsValue.value_or(preAllocatedVUs.value_or(0));
}

qint64 ScenarioConfig::stagesDurationMs() const
{
    qint64 sum = 0;
    for (const Stage &s : stages)
        sum += s.durationMs.value_or(0);
    return sum;
}

qint64 ScenarioConfig::segmentIterations() const
{
    if (executor != Executor::SharedIterations || !segment)
        return iterationsOrDefault();
    const std::optional<ExecutionTuple> byVus = segment->resegmented(vusOrDefault());
    return byVus ? byVus->scale(iterationsOrDefault()) : 0;
}

ExecutionTuple ScenarioConfig::arrivalTuple() const
{
    if (!segment)
        return ExecutionTuple();
    return segment->resegmented(maxVUsSetting()).value_or(ExecutionTuple());
}

ExecutionTuple ScenarioConfig::iterationTuple() const
{
    if (!segment)
        return ExecutionTuple();
    switch (executor) {
    case Executor::SharedIterations:
        return segment->resegmented(vusOrDefault()).value_or(ExecutionTuple());
    case Executor::ConstantArrivalRate:
    case Executor::RampingArrivalRate:
        return arrivalTuple();
    default:
        return *segment;
    }
}

bool ScenarioConfig::hasWork() const
{
    switch (executor) {
    case Executor::ConstantVUs:
        return segmentVUs() > 0;
    case Executor::SharedIterations:
        return segmentVUs() > 0 && segmentIterations() > 0;
    case Executor::PerVUIterations:
        return segmentVUs() > 0 && iterationsOrDefault() > 0;
    case Executor::RampingVUs:
    case Executor::ConstantArrivalRate:
    case Executor::RampingArrivalRate:
    case Executor::ExternallyControlled:
        return maxVUs() > 0;
    }
    return false;
}

qint64 ScenarioConfig::stagesMaxTarget(qint64 start) const
{
    qint64 max = start;
    for (const Stage &s : stages)
        max = std::max(max, s.target.value_or(0));
    return max;
}

QStringList ScenarioConfig::validate() const
{
    QStringList errors = validateBase();
    errors += validateExecutor();
    return errors;
}

QStringList ScenarioConfig::validateBase() const
{
    static const QRegularExpression nameRule(QStringLiteral("^[0-9a-zA-Z_-]+$"));
    QStringList errors;
    if (name.isEmpty())
        errors << QStringLiteral("executor name can't be empty");
    if (!nameRule.match(name).hasMatch())
        errors << QStringLiteral("the executor name should contain only numbers, latin letters, "
                                 "underscores, and dashes");
    if (exec && exec->isEmpty())
        errors << QStringLiteral("exec value cannot be empty");
    if (startTime() < 0)
        errors << QStringLiteral("the startTime can't be negative");
    if (gracefulStop() < 0)
        errors << QStringLiteral("the gracefulStop timeout can't be negative");
    return errors;
}

QStringList ScenarioConfig::validateStages() const
{
    QStringList errors;
    if (stages.isEmpty())
        return {QStringLiteral("at least one stage has to be specified")};
    for (int i = 0; i < stages.size(); ++i) {
        const Stage &s = stages[i];
        const int n = i + 1;
        if (!s.durationMs)
            errors << QStringLiteral("stage %1 doesn't have a duration").arg(n);
        else if (*s.durationMs < 0)
            errors << QStringLiteral("the duration for stage %1 can't be negative").arg(n);
        if (!s.target)
            errors << QStringLiteral("stage %1 doesn't have a target").arg(n);
        else if (*s.target < 0)
            errors << QStringLiteral("the target for stage %1 can't be negative").arg(n);
    }
    return errors;
}

QStringList ScenarioConfig::validatePreAllocated() const
{
    QStringList errors;
    if (!preAllocatedVUs)
        errors << QStringLiteral("the number of preAllocatedVUs isn't specified");
    else if (*preAllocatedVUs < 0)
        errors << QStringLiteral("the number of preAllocatedVUs can't be negative");
    if (maxVUsValue && *maxVUsValue < preAllocatedVUs.value_or(0))
        errors << QStringLiteral("maxVUs can't be less than preAllocatedVUs");
    return errors;
}

QStringList ScenarioConfig::validateExternallyControlled() const
{
    QStringList errors;
    const qint64 v = vusOrDefault();
    const qint64 m = maxVUsSetting();
    if (v < 0)
        errors << QStringLiteral("the number of VUs can't be negative");
    if (m < v)
        errors << QStringLiteral("the number of active VUs (%1) must be less than or equal to the "
                                 "number of maxVUs (%2)").arg(v).arg(m);
    if (!durationMs)
        errors << QStringLiteral("the duration must be specified, for infinite duration use 0");
    else if (*durationMs < 0)
        errors << QStringLiteral("the duration can't be negative, for infinite duration use 0");
    if (gracefulStopMs)
        errors << QStringLiteral("gracefulStop is not supported by the externally controlled executor");
    return errors;
}

QStringList ScenarioConfig::validateExecutor() const
{
    QStringList errors;
    const auto positiveVUs = [&] {
        if (vusOrDefault() <= 0)
            errors << QStringLiteral("the number of VUs must be more than 0");
    };
    const auto duration = [&] {
        if (!durationMs)
            errors << QStringLiteral("the duration is unspecified");
        else if (*durationMs < kMinDurationMs)
            errors << QStringLiteral("the duration must be at least 1s, but is %1").arg(fmtDuration(*durationMs));
    };
    const auto maxDuration = [&] {
        if (maxDurationSetting() < kMinDurationMs)
            errors << QStringLiteral("the maxDuration must be at least 1s, but is %1")
                          .arg(fmtDuration(maxDurationSetting()));
    };
    switch (executor) {
    case Executor::ConstantVUs:
        positiveVUs();
        duration();
        break;
    case Executor::RampingVUs:
        if (startVUsOrDefault() < 0)
            errors << QStringLiteral("the number of start VUs can't be negative");
        if (stagesMaxTarget(startVUsOrDefault()) <= 0)
            errors << QStringLiteral("either startVUs or one of the stages' target values must be greater than 0");
        errors += validateStages();
        break;
    case Executor::SharedIterations:
        positiveVUs();
        if (iterationsOrDefault() < vusOrDefault())
            errors << QStringLiteral("the number of iterations (%1) can't be less than the number of VUs (%2)")
                          .arg(iterationsOrDefault()).arg(vusOrDefault());
        maxDuration();
        break;
    case Executor::PerVUIterations:
        positiveVUs();
        if (iterationsOrDefault() <= 0)
            errors << QStringLiteral("the number of iterations must be more than 0");
        maxDuration();
        break;
    case Executor::ConstantArrivalRate:
        if (!rate)
            errors << QStringLiteral("the iteration rate isn't specified");
        else if (*rate <= 0)
            errors << QStringLiteral("the iteration rate must be more than 0");
        if (timeUnit() <= 0)
            errors << QStringLiteral("the timeUnit must be more than 0");
        duration();
        errors += validatePreAllocated();
        break;
    case Executor::RampingArrivalRate:
        if (startRateOrDefault() < 0)
            errors << QStringLiteral("the startRate value can't be negative");
        // k6 only rejects a negative timeUnit here (0 passes), unlike constant-arrival-rate.
        if (timeUnit() < 0)
            errors << QStringLiteral("the timeUnit must be more than 0");
        errors += validateStages();
        errors += validatePreAllocated();
        break;
    case Executor::ExternallyControlled:
        errors += validateExternallyControlled();
        break;
    }
    return errors;
}

QString ScenarioConfig::baseInfo(QStringList facts) const
{
    if (exec)
        facts << QStringLiteral("exec: %1").arg(*exec);
    if (startTime() > 0)
        facts << QStringLiteral("startTime: %1").arg(fmtDuration(startTime()));
    if (gracefulStop() > 0)
        facts << QStringLiteral("gracefulStop: %1").arg(fmtDuration(gracefulStop()));
    if (facts.isEmpty())
        return {};
    return QStringLiteral(" (") + facts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString ScenarioConfig::maxVUsRange() const
{
    // Scaled numbers; k6 compares the scaled ones for constant-arrival-rate and the test-wide
    // ones for ramping-arrival-rate.
    const qint64 pre = segmentPreAllocatedVUs();
    QString range = QStringLiteral("maxVUs: %1").arg(pre);
    const bool more = executor == Executor::RampingArrivalRate ? maxVUsSetting() > preAllocatedVUs.value_or(0)
                                                                 : segmentMaxVUs() > pre;
    if (more)
        range += QStringLiteral("-%1").arg(segmentMaxVUs());
    return range;
}

QString ScenarioConfig::description() const
{
    const auto perSecond = [this](qint64 r) {
        return timeUnit() > 0 ? double(r) * 1000.0 / double(timeUnit()) : 0.0;
    };
    switch (executor) {
    case Executor::ConstantVUs:
        return QStringLiteral("%1 looping VUs for %2%3")
            .arg(segmentVUs()).arg(fmtDuration(durationMs.value_or(0)), baseInfo({}));
    case Executor::RampingVUs:
        return QStringLiteral("Up to %1 looping VUs for %2 over %3 stages%4")
            .arg(maxVUs())
            .arg(fmtDuration(stagesDurationMs()))
            .arg(stages.size())
            .arg(baseInfo({QStringLiteral("gracefulRampDown: %1").arg(fmtDuration(gracefulRampDown()))}));
    case Executor::SharedIterations:
        return QStringLiteral("%1 iterations shared among %2 VUs%3")
            .arg(segmentIterations()).arg(segmentVUs())
            .arg(baseInfo({QStringLiteral("maxDuration: %1").arg(fmtDuration(maxDurationSetting()))}));
    case Executor::PerVUIterations:
        return QStringLiteral("%1 iterations for each of %2 VUs%3")
            .arg(iterationsOrDefault()).arg(segmentVUs())
            .arg(baseInfo({QStringLiteral("maxDuration: %1").arg(fmtDuration(maxDurationSetting()))}));
    case Executor::ConstantArrivalRate:
        return QStringLiteral("%1 iterations/s for %2%3")
            .arg(QString::number(segmentMaxVUs() != 0 ? perSecond(rate.value_or(0)) * double(segmentMaxVUs())
                                                             / double(maxVUsSetting()) : 0.0, 'f', 2),
                 fmtDuration(durationMs.value_or(0)), baseInfo({maxVUsRange()}));
    case Executor::RampingArrivalRate:
        return QStringLiteral("Up to %1 iterations/s for %2 over %3 stages%4")
            .arg(QString::number(perSecond(stagesMaxTarget(startRateOrDefault())) * segmentLength(), 'f', 2),
                 fmtDuration(stagesDurationMs()))
            .arg(stages.size())
            .arg(baseInfo({maxVUsRange()}));
    case Executor::ExternallyControlled: {
        const qint64 d = durationMs.value_or(0);
        return QStringLiteral("Externally controlled execution with %1 VUs, %2 max VUs, %3 duration")
            .arg(segmentVUs()).arg(segmentMaxVUs())
            .arg(d != 0 ? fmtDuration(d) : QStringLiteral("infinite"));
    }
    }
    return {};
}

qint64 ScenarioConfig::maxDurationMs() const
{
    switch (executor) {
    case Executor::ConstantVUs:
    case Executor::ConstantArrivalRate:
        return durationMs.value_or(0) + gracefulStop();
    case Executor::RampingVUs:
    case Executor::RampingArrivalRate:
        return stagesDurationMs() + gracefulStop();
    case Executor::SharedIterations:
    case Executor::PerVUIterations:
        return maxDurationSetting() + gracefulStop();
    case Executor::ExternallyControlled:
        return durationMs.value_or(0); // no graceful stop; 0 = infinite
    }
    return 0;
}

qint64 ScenarioConfig::maxVUs() const
{
    switch (executor) {
    case Executor::RampingVUs:
        // Scaling is monotonic: the share of the highest target is the highest share.
        return scaled(stagesMaxTarget(startVUsOrDefault()));
    case Executor::ConstantArrivalRate:
    case Executor::RampingArrivalRate:
    case Executor::ExternallyControlled:
        return segmentMaxVUs();
    default:
        return segmentVUs();
    }
}

double ScenarioConfig::segmentLength() const
{
    return segment ? segment->segment().length().toDouble() : 1.0;
}

QJsonObject ScenarioConfig::toJson() const
{
    QJsonObject o;
    o.insert("executor", executorName());
    o.insert("startTime", optionalDuration(startTimeMs));
    o.insert("gracefulStop", optionalDuration(gracefulStopMs));
    o.insert("env", stringMap(env));
    o.insert("exec", exec ? QJsonValue(*exec) : QJsonValue(QJsonValue::Null));
    o.insert("tags", stringMap(tags));
    if (!scenarioOptions.isEmpty())
        o.insert("options", scenarioOptions);
    const QHash<QString, QJsonValue> values = {
        {"vus", optionalInt(vus)}, {"duration", optionalDuration(durationMs)},
        {"iterations", optionalInt(iterations)}, {"maxDuration", optionalDuration(maxDurationSettingMs)},
        {"startVUs", optionalInt(startVUs)}, {"gracefulRampDown", optionalDuration(gracefulRampDownMs)},
        {"rate", optionalInt(rate)}, {"timeUnit", optionalDuration(timeUnitMs)},
        {"preAllocatedVUs", optionalInt(preAllocatedVUs)}, {"maxVUs", optionalInt(maxVUsValue)},
        {"startRate", optionalInt(startRate)},
    };
    QJsonArray stageArray;
    for (const Stage &s : stages)
        stageArray.append(QJsonObject{{"duration", optionalDuration(s.durationMs)}, {"target", optionalInt(s.target)}});
    for (const QString &key : allowedKeys(executor)) {
        if (key == QLatin1String("stages"))
            o.insert(key, stageArray);
        else if (values.contains(key))
            o.insert(key, values.value(key));
    }
    return o;
}

} // namespace throttle
