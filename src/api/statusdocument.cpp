#include "api/statusdocument.h"

#include "api/apijson.h"
#include "api/gojsonparser.h"
#include "core/output/jsonnumber.h"
#include "core/script/duration.h"

namespace throttle {

namespace {

QByteArray optionalJson(const std::optional<qint64> &v)
{
    return v ? QByteArray::number(*v) : QByteArrayLiteral("null");
}

QByteArray optionalJson(const std::optional<bool> &v)
{
    return v ? (*v ? QByteArrayLiteral("true") : QByteArrayLiteral("false")) : QByteArrayLiteral("null");
}

QByteArray boolJson(bool b)
{
    return b ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
}

QByteArray envelope(qint64 status, const QByteArray &paused, const QByteArray &vus, const QByteArray &vusMax,
                    bool stopped, bool running, bool tainted, const QByteArray &extra = QByteArray())
{
    return "{\"data\":{\"type\":\"status\",\"id\":\"default\",\"attributes\":{\"status\":" + QByteArray::number(status) +
           ",\"paused\":" + paused + ",\"vus\":" + vus + ",\"vus-max\":" + vusMax + ",\"stopped\":" + boolJson(stopped) +
           ",\"running\":" + boolJson(running) + ",\"tainted\":" + boolJson(tainted) + extra + "}}}";
}

// Go names the literal ("number 1.5") only when the target is a number type.
bool typeError(QString *error, const JsonNode &v, const QString &structField, const QString &type, bool numericTarget = false)
{
    const QString value = numericTarget && v.kind == JsonNode::Kind::Number ? QStringLiteral("number ") + QString::fromUtf8(v.text)
                                                                            : v.goKind();
    *error = QStringLiteral("json: cannot unmarshal %1 into Go struct field %2 of type %3").arg(value, structField, type);
    return false;
}

// Go's ParseInt over a JSON number literal: integer syntax and int64 range only.
std::optional<qint64> parseInt64(const QByteArray &literal)
{
    bool ok = false;
    const qint64 n = literal.toLongLong(&ok, 10);
    if (!ok || literal.contains('.') || literal.contains('e') || literal.contains('E'))
        return std::nullopt;
    return n;
}

// Go's reflect.TypeOf(v).Name() for what json.Unmarshal into interface{} yields.
QString goDynamicTypeName(const JsonNode &v)
{
    switch (v.kind) {
    case JsonNode::Kind::Bool: return QStringLiteral("bool");
    case JsonNode::Kind::Number: return QStringLiteral("float64");
    case JsonNode::Kind::String: return QStringLiteral("string");
    default: return QString();   // map/slice types have no name
    }
}

} // namespace

QByteArray StatusDocument::encodeScenarios(const QList<ScenarioStatus> &scenarios)
{
    if (scenarios.isEmpty())
        return {};
    QByteArray out = ",\"scenarios\":[";
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        const ScenarioStatus &sc = scenarios.at(i);
        QByteArray caps;
        for (const QString &c : sc.capabilities)
            caps += (caps.isEmpty() ? "" : ",") + jsonString(c);
        out += (i ? ",{" : "{") + QByteArray("\"name\":") + jsonString(sc.name) + ",\"executor\":" + jsonString(sc.executor) +
               ",\"capabilities\":[" + caps + "],\"mode\":" + jsonString(sc.mode) + ",\"vus\":" + QByteArray::number(sc.vus) +
               ",\"vus-max\":" + QByteArray::number(sc.vusMax);
        if (sc.rate)
            out += ",\"rate\":" + jsonNumber(*sc.rate) + ",\"timeUnit\":" + jsonString(Duration::format(sc.timeUnitMs));
        out += '}';
    }
    return out + ']';
}

QByteArray StatusDocument::encode(const RunStatus &s)
{
    return envelope(s.status, boolJson(s.paused), QByteArray::number(s.vus), QByteArray::number(s.vusMax), s.stopped,
                    s.running, s.tainted, encodeScenarios(s.scenarios));
}

QByteArray StatusDocument::encode(const StatusAttributes &a)
{
    QByteArray extra;
    if (a.rate)
        extra += ",\"rate\":" + QByteArray::number(*a.rate);
    if (a.mode)
        extra += ",\"mode\":" + jsonString(*a.mode);
    if (a.scenario)
        extra += ",\"scenario\":" + jsonString(*a.scenario);
    extra += encodeScenarios(a.scenarios);
    return envelope(a.status, optionalJson(a.paused), optionalJson(a.vus), optionalJson(a.vusMax), a.stopped, a.running,
                    a.tainted, extra);
}

