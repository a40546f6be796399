#pragma once

#include "options.h"

#include <QJsonObject>
#include <QString>

namespace throttle {

// OptionsParser: reads one JSON object of option keys (script `options`, a config file, the
// K6_* environment converted to JSON, or the CLI overrides) into an Options value.
//
// Stateless; static functions callable from any thread. `scenarios` is parsed strictly
// (ScenarioParser) but shortcuts are not derived here: that is the consolidator's job once
// all sources are merged. Type errors and the values k6 rejects while reading options
// (`invalid trend stat 'foo', unknown format`, `unknown TLS version 'ssl3.0'`) fail with
// exit code 255, as in k6. Keys it does not know are ignored (see unknownScriptKeys).
class OptionsParser
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        Options options;
    };

    static Result parse(const QJsonObject &json);
    // The script keys k6 would warn about, in key order.
    static QStringList unknownScriptKeys(const QJsonObject &scriptOptions);

private:
    static bool parseKey(Options &o, const QString &key, const QJsonValue &v, QString *error);
    static bool parseExecutionKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                                  bool *handled);
    static bool parseHttpKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                             bool *handled);
    static bool parseTestKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                             bool *handled);
    static bool parseStages(const QJsonValue &v, Options &o, QString *error);
    static bool parseTrendStats(const QJsonValue &v, Options &o, QString *error);
    static bool parseTlsVersion(const QJsonValue &v, Options &o, QString *error);
    static bool parseDns(const QJsonValue &v, Options &o, QString *error);
};

} // namespace throttle
