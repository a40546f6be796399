#pragma once

#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

// JsonValueReader: reads one JSON option value with the typing rules k6 inherits from Go
// (guregu null.Int/String/Bool, types.NullDuration, plain Go maps and slices).
//
// Owns no state; static helpers usable from any thread. Every reader treats JSON null as
// "unset" (std::nullopt, success) and reports type mismatches with Go's `json: cannot
// unmarshal ...` wording so users see the messages k6 would print. `where` names the Go
// struct field for the messages that need one, e.g. "ConstantVUsConfig.env".
class JsonValueReader
{
public:
    static bool readInt(const QJsonValue &v, std::optional<qint64> &out, QString *error);
    static bool readString(const QJsonValue &v, std::optional<QString> &out, QString *error);
    static bool readBool(const QJsonValue &v, std::optional<bool> &out, QString *error);
    // Milliseconds; see Duration::fromJson for the accepted forms.
    static bool readDuration(const QJsonValue &v, std::optional<qint64> &out, QString *error);
    static bool readStringMap(const QJsonValue &v, const QString &where,
                              std::optional<QMap<QString, QString>> &out, QString *error);
    static bool readStringList(const QJsonValue &v, const QString &where,
                               std::optional<QStringList> &out, QString *error);

    // Go's reflect-style name of the JSON value's decoded type ("bool", "float64", ...).
    static QString goTypeName(const QJsonValue &v);
    // Go's encoding/json name of the JSON token kind ("number", "string", "object", ...).
    static QString jsonKindName(const QJsonValue &v);
    static QString fieldMismatch(const QJsonValue &v, const QString &where, const QString &goType);
};

} // namespace throttle