bool StatusDocument::decode(const QByteArray &body, StatusAttributes *out, QString *error)
{
    const std::optional<JsonNode> root = GoJsonParser::parse(body, error);
    if (!root)
        return false;
    if (root->isNull())
        return true;
    if (root->kind != JsonNode::Kind::Object) {
        *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type v1.StatusJSONAPI").arg(root->goKind());
        return false;
    }
    for (const JsonNode *data : root->membersNamed("data")) {
        if (data->isNull())
            continue;
        if (data->kind != JsonNode::Kind::Object)
            return typeError(error, *data, QStringLiteral("StatusJSONAPI.data"), QStringLiteral("v1.statusJSONAPIData"));
        if (!decodeData(*data, out, error))
            return false;
    }
    return true;
}

bool StatusDocument::decodeData(const JsonNode &data, StatusAttributes *out, QString *error)
{
    for (const auto &[key, v] : data.members) {
        for (const char *name : {"type", "id"}) {
            if (key.compare(name, Qt::CaseInsensitive) == 0 && !v.isNull() && v.kind != JsonNode::Kind::String)
                return typeError(error, v, QStringLiteral("statusJSONAPIData.data.") + QLatin1String(name), QStringLiteral("string"));
        }
        if (key.compare("attributes", Qt::CaseInsensitive) != 0 || v.isNull())
            continue;
        if (v.kind != JsonNode::Kind::Object)
            return typeError(error, v, QStringLiteral("statusJSONAPIData.data.attributes"), QStringLiteral("v1.Status"));
        if (!decodeAttributes(v, out, error))
            return false;
    }
    return true;
}

bool StatusDocument::decodeAttributes(const JsonNode &attrs, StatusAttributes *out, QString *error)
{
    for (const auto &member : attrs.members) {
        const QByteArray &key = member.first;   // a plain reference: clang 14 cannot capture bindings
        const JsonNode &v = member.second;
        const auto is = [&key](const char *name) { return key.compare(name, Qt::CaseInsensitive) == 0; };
        bool ok = true;
        if (is("status"))
            ok = decodeStatusCode(v, &out->status, error);
        else if (is("paused"))
            ok = decodeNullBool(v, &out->paused, error);
        else if (is("vus"))
            ok = decodeNullInt(v, &out->vus, error);
        else if (is("vus-max"))
            ok = decodeNullInt(v, &out->vusMax, error);
        else if (is("stopped"))
            ok = decodeBool(v, "stopped", &out->stopped, error);
        else if (is("running"))
            ok = decodeBool(v, "running", &out->running, error);
        else if (is("tainted"))
            ok = decodeBool(v, "tainted", &out->tainted, error);
        else
            decodeExtension(key, v, out);
        if (!ok)
            return false;
    }
    return true;
}

void StatusDocument::decodeExtension(const QByteArray &key, const JsonNode &v, StatusAttributes *out)
{
    const auto is = [&key](const char *name) { return key.compare(name, Qt::CaseInsensitive) == 0; };
    const auto stringAttr = [&](const char *name, std::optional<QString> *target) {
        if (v.isNull())
            *target = std::nullopt;
        else if (v.kind == JsonNode::Kind::String)
            *target = QString::fromUtf8(v.text);
        else if (out->extensionError.isEmpty())
            out->extensionError = QStringLiteral("json: cannot unmarshal %1 into Go struct field Status.data.attributes.%2 of type string")
                                      .arg(v.goKind(), QLatin1String(name));
    };
    if (is("rate")) {
        QString error;
        if (!decodeNullInt(v, &out->rate, &error) && out->extensionError.isEmpty())
            out->extensionError = error;
    } else if (is("mode")) {
        stringAttr("mode", &out->mode);
    } else if (is("scenario")) {
        stringAttr("scenario", &out->scenario);
    } else if (is("scenarios")) {
        out->scenarios = decodeScenarios(v);
    }
}

// Lenient: a client reads what it understands and skips the rest.
QList<ScenarioStatus> StatusDocument::decodeScenarios(const JsonNode &v)
{
    QList<ScenarioStatus> out;
    if (v.kind != JsonNode::Kind::Array)
        return out;
    const auto text = [](const JsonNode *n) { return n && n->kind == JsonNode::Kind::String ? QString::fromUtf8(n->text) : QString(); };
    const auto integer = [](const JsonNode *n) { return n && n->kind == JsonNode::Kind::Number ? n->text.toLongLong() : 0; };
    for (const JsonNode &item : v.items) {
        if (item.kind != JsonNode::Kind::Object)
            continue;
        ScenarioStatus sc;
        sc.name = text(item.member("name"));
        sc.executor = text(item.member("executor"));
        sc.mode = text(item.member("mode"));
        if (const JsonNode *caps = item.member("capabilities"); caps && caps->kind == JsonNode::Kind::Array)
            for (const JsonNode &c : caps->items)
                if (c.kind == JsonNode::Kind::String)
                    sc.capabilities << QString::fromUtf8(c.text);
        sc.vus = integer(item.member("vus"));
        sc.vusMax = integer(item.member("vus-max"));
        if (const JsonNode *rate = item.member("rate"); rate && rate->kind == JsonNode::Kind::Number)
            sc.rate = rate->text.toDouble();
        if (const JsonNode *unit = item.member("timeUnit"); unit && unit->kind == JsonNode::Kind::String)
            sc.timeUnitMs = Duration::parse(QString::fromUtf8(unit->text)).ms();
        out.append(sc);
    }
    return out;
}

