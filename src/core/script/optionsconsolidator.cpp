#include "optionsconsolidator.h"

#include "envoptionsreader.h"
#include "executiontuple.h"
#include "optionsparser.h"

namespace throttle {

namespace {

const QStringList &executionKeys()
{
    static const QStringList keys = {"duration", "iterations", "stages", "scenarios"};
    return keys;
}

bool isSet(const QJsonValue &v) { return !v.isNull() && !v.isUndefined(); }

QString conflict(const QString &a, const QString &b)
{
    return QStringLiteral("using multiple execution config shortcuts (`%1` and `%2`) simultaneously is not allowed")
        .arg(a, b);
}

QString scenariosConflict(const QString &shortcut)
{
    return QStringLiteral("using an execution configuration shortcut (`%1`) and `scenarios` simultaneously "
                          "is not allowed").arg(shortcut);
}

// The config file is a k6 Config: options at the top level next to keys such as `out` or
// `collectors`, which are not options and must not reach the merge.
QJsonObject optionKeysOnly(const QJsonObject &config)
{
    QJsonObject result;
    QStringList known = Options::scriptKeys();
    known << QStringLiteral("consoleOutput") << QStringLiteral("localIPs");
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (known.contains(it.key()))
            result.insert(it.key(), it.value());
    }
    return result;
}

OptionsResult failed(OptionsResult result, int exitCode, const QString &error)
{
    result.ok = false;
    result.exitCode = exitCode;
    result.error = error;
    return result;
}

} // namespace

void OptionsConsolidator::applySource(QJsonObject &merged, const QJsonObject &source)
{
    bool touchesExecution = false;
    for (const QString &key : executionKeys())
        touchesExecution = touchesExecution || isSet(source.value(key));
    if (touchesExecution) {
        for (const QString &key : executionKeys())
            merged.remove(key);
    }
    for (auto it = source.begin(); it != source.end(); ++it) {
        if (isSet(it.value()))
            merged.insert(it.key(), it.value());
    }
}

bool OptionsConsolidator::parseSources(const QJsonObject &configFile, const QJsonObject &scriptOptions,
                                       const QJsonObject &env, const QJsonObject &cli, OptionsResult &result)
{
    // Each source is read in full first, as k6 does, so a broken lower source fails even
    // when a higher one overrides it.
    for (const QJsonObject *source : {&configFile, &scriptOptions, &env, &cli}) {
        const OptionsParser::Result parsed = OptionsParser::parse(*source);
        if (!parsed.ok) {
            result = failed(result, OptionsResult::kFatal, parsed.error);
            return false;
        }
    }
    const QStringList unknown = OptionsParser::unknownScriptKeys(scriptOptions);
    if (!unknown.isEmpty()) {
        // k6 logs the decoder's first complaint as the `error` field of this warning.
        result.warnings << QStringLiteral("There were unknown fields in the options exported in the script: "
                                          "json: unknown field \"%1\"").arg(unknown.first());
    }
    return true;
}

OptionsResult OptionsConsolidator::consolidate(const QJsonObject &configFile, const QJsonObject &scriptOptions,
                                               const QMap<QString, QString> &environment,
                                               const QJsonObject &cliOverrides,
                                               const std::optional<QStringList> &exports)
{
    OptionsResult result;
    const EnvOptionsReader::Result env = EnvOptionsReader::read(environment);
    if (!env.ok)
        return failed(result, OptionsResult::kInvalidConfig, env.error);
    const QJsonObject config = optionKeysOnly(configFile);
    if (!parseSources(config, scriptOptions, env.options, cliOverrides, result))
        return result;

    QJsonObject merged;
    for (const QJsonObject *source : {&config, &scriptOptions, &env.options, &cliOverrides})
        applySource(merged, *source);
    const OptionsParser::Result parsed = OptionsParser::parse(merged);
    if (!parsed.ok)
        return failed(result, OptionsResult::kFatal, parsed.error);
    result.options = parsed.options;
    result.given = merged;
    if (!deriveScenarios(result.options, merged.contains(QStringLiteral("scenarios")), result))
        return result;

    QStringList problems = configurationErrors(result.options);
    if (exports)
        problems += exportErrors(result.options, *exports);
    if (!problems.isEmpty())
        return failed(result, OptionsResult::kInvalidConfig, formatProblems(problems));
    result.ok = true;
    result.exitCode = 0;
    return result;
}

