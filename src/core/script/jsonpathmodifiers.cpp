#include "core/script/jsonpathmodifiers.h"

#include "core/script/jsonpath.h"
#include "core/script/jsonpretty.h"
#include "core/script/jsonscan.h"

#include <QHash>
#include <QList>

namespace throttle {

namespace {
const QStringList &names()
{
    static const QStringList n{QStringLiteral("reverse"), QStringLiteral("ugly"),   QStringLiteral("pretty"),
                               QStringLiteral("this"),    QStringLiteral("valid"),  QStringLiteral("flatten"),
                               QStringLiteral("join"),    QStringLiteral("keys"),   QStringLiteral("values"),
                               QStringLiteral("tostr"),   QStringLiteral("fromstr"), QStringLiteral("group"),
                               QStringLiteral("dig")};
    return n;
}

using Kind = JsonScan::Kind;

Kind kindOf(QStringView json)
{
    return JsonScan::kindAt(json, JsonScan::skipSpace(json, 0));
}

// gjson's Result.Bool() of a member of an argument object such as {"deep":true}.
bool argFlag(QStringView arg, QStringView name)
{
    bool flag = false;
    JsonScan::forEach(JsonScan::firstValue(arg), [&](QStringView key, QStringView value) {
        if (key.isEmpty() || JsonScan::stringValue(key) != name)
            return true;
        switch (JsonScan::kindAt(value, 0)) {
        case Kind::True: flag = true; break;
        case Kind::Number: flag = JsonScan::toNumber(value) != 0; break;
        case Kind::String: {
            const QString s = JsonScan::stringValue(value).toLower();
            flag = s == u"1" || s == u"t" || s == u"true";
            break;
        }
        default: flag = false; break;
        }
        return true;
    });
    return flag;
}

// The inside of an array or object text: brackets off, white space trimmed.
QStringView unwrap(QStringView json)
{
    json = json.trimmed();
    if (json.size() >= 2 && (json[0] == u'[' || json[0] == u'{'))
        json = json.mid(1, json.size() - 2);
    return json;
}

// Length of the argument text at the start of s: a JSON string or bracketed value.
qsizetype squashLength(QStringView s)
{
    return s[0] == u'"' ? JsonScan::stringEnd(s, 0) : JsonScan::squashEnd(s, 0);
}
} // namespace

bool JsonPathModifiers::has(QStringView name)
{
    for (const QString &n : names())
        if (n == name)
            return true;
    return false;
}

std::optional<JsonPathModifiers::Applied> JsonPathModifiers::apply(QStringView json, QStringView path)
{
    QStringView name = path.mid(1), rest;
    bool hasArg = false;
    for (qsizetype i = 1; i < path.size(); ++i) {
        if (path[i] == u':') {
            rest = path.mid(i + 1);
            name = path.mid(1, i - 1);
            hasArg = !rest.isEmpty();
            break;
        }
        if (path[i] == u'|' || path[i] == u'.') {
            rest = path.mid(i);
            name = path.mid(1, i - 1);
            break;
        }
    }
    if (!has(name))
        return std::nullopt;
    QStringView arg;
    if (hasArg) {
        bool parsed = false;
        if ((rest[0] == u'{' || rest[0] == u'[' || rest[0] == u'"') && !JsonScan::firstValue(rest).isEmpty()) {
            arg = rest.left(squashLength(rest));
            rest = rest.mid(arg.size());
            parsed = true;
        }
        if (!parsed) {
            qsizetype i = 0;
            for (; i < rest.size() && rest[i] != u'|'; ++i) {
                if (rest[i] == u'{' || rest[i] == u'[' || rest[i] == u'"' || rest[i] == u'(')
                    i += squashLength(rest.mid(i)) - 1;
            }
            arg = rest.left(i);
            rest = rest.mid(i);
        }
    }
    return Applied{rest, run(name, json, arg)};
}

QString JsonPathModifiers::run(QStringView name, QStringView json, QStringView arg)
{
    if (name == u"reverse")
        return reverse(json);
    if (name == u"ugly")
        return ugly(json);
    if (name == u"pretty")
        return JsonPretty::format(json, arg);
    if (name == u"this")
        return json.toString();
    if (name == u"valid")
        return JsonScan::isValid(json) ? json.toString() : QString();
    if (name == u"flatten")
        return flatten(json, arg);
    if (name == u"join")
        return join(json, arg);
    if (name == u"keys")
        return keys(json);
    if (name == u"values")
        return values(json);
    if (name == u"tostr") {
        QString out;
        JsonScan::appendQuoted(out, json);
        return out;
    }
    if (name == u"fromstr")
        return fromStr(json);
    if (name == u"group")
        return group(json);
    return dig(json, arg);
}

QString JsonPathModifiers::reverse(QStringView json)
{
    const Kind k = kindOf(json);
    if (k != Kind::Array && k != Kind::Object)
        return json.toString();
    QList<QPair<QStringView, QStringView>> items;
    JsonScan::forEach(json, [&](QStringView key, QStringView value) {
        items.append({key, value});
        return true;
    });
    QString out(k == Kind::Array ? u'[' : u'{');
    for (qsizetype i = items.size() - 1; i >= 0; --i) {
        if (i != items.size() - 1)
            out += u',';
        if (k == Kind::Object) {
            out += items[i].first;
            out += u':';
        }
        out += items[i].second;
    }
    out += k == Kind::Array ? u']' : u'}';
    return out;
}

QString JsonPathModifiers::ugly(QStringView json)
{
    QString out;
    out.reserve(json.size());
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json[i] == u'"') {
            const qsizetype end = JsonScan::stringEnd(json, i);
            out += json.mid(i, end - i);
            i = end - 1;
        } else if (json[i].unicode() > u' ') {
            out += json[i];
        }
    }
    return out;
}