bool StatusDocument::decodeStatusCode(const JsonNode &v, qint64 *out, QString *error)
{
    const QString field = QStringLiteral("Status.data.attributes.status");
    const QString type = QStringLiteral("lib.ExecutionStatus");
    if (v.isNull())
        return true;
    if (v.kind != JsonNode::Kind::Number)
        return typeError(error, v, field, type);
    const std::optional<qint64> n = parseInt64(v.text);
    if (!n || *n < 0 || *n > 0xffffffffLL)
        return typeError(error, v, field, type, true);
    *out = *n;
    return true;
}

bool StatusDocument::decodeBool(const JsonNode &v, const char *field, bool *out, QString *error)
{
    if (v.isNull())
        return true;
    if (v.kind != JsonNode::Kind::Bool)
        return typeError(error, v, QStringLiteral("Status.data.attributes.") + QLatin1String(field), QStringLiteral("bool"));
    *out = v.boolean;
    return true;
}

bool StatusDocument::decodeNullBool(const JsonNode &v, std::optional<bool> *out, QString *error)
{
    switch (v.kind) {
    case JsonNode::Kind::Null: *out = std::nullopt; return true;
    case JsonNode::Kind::Bool: *out = v.boolean; return true;
    case JsonNode::Kind::Object: {   // sql.NullBool; guregu sets Valid = (no error)
        bool b = false;
        for (const JsonNode *m : v.membersNamed("Bool")) {
            if (m->isNull())
                continue;
            if (m->kind != JsonNode::Kind::Bool)
                return typeError(error, *m, QStringLiteral("NullBool.Bool"), QStringLiteral("bool"));
            b = m->boolean;
        }
        for (const JsonNode *m : v.membersNamed("Valid"))
            if (!m->isNull() && m->kind != JsonNode::Kind::Bool)
                return typeError(error, *m, QStringLiteral("NullBool.Valid"), QStringLiteral("bool"));
        *out = b;
        return true;
    }
    default:
        *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type null.Bool").arg(goDynamicTypeName(v));
        return false;
    }
}

bool StatusDocument::decodeNullInt(const JsonNode &v, std::optional<qint64> *out, QString *error)
{
    switch (v.kind) {
    case JsonNode::Kind::Null: *out = std::nullopt; return true;
    case JsonNode::Kind::Number: {
        const std::optional<qint64> n = parseInt64(v.text);
        if (!n) {
            *error = QStringLiteral("json: cannot unmarshal number %1 into Go value of type int64").arg(QString::fromUtf8(v.text));
            return false;
        }
        *out = n;
        return true;
    }
    case JsonNode::Kind::String: {
        if (v.text.isEmpty()) {
            *out = std::nullopt;
            return true;
        }
        QByteArray digits = v.text.startsWith('+') ? v.text.mid(1) : v.text;
        bool ok = !digits.isEmpty() && digits != "-";
        for (qsizetype i = digits.startsWith('-') ? 1 : 0; ok && i < digits.size(); ++i)
            ok = digits.at(i) >= '0' && digits.at(i) <= '9';
        bool inRange = false;
        const qint64 n = digits.toLongLong(&inRange, 10);
        if (!ok || !inRange) {
            *error = QStringLiteral("strconv.ParseInt: parsing %1: %2")
                         .arg(QLatin1Char('"') + QString::fromUtf8(v.text) + QLatin1Char('"'), ok ? QStringLiteral("value out of range") : QStringLiteral("invalid syntax"));
            return false;
        }
        *out = n;
        return true;
    }
    case JsonNode::Kind::Object: {   // sql.NullInt64
        qint64 n = 0;
        for (const JsonNode *m : v.membersNamed("Int64")) {
            if (m->isNull())
                continue;
            const std::optional<qint64> parsed = m->kind == JsonNode::Kind::Number ? parseInt64(m->text) : std::nullopt;
            if (!parsed)
                return typeError(error, *m, QStringLiteral("NullInt64.Int64"), QStringLiteral("int64"), true);
            n = *parsed;
        }
        for (const JsonNode *m : v.membersNamed("Valid"))
            if (!m->isNull() && m->kind != JsonNode::Kind::Bool)
                return typeError(error, *m, QStringLiteral("NullInt64.Valid"), QStringLiteral("bool"));
        *out = n;
        return true;
    }
    default:
        *error = QStringLiteral("json: cannot unmarshal %1 into Go value of type null.Int").arg(goDynamicTypeName(v));
        return false;
    }
}

} // namespace throttle
