#pragma once

#include "optionsresult.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

// OptionsConsolidator: merges the option sources the way k6 v0.49 does (script-api.md §2)
// and turns the result into runnable scenarios.
//
// Precedence, lowest first: defaults < config file < script `options` < K6_* environment <
// CLI flags. `duration`, `iterations`, `stages` and `scenarios` form one block: a source
// that sets any of them replaces all four from lower sources; `vus` merges on its own.
// After the merge a single shortcut becomes the `default` scenario (§2.3); scenarios are
// validated and every problem is reported together with k6's header (exit 104).
//
// Stateless; static functions callable from any thread (the run set-up calls it once on
// the main thread, after the options pass of the script).
class OptionsConsolidator
{
public:
    // cliOverrides uses the script's key names (the CLI parser maps flags onto them).
    // With `exports`, scenario exec functions are checked too and reported in the same
    // problem list as the configuration errors, as k6 does.
    static OptionsResult consolidate(const QJsonObject &configFile, const QJsonObject &scriptOptions,
                                     const QMap<QString, QString> &environment,
                                     const QJsonObject &cliOverrides,
                                     const std::optional<QStringList> &exports = std::nullopt);

    // `executor <scenario>: function '<name>' not found in exports`, one per scenario.
    static QStringList exportErrors(const Options &options, const QStringList &exports);
    // Checks exec functions of already consolidated options; exit 104 on failure.
    static OptionsResult validateExports(const Options &options, const QStringList &exports);
    // "There were problems with the specified script configuration:\n\t- a\n\t- b".
    static QString formatProblems(const QStringList &problems);

    // Applies one source on top of `merged` with the execution-block rule; nulls are unset.
    static void applySource(QJsonObject &merged, const QJsonObject &source);

private:
    static bool parseSources(const QJsonObject &configFile, const QJsonObject &scriptOptions,
                             const QJsonObject &env, const QJsonObject &cli, OptionsResult &result);
    static bool deriveScenarios(Options &options, bool scenariosSet, OptionsResult &result);
    static QStringList configurationErrors(const Options &options);
};

} // namespace throttle