QString JsonPathModifiers::flatten(QStringView json, QStringView arg)
{
    if (kindOf(json) != Kind::Array)
        return json.toString();
    const bool deep = !arg.isEmpty() && argFlag(arg, u"deep");
    QString out(u'[');
    bool first = true;
    JsonScan::forEach(json, [&](QStringView, QStringView value) {
        QString inner;
        if (JsonScan::kindAt(value, 0) == Kind::Array)
            inner = unwrap(deep ? QStringView(flatten(value, arg)) : value).toString();
        else
            inner = value.trimmed().toString();
        if (!inner.isEmpty()) {
            if (!first)
                out += u',';
            first = false;
            out += inner;
        }
        return true;
    });
    return out + u']';
}

QString JsonPathModifiers::join(QStringView json, QStringView arg)
{
    if (kindOf(json) != Kind::Array)
        return json.toString();
    const bool preserve = !arg.isEmpty() && argFlag(arg, u"preserve");
    QString out(u'{');
    if (preserve) {
        bool first = true;
        JsonScan::forEach(json, [&](QStringView, QStringView value) {
            if (JsonScan::kindAt(value, 0) != Kind::Object)
                return true;
            if (!first)
                out += u',';
            first = false;
            out += unwrap(value);
            return true;
        });
        return out + u'}';
    }
    // Keys in the order first seen, each with its last value.
    QList<QStringView> order;
    QHash<QString, QStringView> last;
    JsonScan::forEach(json, [&](QStringView, QStringView object) {
        if (JsonScan::kindAt(object, 0) != Kind::Object)
            return true;
        JsonScan::forEach(object, [&](QStringView key, QStringView value) {
            const QString name = JsonScan::stringValue(key);
            if (!last.contains(name))
                order.append(key);
            last.insert(name, value);
            return true;
        });
        return true;
    });
    for (qsizetype i = 0; i < order.size(); ++i) {
        if (i > 0)
            out += u',';
        out += order[i];
        out += u':';
        out += last.value(JsonScan::stringValue(order[i]));
    }
    return out + u'}';
}

QString JsonPathModifiers::keys(QStringView json)
{
    const Kind k = kindOf(json);
    if (k == Kind::None)
        return QStringLiteral("[]");
    QString out(u'[');
    bool first = true;
    JsonScan::forEach(json, [&](QStringView key, QStringView) {
        if (!first)
            out += u',';
        first = false;
        out += k == Kind::Object ? key.toString() : QStringLiteral("null");
        return true;
    });
    return out + u']';
}

QString JsonPathModifiers::values(QStringView json)
{
    const Kind k = kindOf(json);
    if (k == Kind::None)
        return QStringLiteral("[]");
    if (k == Kind::Array)
        return json.toString();
    QString out(u'[');
    bool first = true;
    JsonScan::forEach(json, [&](QStringView, QStringView value) {
        if (!first)
            out += u',';
        first = false;
        out += value;
        return true;
    });
    return out + u']';
}

QString JsonPathModifiers::fromStr(QStringView json)
{
    if (!JsonScan::isValid(json))
        return QString();
    const QStringView v = JsonScan::firstValue(json);
    return JsonScan::kindAt(v, 0) == Kind::String ? JsonScan::stringValue(v) : v.toString();
}

QString JsonPathModifiers::group(QStringView json)
{
    if (kindOf(json) != Kind::Object)
        return QString();
    QStringList rows;   // ",key:value,key:value" per index
    JsonScan::forEach(json, [&](QStringView key, QStringView list) {
        if (JsonScan::kindAt(list, 0) != Kind::Array)
            return true;
        qsizetype index = 0;
        JsonScan::forEach(list, [&](QStringView, QStringView value) {
            if (index == rows.size())
                rows.append(QString());
            QString &row = rows[index++];
            row += u',';
            row += key;
            row += u':';
            row += value;
            return true;
        });
        return true;
    });
    QString out(u'[');
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (i > 0)
            out += u',';
        out += u'{';
        out += QStringView(rows[i]).mid(1);
        out += u'}';
    }
    return out + u']';
}

QString JsonPathModifiers::dig(QStringView json, QStringView arg)
{
    QStringList found;
    std::function<void(QStringView)> descend = [&](QStringView parent) {
        if (const auto r = JsonPath::get(parent, arg))
            found.append(*r);
        const Kind k = JsonScan::kindAt(parent, 0);
        if (k == Kind::Object || k == Kind::Array) {
            JsonScan::forEach(parent, [&](QStringView, QStringView value) {
                descend(value);
                return true;
            });
        }
    };
    descend(JsonScan::firstValue(json));
    return QLatin1Char('[') + found.join(u',') + QLatin1Char(']');
}

} // namespace throttle
