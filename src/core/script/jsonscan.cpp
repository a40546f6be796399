#include "core/script/jsonscan.h"

#include <QSet>

namespace throttle {

namespace {
constexpr int kMaxDepth = 1000;   // deeper documents count as invalid (keeps recursion off the VU stack's edge)

bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}
} // namespace

JsonScan::Kind JsonScan::kindAt(QStringView s, qsizetype i)
{
    if (i >= s.size())
        return Kind::None;
    switch (s[i].unicode()) {
    case u'{': return Kind::Object;
    case u'[': return Kind::Array;
    case u'"': return Kind::String;
    case u't': return Kind::True;
    case u'f': return Kind::False;
    case u'n': return Kind::Null;
    default: break;
    }
    return (isDigit(s[i]) || s[i] == u'-' || s[i] == u'+') ? Kind::Number : Kind::None;
}

qsizetype JsonScan::skipSpace(QStringView s, qsizetype i)
{
    while (i < s.size() && s[i].unicode() <= u' ')
        ++i;
    return i;
}

qsizetype JsonScan::stringEnd(QStringView s, qsizetype i)
{
    for (qsizetype j = i + 1; j < s.size(); ++j) {
        if (s[j] == u'\\')
            ++j;
        else if (s[j] == u'"')
            return j + 1;
    }
    return s.size();
}

qsizetype JsonScan::squashEnd(QStringView s, qsizetype i)
{
    int depth = 1;
    for (qsizetype j = i + 1; j < s.size(); ++j) {
        switch (s[j].unicode()) {
        case u'"':
            j = stringEnd(s, j) - 1;
            break;
        case u'{': case u'[': case u'(':
            ++depth;
            break;
        case u'}': case u']': case u')':
            if (--depth == 0)
                return j + 1;
            break;
        default:
            break;
        }
    }
    return s.size();
}

qsizetype JsonScan::valueEnd(QStringView s, qsizetype i)
{
    qsizetype j = i + 1;
    switch (kindAt(s, i)) {
    case Kind::Object:
    case Kind::Array:
        return squashEnd(s, i);
    case Kind::String:
        return stringEnd(s, i);
    case Kind::Number:
        while (j < s.size() && s[j].unicode() > u' ' && s[j] != u',' && s[j] != u']' && s[j] != u'}')
            ++j;
        return j;
    case Kind::True:
    case Kind::False:
    case Kind::Null:
        while (j < s.size() && s[j] >= u'a' && s[j] <= u'z')
            ++j;
        return j;
    case Kind::None:
        break;
    }
    return qMin(j, s.size());
}

QStringView JsonScan::firstValue(QStringView s)
{
    const qsizetype i = skipSpace(s, 0);
    const Kind k = kindAt(s, i);
    if (k == Kind::None)
        return {};
    if (k == Kind::Object || k == Kind::Array)
        return s.mid(i);
    return s.mid(i, valueEnd(s, i) - i);
}

QString JsonScan::stringValue(QStringView raw)
{
    if (raw.size() >= 2 && raw.back() == u'"' && stringEnd(raw, 0) == raw.size())
        return unescape(raw.mid(1, raw.size() - 2));
    return unescape(raw.mid(1));
}

QString JsonScan::unescape(QStringView in)
{
    if (!in.contains(u'\\'))
        return in.toString();
    QString out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i].unicode() < u' ')
            return out;   // as gjson: a control character or a bad escape ends the text
        if (in[i] != u'\\') {
            out += in[i];
            continue;
        }
        if (++i >= in.size())
            break;
        switch (in[i].unicode()) {
        case u'b': out += u'\b'; break;
        case u'f': out += u'\f'; break;
        case u'n': out += u'\n'; break;
        case u'r': out += u'\r'; break;
        case u't': out += u'\t'; break;
        case u'u': {
            int code = 0;
            for (int k = 1; k <= 4; ++k) {
                const int h = i + k < in.size() ? hexValue(in[i + k]) : -1;
                if (h < 0)
                    return out;
                code = code * 16 + h;
            }
            out += QChar(char16_t(code));
            i += 4;
            break;
        }
        case u'"': case u'\\': case u'/': out += in[i]; break;
        default: return out;
        }
    }
    return out;
}

void JsonScan::appendQuoted(QString &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += u'"';
    for (QChar c : text) {
        switch (c.unicode()) {
        case u'"': out += QLatin1String("\\\""); break;
        case u'\\': out += QLatin1String("\\\\"); break;
        case u'\n': out += QLatin1String("\\n"); break;
        case u'\r': out += QLatin1String("\\r"); break;
        case u'\t': out += QLatin1String("\\t"); break;
        case u'\b': out += QLatin1String("\\b"); break;
        case u'\f': out += QLatin1String("\\f"); break;
        default:
            if (c.unicode() < 0x20) {
                out += QLatin1String("\\u00");
                out += QLatin1Char(hex[c.unicode() >> 4]);
                out += QLatin1Char(hex[c.unicode() & 15]);
            } else {
                out += c;
            }
        }
    }
    out += u'"';
}

