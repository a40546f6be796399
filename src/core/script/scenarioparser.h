#pragma once

#include "scenarioconfig.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <optional>

namespace throttle {

// ScenarioParser: turns the JSON of `options.scenarios` into ScenarioConfigs, strictly, the
// way k6 does (lib.StrictJSONUnmarshal): a key the executor does not know is fatal
// (`json: unknown field "rate"`), so is a value of the wrong type, a missing executor
// (`scenario 'a' doesn't have a specified executor type`) and an unknown one
// (`unknown executor type 'nope'`). All of these are exit code 255 in k6.
//
// Stateless; static functions callable from any thread. Validation of the values is not
// done here (ScenarioConfig::validate) because k6 reports those later, collected, as 104.
class ScenarioParser
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        QList<ScenarioConfig> scenarios; // in execution order
    };

    static Result parseAll(const QJsonValue &scenarios);
    static std::optional<ScenarioConfig> parse(const QString &name, const QJsonValue &value, QString *error);
    // k6's execution order: by startTime, ties by name (lib.ScenarioConfigs.GetSortedConfigs).
    static void sortForExecution(QList<ScenarioConfig> &scenarios);

private:
    static QString goStructName(ScenarioConfig::Executor executor);
    static bool parseField(ScenarioConfig &config, const QString &key, const QJsonValue &value, QString *error);
    static bool parseCommonField(ScenarioConfig &config, const QString &key, const QJsonValue &value,
                                 QString *error, bool *handled);
    static bool parseStages(ScenarioConfig &config, const QJsonValue &value, QString *error);
};

} // namespace throttle
