#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace throttle {

// EnvOptionsReader: converts the K6_* environment variables of script-api.md §2.2 into a
// JSON object with the same keys and shapes as a script's `options`, so that all option
// sources go through one parser and one merge.
//
// Stateless; static functions callable from any thread. Text forms follow k6: integers and
// booleans ("true"/"false") as text, durations in k6 syntax, lists comma-separated,
// K6_STAGES "30s:10,1m:0", K6_TAGS/K6_HOSTS "k=v,k2=v2", K6_DNS "ttl=5m,select=first",
// K6_THRESHOLDS as a JSON object. An empty variable counts as unset. A malformed value is
// an invalid configuration (exit code 104) with an envconfig-style message.
class EnvOptionsReader
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        QJsonObject options;
    };

    static Result read(const QMap<QString, QString> &environment);

private:
    enum class Kind { Int, Bool, String, Duration, List, Map, Stages, Dns, JsonObject };
    static bool convert(Kind kind, const QString &text, QJsonValue *out, QString *detail);
    static bool convertStages(const QString &text, QJsonValue *out, QString *detail);
    static bool convertPairs(const QString &text, QJsonValue *out, QString *detail);
    static QString typeName(Kind kind);
};

} // namespace throttle
