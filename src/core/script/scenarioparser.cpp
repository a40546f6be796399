#include "scenarioparser.h"

#include "jsonvaluereader.h"

#include <QJsonArray>
#include <algorithm>

namespace throttle {

using R = JsonValueReader;

QString ScenarioParser::goStructName(ScenarioConfig::Executor executor)
{
    using E = ScenarioConfig::Executor;
    switch (executor) {
    case E::ConstantVUs: return QStringLiteral("ConstantVUsConfig");
    case E::RampingVUs: return QStringLiteral("RampingVUsConfig");
    case E::SharedIterations: return QStringLiteral("SharedIterationsConfig");
    case E::PerVUIterations: return QStringLiteral("PerVUIterationsConfig");
    case E::ConstantArrivalRate: return QStringLiteral("ConstantArrivalRateConfig");
    case E::RampingArrivalRate: return QStringLiteral("RampingArrivalRateConfig");
    case E::ExternallyControlled: return QStringLiteral("ExternallyControlledConfig");
    }
    return {};
}

ScenarioParser::Result ScenarioParser::parseAll(const QJsonValue &scenarios)
{
    Result result;
    if (scenarios.isNull() || scenarios.isUndefined()) {
        result.ok = true;
        return result;
    }
    if (!scenarios.isObject()) {
        result.error = QStringLiteral("json: cannot unmarshal %1 into Go struct field Options.scenarios "
                                      "of type lib.ScenarioConfigs").arg(R::jsonKindName(scenarios));
        return result;
    }
    const QJsonObject obj = scenarios.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        auto config = parse(it.key(), it.value(), &result.error);
        if (!config)
            return result;
        result.scenarios << *config;
    }
    sortForExecution(result.scenarios);
    result.ok = true;
    return result;
}

std::optional<ScenarioConfig> ScenarioParser::parse(const QString &name, const QJsonValue &value, QString *error)
{
    if (!value.isObject() && !value.isNull()) {
        *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type lib.ScenarioConfig")
                     .arg(R::jsonKindName(value));
        return std::nullopt;
    }
    const QJsonObject obj = value.toObject();
    const QJsonValue executorValue = obj.value(QStringLiteral("executor"));
    if (!executorValue.isString() && !executorValue.isNull() && !executorValue.isUndefined()) {
        *error = QStringLiteral("json: cannot unmarshal %1 into Go struct field .executor of type string")
                     .arg(R::jsonKindName(executorValue));
        return std::nullopt;
    }
    if (executorValue.toString().isEmpty()) {
        *error = QStringLiteral("scenario '%1' doesn't have a specified executor type").arg(name);
        return std::nullopt;
    }
    const auto executor = ScenarioConfig::executorFromName(executorValue.toString());
    if (!executor) {
        *error = QStringLiteral("unknown executor type '%1'").arg(executorValue.toString());
        return std::nullopt;
    }
    ScenarioConfig config;
    config.name = name;
    config.executor = *executor;
    const QStringList allowed = ScenarioConfig::allowedKeys(*executor);
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!allowed.contains(it.key())) {
            *error = QStringLiteral("json: unknown field \"%1\"").arg(it.key());
            return std::nullopt;
        }
    }
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!parseField(config, it.key(), it.value(), error))
            return std::nullopt;
    }
    return config;
}

bool ScenarioParser::parseCommonField(ScenarioConfig &config, const QString &key, const QJsonValue &value,
                                      QString *error, bool *handled)
{
    const QString where = goStructName(config.executor) + QLatin1Char('.') + key;
    *handled = true;
    if (key == QLatin1String("executor"))
        return true;
    if (key == QLatin1String("startTime"))
        return R::readDuration(value, config.startTimeMs, error);
    if (key == QLatin1String("gracefulStop"))
        return R::readDuration(value, config.gracefulStopMs, error);
    if (key == QLatin1String("exec"))
        return R::readString(value, config.exec, error);
    if (key == QLatin1String("env") || key == QLatin1String("tags")) {
        std::optional<QMap<QString, QString>> map;
        if (!R::readStringMap(value, where, map, error))
            return false;
        (key == QLatin1String("env") ? config.env : config.tags) = map.value_or(QMap<QString, QString>{});
        return true;
    }
    if (key == QLatin1String("options")) {
        if (!value.isObject() && !value.isNull()) {
            *error = R::fieldMismatch(value, where, QStringLiteral("lib.ScenarioOptions"));
            return false;
        }
        config.scenarioOptions = value.toObject();
        return true;
    }
    *handled = false;
    return true;
}

bool ScenarioParser::parseField(ScenarioConfig &config, const QString &key, const QJsonValue &value, QString *error)
{
    bool handled = false;
    const bool commonOk = parseCommonField(config, key, value, error, &handled);
    if (handled)
        return commonOk;
    const QHash<QString, std::optional<qint64> *> ints = {
        {"vus", &config.vus}, {"iterations", &config.iterations}, {"startVUs", &config.startVUs},
        {"rate", &config.rate}, {"preAllocatedVUs", &config.preAllocatedVUs},
        {"maxVUs", &config.maxVUsValue}, {"startRate", &config.startRate},
    };
    const QHash<QString, std::optional<qint64> *> durations = {
        {"duration", &config.durationMs}, {"maxDuration", &config.maxDurationSettingMs},
        {"gracefulRampDown", &config.gracefulRampDownMs}, {"timeUnit", &config.timeUnitMs},
    };
    if (ints.contains(key))
        return R::readInt(value, *ints.value(key), error);
    if (durations.contains(key))
        return R::readDuration(value, *durations.value(key), error);
    if (key == QLatin1String("stages"))
        return parseStages(config, value, error);
    *error = QStringLiteral("json: unknown field \"%1\"").arg(key);
    return false;
}

bool ScenarioParser::parseStages(ScenarioConfig &config, const QJsonValue &value, QString *error)
{
    config.stages.clear();
    if (value.isNull())
        return true;
    if (!value.isArray()) {
        *error = R::fieldMismatch(value, goStructName(config.executor) + QStringLiteral(".stages"),
                                  QStringLiteral("[]executor.Stage"));
        return false;
    }
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isObject() && !item.isNull()) {
            *error = R::fieldMismatch(item, goStructName(config.executor) + QStringLiteral(".stages"),
                                      QStringLiteral("executor.Stage"));
            return false;
        }
        ScenarioConfig::Stage stage;
        const QJsonObject obj = item.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = true;
            if (it.key() == QLatin1String("duration"))
                ok = R::readDuration(it.value(), stage.durationMs, error);
            else if (it.key() == QLatin1String("target"))
                ok = R::readInt(it.value(), stage.target, error);
            else {
                *error = QStringLiteral("json: unknown field \"%1\"").arg(it.key());
                ok = false;
            }
            if (!ok)
                return false;
        }
        config.stages << stage;
    }
    return true;
}

void ScenarioParser::sortForExecution(QList<ScenarioConfig> &scenarios)
{
    std::stable_sort(scenarios.begin(), scenarios.end(), [](const ScenarioConfig &a, const ScenarioConfig &b) {
        if (a.startTime() != b.startTime())
            return a.startTime() < b.startTime();
        return a.name < b.name;
    });
}

} // namespace throttle
