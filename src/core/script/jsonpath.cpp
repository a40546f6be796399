#include "core/script/jsonpath.h"

#include "core/script/jsonpathmodifiers.h"
#include "core/script/jsonscan.h"

#include <functional>

namespace throttle {

namespace {
using Kind = JsonScan::Kind;

// Paths nest by their own text (pipes, queries, multipaths): a path deeper than this selects
// nothing rather than running the VU thread's stack out.
constexpr int kMaxNesting = 256;
thread_local int t_nesting = 0;
struct NestingGuard {
    NestingGuard() { ++t_nesting; }
    ~NestingGuard() { --t_nesting; }
    bool tooDeep() const { return t_nesting > kMaxNesting; }
};

bool isContainer(QStringView v)
{
    const Kind k = JsonScan::kindAt(v, 0);
    return k == Kind::Object || k == Kind::Array;
}

// The elements of the array at the start of json, or (lines) the values of a JSON Lines text.
void forEachElement(QStringView json, bool lines, const std::function<bool(QStringView)> &f)
{
    if (!lines) {
        JsonScan::forEach(json, [&](QStringView, QStringView v) { return f(v); });
        return;
    }
    for (qsizetype i = 0;;) {
        while (i < json.size() && (json[i].unicode() <= u' ' || json[i] == u','))
            ++i;
        if (i >= json.size())
            return;
        const qsizetype end = JsonScan::valueEnd(json, i);
        if (!f(json.mid(i, end - i)))
            return;
        i = end;
    }
}

int indexOf(QStringView part)
{
    if (part.isEmpty() || part.size() > 9)
        return -1;
    int n = 0;
    for (QChar c : part) {
        if (c < u'0' || c > u'9')
            return -1;
        n = n * 10 + (c.unicode() - u'0');
    }
    return n;
}

bool keyEquals(QStringView rawKey, const QString &part)
{
    const QStringView inner = rawKey.mid(1, rawKey.size() - 2);
    return inner.contains(u'\\') ? JsonScan::unescape(inner) == part : inner == part;
}

// gjson's truthiness for ~true / ~false queries (strings as Go's ParseBool reads them).
bool trueish(const std::optional<QString> &v)
{
    if (!v)
        return false;
    switch (JsonScan::kindAt(*v, 0)) {
    case Kind::True: return true;
    case Kind::Number: return JsonScan::toNumber(*v) != 0;
    case Kind::String: {
        const QString s = JsonScan::stringValue(*v).toLower();
        return s == u"1" || s == u"t" || s == u"true";
    }
    default: return false;
    }
}

bool falseish(const std::optional<QString> &v)
{
    if (!v)
        return true;
    switch (JsonScan::kindAt(*v, 0)) {
    case Kind::Null:
    case Kind::False: return true;
    case Kind::Number: return JsonScan::toNumber(*v) == 0;
    case Kind::String: {
        const QString s = JsonScan::stringValue(*v).toLower();
        return s == u"0" || s == u"f" || s == u"false";
    }
    default: return false;
    }
}

template<typename T>
bool compare(const QString &op, const T &a, const T &b)
{
    if (op == u"=")
        return a == b;
    if (op == u"!=")
        return a != b;
    if (op == u"<")
        return a < b;
    if (op == u"<=")
        return a <= b;
    if (op == u">")
        return a > b;
    if (op == u">=")
        return a >= b;
    return false;
}
} // namespace

std::optional<QString> JsonPath::select(QStringView json, QStringView path)
{
    const Result r = get(json, path);
    if (!r)
        return std::nullopt;
    return JsonScan::valueText(*r);
}

JsonPath::Result JsonPath::parsed(QStringView text)
{
    const QStringView v = JsonScan::firstValue(text);
    if (v.isEmpty())
        return std::nullopt;
    return v.toString();
}

std::optional<QString> JsonPath::get(QStringView json, QStringView path)
{
    const NestingGuard guard;
    if (guard.tooDeep())
        return std::nullopt;
    if (path.size() > 1) {
        std::optional<JsonPathModifiers::Applied> applied;
        bool handled = false;
        Result out;
        if (path[0] == u'@') {
            applied = JsonPathModifiers::apply(json, path);
        } else if (path[0] == u'!') {
            out = literal(path, &handled);
        } else if (path[0] == u'[' || path[0] == u'{') {
            out = multipath(json, path, &handled);
            if (handled)
                return out;
        }
        if (applied) {
            const QStringView rest = applied->rest;
            if (!rest.isEmpty() && (rest[0] == u'|' || rest[0] == u'.'))
                return get(applied->output, rest.mid(1));
            return parsed(applied->output);
        }
        if (handled)
            return out;
    }
    if (path.startsWith(u".."))
        return arrayStep(json, path.mid(2), true);
    return step(json, path);
}

// Into the object or array that json holds (no modifiers, literals or multipaths at this point,
// as in gjson: those come only at the start of a path or after a pipe).
JsonPath::Result JsonPath::step(QStringView json, QStringView path)
{
    const NestingGuard guard;
    if (guard.tooDeep())
        return std::nullopt;
    const qsizetype i = JsonScan::skipSpace(json, 0);
    switch (JsonScan::kindAt(json, i)) {
    case Kind::Object: return objectStep(json.mid(i), path);
    case Kind::Array: return arrayStep(json.mid(i), path, false);
    default: return std::nullopt;
    }
}

JsonPath::Result JsonPath::objectStep(QStringView json, QStringView path)
{
    const JsonPathComponent c = JsonPathSyntax::objectComponent(path);
    Result found;
    JsonScan::forEach(json, [&](QStringView key, QStringView value) {
        const bool match = c.wild ? JsonPathSyntax::wildcardMatch(JsonScan::stringValue(key), c.part)
                                  : keyEquals(key, c.part);
        if (!match)
            return true;
        if (!c.more) {
            found = c.piped ? get(value, c.pipe) : Result(value.toString());
            return false;
        }
        if (!isContainer(value))
            return true;   // a later key may still match (duplicates, wildcards)
        found = step(value, c.rest);
        return !found.has_value();
    });
    return found;
}

JsonPath::Result JsonPath::arrayStep(QStringView json, QStringView path, bool lines)
{
    const JsonPathComponent c = JsonPathSyntax::arrayComponent(path);
    if (c.query.on)
        return queryStep(json, c, lines);
    if (c.hash) {
        if (c.part != u"#")
            return std::nullopt;
        if (c.mapEach)
            return eachStep(json, c, lines);
        qsizetype count = 0;
        forEachElement(json, lines, [&](QStringView) {
            ++count;
            return true;
        });
        const QString n = QString::number(count);
        return c.piped ? get(n, c.pipe) : Result(n);
    }
    const int index = indexOf(c.part);
    if (index < 0)
        return std::nullopt;
    Result found;
    int at = 0;
    forEachElement(json, lines, [&](QStringView e) {
        if (at++ < index)
            return true;
        if (!c.more)
            found = c.piped ? get(e, c.pipe) : Result(e.toString());
        else if (isContainer(e))
            found = step(e, c.rest);
        return false;
    });
    return found;
}

// "#.rest": rest on every element; what exists is collected into an array.
JsonPath::Result JsonPath::eachStep(QStringView json, const JsonPathComponent &c, bool lines)
{
    QStringView each = c.rest, after;
    const bool piped = JsonPathSyntax::splitPipe(c.rest, &each, &after);
    QString out(u'[');
    forEachElement(json, lines, [&](QStringView e) {
        const Result r = get(e, each);
        if (r && !r->isEmpty()) {
            if (out.size() > 1)
                out += u',';
            out += *r;
        }
        return true;
    });
    out += u']';
    return piped ? get(out, after) : Result(out);
}

JsonPath::Result JsonPath::queryStep(QStringView json, const JsonPathComponent &c, bool lines)
{
    const JsonPathQuery &q = c.query;
    QStringView rest = c.rest, pipe = c.pipe;
    bool piped = c.piped, matched = false;
    QString all(u'[');
    Result first;
    forEachElement(json, lines, [&](QStringView e) {
        Result probe;
        if (isContainer(e))
            probe = get(e, q.path);
        else if (q.path.isEmpty())
            probe = e.toString();
        else
            return true;
        if (!queryMatches(q, probe))
            return true;
        if (!matched && c.more) {
            // as gjson, a pipe in what follows the query splits off at the first match
            QStringView left, right;
            if (JsonPathSyntax::splitPipe(rest, &left, &right)) {
                rest = left;
                pipe = right;
                piped = true;
            }
        }
        matched = true;
        const Result r = c.more ? get(e, rest) : Result(e.toString());
        if (!q.all) {
            first = r;
            return false;
        }
        if (r && !r->isEmpty()) {
            if (all.size() > 1)
                all += u',';
            all += *r;
        }
        return true;
    });
    if (!q.all) {
        if (!matched || !first)
            return std::nullopt;
        return piped ? get(*first, pipe) : first;
    }
    all += u']';
    return piped ? get(all, pipe) : Result(all);
}

bool JsonPath::queryMatches(const JsonPathQuery &q, const Result &found)
{
    Result value = found;
    QString rhs = q.value;
    if (rhs.startsWith(u'~')) {
        const QStringView word = QStringView(rhs).mid(1);
        bool ish = false;
        if (word == u"*")
            ish = value.has_value();
        else if (word == u"null")
            ish = !value || JsonScan::kindAt(*value, 0) == Kind::Null;
        else if (word == u"true")
            ish = trueish(value);
        else if (word == u"false")
            ish = falseish(value);
        else
            return false;
        rhs = QStringLiteral("true");
        value = ish ? QStringLiteral("true") : QStringLiteral("false");
    }
    if (!value)
        return false;
    if (q.op.isEmpty())
        return true;
    switch (JsonScan::kindAt(*value, 0)) {
    case Kind::String: {
        const QString s = JsonScan::stringValue(*value);
        if (q.op == u"%")
            return JsonPathSyntax::wildcardMatch(s, rhs);
        if (q.op == u"!%")
            return !JsonPathSyntax::wildcardMatch(s, rhs);
        return compare(q.op, s, rhs);
    }
    case Kind::Number:
        return compare(q.op, JsonScan::toNumber(*value), JsonScan::toNumber(rhs));
    case Kind::True:
        return (q.op == u"=" && rhs == u"true") || (q.op == u"!=" && rhs != u"true")
               || (q.op == u">" && rhs == u"false") || q.op == u">=";
    case Kind::False:
        return (q.op == u"=" && rhs == u"false") || (q.op == u"!=" && rhs != u"false")
               || (q.op == u"<" && rhs == u"true") || q.op == u"<=";
    default:
        return false;
    }
}

JsonPath::Result JsonPath::multipath(QStringView json, QStringView path, bool *handled)
{
    QList<JsonPathSubSelector> subs;
    QStringView rest;
    if (!JsonPathSyntax::subSelectors(path, &subs, &rest) || !(rest.isEmpty() || rest[0] == u'|' || rest[0] == u'.'))
        return std::nullopt;
    *handled = true;
    const bool object = path[0] == u'{';
    QString out(path[0]);
    bool first = true;
    for (const JsonPathSubSelector &sub : subs) {
        const Result r = get(json, sub.path);
        if (!r)
            continue;
        if (!first)
            out += u',';
        first = false;
        if (object) {
            if (!sub.name.isEmpty() && sub.name[0] == u'"' && JsonScan::isValid(sub.name)) {
                out += sub.name;
            } else if (!sub.name.isEmpty()) {
                JsonScan::appendQuoted(out, sub.name);
            } else {
                const QStringView last = JsonPathSyntax::nameOfLast(sub.path);
                JsonScan::appendQuoted(out, JsonPathSyntax::isSimpleName(last) ? last : QStringView(u"_"));
            }
            out += u':';
        }
        out += r->isEmpty() ? QStringLiteral("null") : *r;
    }
    out += object ? u'}' : u']';
    return rest.isEmpty() ? Result(out) : get(out, rest.mid(1));
}

// "!true", "!{...}", "!42": a JSON value written in the path.
JsonPath::Result JsonPath::literal(QStringView path, bool *handled)
{
    const QStringView text = path.mid(1);
    QStringView raw, rest;
    const QChar c = text.isEmpty() ? QChar() : text[0];
    if (c == u'{' || c == u'[' || c == u'"' || c == u'+' || c == u'-' || (c >= u'0' && c <= u'9')) {
        raw = text.left(JsonScan::squashEnd(text, 0));
        rest = text.mid(raw.size());
    } else {
        qsizetype i = 1;
        while (i < path.size() && path[i] != u'|' && path[i] != u'.')
            ++i;
        raw = path.mid(1, i - 1);
        rest = path.mid(i);
        const QString word = raw.toString().toLower();
        if (word != u"true" && word != u"false" && word != u"null")
            return std::nullopt;
    }
    *handled = true;
    if (!rest.isEmpty() && (rest[0] == u'|' || rest[0] == u'.'))
        return get(raw, rest.mid(1));
    return parsed(raw);
}

} // namespace throttle