bool OptionsConsolidator::deriveScenarios(Options &o, bool scenariosSet, OptionsResult &result)
{
    using E = ScenarioConfig::Executor;
    const bool hasStages = o.stages && !o.stages->isEmpty();
    ScenarioConfig derived;
    derived.name = QStringLiteral("default");
    if (o.vusSet)
        derived.vus = o.vus;
    QString error;
    if (o.iterations) {
        if (hasStages)
            error = conflict(QStringLiteral("iterations"), QStringLiteral("stages"));
        else if (scenariosSet)
            error = scenariosConflict(QStringLiteral("iterations"));
        derived.executor = E::SharedIterations;
        derived.iterations = o.iterations;
        derived.maxDurationSettingMs = o.durationMs;
    } else if (o.durationMs) {
        if (hasStages)
            error = conflict(QStringLiteral("duration"), QStringLiteral("stages"));
        else if (scenariosSet)
            error = scenariosConflict(QStringLiteral("duration"));
        else if (*o.durationMs <= 0)
            error = QStringLiteral("`duration` should be more than 0, for infinite duration use the "
                                   "externally-controlled executor");
        derived.executor = E::ConstantVUs;
        derived.durationMs = o.durationMs;
    } else if (hasStages) {
        if (scenariosSet)
            error = scenariosConflict(QStringLiteral("stages"));
        derived.executor = E::RampingVUs;
        derived.startVUs = derived.vus;
        derived.vus.reset();
        for (const ScenarioConfig::Stage &stage : *o.stages) {
            if (stage.durationMs) // k6 drops stages without a duration here
                derived.stages << stage;
        }
    } else if (!o.scenarios.isEmpty()) {
        return true; // explicit scenarios, nothing to derive
    } else {
        if (o.vusSet && o.vus != 1)
            result.warnings << QStringLiteral("the `vus=%1` option will be ignored, it only works in conjunction "
                                              "with `iterations`, `duration`, or `stages`").arg(o.vus);
        if (o.stages)
            result.warnings << QStringLiteral("`stages` was explicitly set to an empty value, running the script "
                                              "with 1 iteration in 1 VU");
        if (scenariosSet)
            result.warnings << QStringLiteral("`scenarios` was explicitly set to an empty value, running the script "
                                              "with 1 iteration in 1 VU");
        derived = ScenarioConfig{};
        derived.name = QStringLiteral("default");
        derived.executor = E::PerVUIterations;
    }
    if (!error.isEmpty()) {
        result = failed(result, OptionsResult::kInvalidConfig, error);
        return false;
    }
    o.scenarios = {derived};
    return true;
}

QStringList OptionsConsolidator::configurationErrors(const Options &options)
{
    QStringList problems;
    // Syntax was checked when each source was parsed; this is k6's check that the segment is
    // one of the sequence's, listed before the scenarios' problems as k6 does.
    QString segmentError;
    if (!ExecutionTuple::fromOptions(options.executionSegment, options.executionSegmentSequence, &segmentError))
        problems << segmentError;
    for (const ScenarioConfig &scenario : options.scenarios) {
        const QStringList errors = scenario.validate();
        if (!errors.isEmpty())
            problems << QStringLiteral("scenario %1 has configuration errors: %2")
                            .arg(scenario.name, errors.join(QStringLiteral(", ")));
    }
    return problems;
}

QStringList OptionsConsolidator::exportErrors(const Options &options, const QStringList &exports)
{
    QStringList problems;
    for (const ScenarioConfig &scenario : options.scenarios) {
        if (!exports.contains(scenario.execFunction()))
            problems << QStringLiteral("executor %1: function '%2' not found in exports")
                            .arg(scenario.name, scenario.execFunction());
    }
    return problems;
}

OptionsResult OptionsConsolidator::validateExports(const Options &options, const QStringList &exports)
{
    OptionsResult result;
    result.options = options;
    const QStringList problems = exportErrors(options, exports);
    if (!problems.isEmpty())
        return failed(result, OptionsResult::kInvalidConfig, formatProblems(problems));
    result.ok = true;
    return result;
}

QString OptionsConsolidator::formatProblems(const QStringList &problems)
{
    QString text = QStringLiteral("There were problems with the specified script configuration:");
    for (const QString &problem : problems)
        text += QStringLiteral("\n\t- ") + problem;
    return text;
}

} // namespace throttle