void JsonScan::forEach(QStringView s, const std::function<bool(QStringView, QStringView)> &f)
{
    qsizetype i = skipSpace(s, 0);
    const Kind k = kindAt(s, i);
    if (k == Kind::None)
        return;
    if (k != Kind::Object && k != Kind::Array) {
        f({}, s.mid(i, valueEnd(s, i) - i));
        return;
    }
    const QChar close = k == Kind::Object ? u'}' : u']';
    for (++i;;) {
        while (i < s.size() && (s[i].unicode() <= u' ' || s[i] == u','))
            ++i;
        if (i >= s.size() || s[i] == close)
            return;
        QStringView key;
        if (k == Kind::Object) {
            if (s[i] != u'"') {
                ++i;
                continue;
            }
            const qsizetype keyEnd = stringEnd(s, i);
            key = s.mid(i, keyEnd - i);
            i = keyEnd;
            while (i < s.size() && (s[i].unicode() <= u' ' || s[i] == u':'))
                ++i;
            if (i >= s.size())
                return;
        }
        const qsizetype end = valueEnd(s, i);
        if (!f(key, s.mid(i, end - i)))
            return;
        i = end;
    }
}

bool JsonScan::validString(QStringView s, qsizetype &i)
{
    for (++i; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c == u'"') {
            ++i;
            return true;
        }
        if (c.unicode() < 0x20)
            return false;
        if (c != u'\\')
            continue;
        if (++i >= s.size())
            return false;
        switch (s[i].unicode()) {
        case u'"': case u'\\': case u'/': case u'b': case u'f': case u'n': case u'r': case u't':
            break;
        case u'u':
            for (int k = 1; k <= 4; ++k)
                if (i + k >= s.size() || hexValue(s[i + k]) < 0)
                    return false;
            i += 4;
            break;
        default:
            return false;
        }
    }
    return false;
}

bool JsonScan::validNumber(QStringView s, qsizetype &i)
{
    if (i < s.size() && s[i] == u'-')
        ++i;
    if (i >= s.size() || !isDigit(s[i]))
        return false;
    if (s[i] == u'0')
        ++i;
    else
        while (i < s.size() && isDigit(s[i]))
            ++i;
    if (i < s.size() && s[i] == u'.') {
        if (++i >= s.size() || !isDigit(s[i]))
            return false;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    if (i < s.size() && (s[i] == u'e' || s[i] == u'E')) {
        ++i;
        if (i < s.size() && (s[i] == u'+' || s[i] == u'-'))
            ++i;
        if (i >= s.size() || !isDigit(s[i]))
            return false;
        while (i < s.size() && isDigit(s[i]))
            ++i;
    }
    return true;
}

bool JsonScan::validValue(QStringView s, qsizetype &i, int depth)
{
    i = skipSpace(s, i);
    if (i >= s.size() || depth > kMaxDepth)
        return false;
    const QChar c = s[i];
    if (c == u'"')
        return validString(s, i);
    if (c == u'{' || c == u'[') {
        const QChar close = c == u'{' ? u'}' : u']';
        i = skipSpace(s, i + 1);
        if (i < s.size() && s[i] == close) {
            ++i;
            return true;
        }
        for (;;) {
            if (c == u'{') {
                i = skipSpace(s, i);
                if (i >= s.size() || s[i] != u'"' || !validString(s, i))
                    return false;
                i = skipSpace(s, i);
                if (i >= s.size() || s[i] != u':')
                    return false;
                ++i;
            }
            if (!validValue(s, i, depth + 1))
                return false;
            i = skipSpace(s, i);
            if (i >= s.size())
                return false;
            if (s[i] == close) {
                ++i;
                return true;
            }
            if (s[i] != u',')
                return false;
            ++i;
        }
    }
    for (const QLatin1String lit : {QLatin1String("true"), QLatin1String("false"), QLatin1String("null")}) {
        if (s.mid(i).startsWith(lit)) {
            i += lit.size();
            return true;
        }
    }
    return validNumber(s, i);
}

bool JsonScan::isValid(QStringView s)
{
    qsizetype i = 0;
    return validValue(s, i, 0) && skipSpace(s, i) == s.size();
}

double JsonScan::toNumber(QStringView raw)
{
    bool ok = false;
    const double d = raw.toDouble(&ok);
    return ok ? d : 0.0;
}

void JsonScan::appendValue(QString &out, QStringView v)
{
    switch (kindAt(v, 0)) {
    case Kind::Object: {
        out += u'{';
        QSet<QString> seen;
        bool first = true;
        forEach(v, [&](QStringView key, QStringView value) {
            const QString name = stringValue(key);
            if (seen.contains(name))
                return true;
            seen.insert(name);
            if (!first)
                out += u',';
            first = false;
            appendQuoted(out, name);
            out += u':';
            appendValue(out, value);
            return true;
        });
        out += u'}';
        return;
    }
    case Kind::Array: {
        out += u'[';
        bool first = true;
        forEach(v, [&](QStringView, QStringView value) {
            if (!first)
                out += u',';
            first = false;
            appendValue(out, value);
            return true;
        });
        out += u']';
        return;
    }
    case Kind::String:
        appendQuoted(out, stringValue(v));
        return;
    case Kind::Number: {
        qsizetype i = 0;
        if (validNumber(v, i) && i == v.size()) {
            out += v;
        } else {
            const double d = toNumber(v);
            out += qIsFinite(d) ? QString::number(d, 'g', 17) : QStringLiteral("null");
        }
        return;
    }
    case Kind::True: out += QLatin1String("true"); return;
    case Kind::False: out += QLatin1String("false"); return;
    case Kind::Null:
    case Kind::None: out += QLatin1String("null"); return;
    }
}

QString JsonScan::valueText(QStringView raw)
{
    QString out;
    out.reserve(raw.size());
    appendValue(out, firstValue(raw));
    return out;
}

} // namespace throttle
