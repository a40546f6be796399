#include "jsonvaluereader.h"

#include "duration.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>

namespace throttle {

QString JsonValueReader::goTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: return QStringLiteral("float64");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("[]interface {}");
    case QJsonValue::Object: return QStringLiteral("map[string]interface {}");
    default: return QStringLiteral("nil");
    }
}

QString JsonValueReader::jsonKindName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool: return QStringLiteral("bool");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    default: return QStringLiteral("null");
    }
}

QString JsonValueReader::fieldMismatch(const QJsonValue &v, const QString &where, const QString &goType)
{
    return QStringLiteral("json: cannot unmarshal %1 into Go struct field %2 of type %3")
        .arg(jsonKindName(v), where, goType);
}

bool JsonValueReader::readInt(const QJsonValue &v, std::optional<qint64> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d != std::floor(d) || std::fabs(d) > 9.2e18) {
            *error = QStringLiteral("json: cannot unmarshal number %1 into Go value of type int64")
                         .arg(QString::number(d, 'g', 17));
            return false;
        }
        out = qint64(d);
        return true;
    }
    if (v.isString()) {
        // null.Int accepts a decimal string; an empty one means "unset".
        const QString s = v.toString();
        if (s.isEmpty())
            return true;
        static const QRegularExpression integer(QStringLiteral("^[+-]?\\d+$"));
        bool ok = integer.match(s).hasMatch();
        const qint64 n = ok ? s.toLongLong(&ok) : 0;
        if (!ok) {
            *error = QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(s);
            return false;
        }
        out = n;
        return true;
    }
    *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type null.Int").arg(goTypeName(v));
    return false;
}

bool JsonValueReader::readString(const QJsonValue &v, std::optional<QString> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    if (v.isString()) {
        out = v.toString();
        return true;
    }
    *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type null.String").arg(goTypeName(v));
    return false;
}

bool JsonValueReader::readBool(const QJsonValue &v, std::optional<bool> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    if (v.isBool()) {
        out = v.toBool();
        return true;
    }
    *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type null.Bool").arg(goTypeName(v));
    return false;
}

bool JsonValueReader::readDuration(const QJsonValue &v, std::optional<qint64> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    const Duration::Parsed parsed = Duration::fromJson(v);
    if (!parsed.ok) {
        *error = parsed.error;
        return false;
    }
    out = parsed.ms();
    return true;
}

bool JsonValueReader::readStringMap(const QJsonValue &v, const QString &where,
                                    std::optional<QMap<QString, QString>> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    if (!v.isObject()) {
        *error = fieldMismatch(v, where, QStringLiteral("map[string]string"));
        return false;
    }
    QMap<QString, QString> map;
    const QJsonObject obj = v.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (it.value().isNull())
            continue; // Go leaves a null map element as the zero value
        if (!it.value().isString()) {
            *error = fieldMismatch(it.value(), where, QStringLiteral("string"));
            return false;
        }
        map.insert(it.key(), it.value().toString());
    }
    out = map;
    return true;
}

bool JsonValueReader::readStringList(const QJsonValue &v, const QString &where,
                                     std::optional<QStringList> &out, QString *error)
{
    out.reset();
    if (v.isNull() || v.isUndefined())
        return true;
    if (!v.isArray()) {
        *error = fieldMismatch(v, where, QStringLiteral("[]string"));
        return false;
    }
    QStringList list;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString()) {
            *error = fieldMismatch(item, where, QStringLiteral("string"));
            return false;
        }
        list << item.toString();
    }
    out = list;
    return true;
}

} // namespace throttle
