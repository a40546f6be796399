#include "core/script/jsonpathsyntax.h"

#include "core/script/jsonpathmodifiers.h"
#include "core/script/jsonscan.h"

namespace throttle {

namespace {
QStringView trimmed(QStringView s)
{
    while (!s.isEmpty() && s.front().unicode() <= u' ')
        s = s.mid(1);
    while (!s.isEmpty() && s.back().unicode() <= u' ')
        s.chop(1);
    return s;
}

bool isOpChar(QChar c)
{
    return c == u'!' || c == u'=' || c == u'<' || c == u'>' || c == u'%';
}

// Index just past the quoted text that starts at path[i] ('"'), escapes skipped; sets *escaped.
qsizetype skipQuoted(QStringView path, qsizetype i, bool *escaped)
{
    for (++i; i < path.size(); ++i) {
        if (path[i] == u'\\') {
            if (escaped)
                *escaped = true;
            ++i;
        } else if (path[i] == u'"') {
            return i;
        }
    }
    return i;
}
} // namespace

// A '.' followed by a modifier name, a multipath or a literal hands the value on as a pipe.
bool JsonPathSyntax::isDotPipe(QStringView s)
{
    if (s.isEmpty())
        return false;
    if (s[0] == u'@') {
        qsizetype i = 1;
        while (i < s.size() && s[i] != u'.' && s[i] != u'|' && s[i] != u':')
            ++i;
        return JsonPathModifiers::has(s.mid(1, i - 1));
    }
    return s[0] == u'[' || s[0] == u'{';
}

void JsonPathSyntax::endAtDot(JsonPathComponent &c, QStringView path, qsizetype dot, bool mayPipe)
{
    if (mayPipe && dot < path.size() - 1 && isDotPipe(path.mid(dot + 1))) {
        c.piped = true;
        c.pipe = path.mid(dot + 1);
    } else {
        c.more = true;
        c.rest = path.mid(dot + 1);
    }
}

JsonPathComponent JsonPathSyntax::objectComponent(QStringView path)
{
    JsonPathComponent c;
    QString part;
    bool escaped = false;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar ch = path[i];
        if (ch == u'|') {
            c.part = escaped ? part : path.left(i).toString();
            c.piped = true;
            c.pipe = path.mid(i + 1);
            return c;
        }
        if (ch == u'.') {
            c.part = escaped ? part : path.left(i).toString();
            endAtDot(c, path, i, true);
            return c;
        }
        if (ch == u'*' || ch == u'?') {
            c.wild = true;
        } else if (ch == u'\\') {
            if (!escaped)
                part = path.left(i).toString();
            escaped = true;
            if (++i >= path.size())
                break;
            part += path[i];
            continue;
        }
        if (escaped)
            part += ch;
    }
    c.part = escaped ? part : path.toString();
    return c;
}

bool JsonPathSyntax::parseQuery(QStringView q, JsonPathQuery *out, qsizetype *end)
{
    if (q.size() < 2 || q[0] != u'#' || (q[1] != u'(' && q[1] != u'['))
        return false;
    qsizetype i = 2, opAt = 0;
    int depth = 1;
    bool escaped = false;
    for (; i < q.size(); ++i) {
        if (depth == 1 && opAt == 0 && isOpChar(q[i])) {
            opAt = i;
            continue;
        }
        if (q[i] == u'\\') {
            ++i;
        } else if (q[i] == u'[' || q[i] == u'(') {
            ++depth;
        } else if (q[i] == u']' || q[i] == u')') {
            if (--depth == 0)
                break;
        } else if (q[i] == u'"') {
            i = skipQuoted(q, i, &escaped);
        }
    }
    if (depth > 0)
        return false;
    if (opAt > 0) {
        out->path = trimmed(q.mid(2, opAt - 2));
        QStringView value = trimmed(q.mid(opAt, i - opAt));
        qsizetype opLen = 0;
        if (value.size() == 1) {
            opLen = 1;
        } else if (value.startsWith(u"!=") || value.startsWith(u"!%") || value.startsWith(u"<=")
                   || value.startsWith(u">=")) {
            opLen = 2;
        } else if (value.startsWith(u"==")) {
            value = value.mid(1);
            opLen = 1;
        } else if (value[0] == u'<' || value[0] == u'>' || value[0] == u'=' || value[0] == u'%') {
            opLen = 1;
        }
        out->op = value.left(opLen).toString();
        value = trimmed(value.mid(opLen));
        if (value.size() >= 2 && value.front() == u'"' && value.back() == u'"') {
            value = value.mid(1, value.size() - 2);
            out->value = escaped ? JsonScan::unescape(value) : value.toString();
        } else {
            out->value = value.toString();
        }
    } else {
        out->path = trimmed(q.mid(2, i - 2));
    }
    *end = i + 1;
    return true;
}

JsonPathComponent JsonPathSyntax::arrayComponent(QStringView path)
{
    JsonPathComponent c;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar ch = path[i];
        if (ch == u'|') {
            c.part = path.left(i).toString();
            c.piped = true;
            c.pipe = path.mid(i + 1);
            return c;
        }
        if (ch == u'.') {
            c.part = path.left(i).toString();
            endAtDot(c, path, i, !c.hash);
            return c;
        }
        if (ch != u'#')
            continue;
        c.hash = true;
        if (i != 0 || path.size() < 2)
            continue;
        if (path[1] == u'.') {
            c.mapEach = true;
        } else if (path[1] == u'(' || path[1] == u'[') {
            c.query.on = true;
            qsizetype end = 0;
            if (!parseQuery(path, &c.query, &end))
                break;   // as gjson: a broken query leaves the whole path as the part
            i = end - 1;
            if (i + 1 < path.size() && path[i + 1] == u'#')
                c.query.all = true;
        }
    }
    c.part = path.toString();
    return c;
}

bool JsonPathSyntax::splitPipe(QStringView path, QStringView *left, QStringView *right)
{
    if (!path.contains(u'|'))
        return false;
    if (path.startsWith(u'{')) {
        const qsizetype end = JsonScan::squashEnd(path, 0);
        if (end < path.size() && path[end] == u'|') {
            *left = path.left(end);
            *right = path.mid(end + 1);
            return true;
        }
        return false;
    }
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (path[i] == u'\\') {
            ++i;
        } else if (path[i] == u'.') {
            if (i == path.size() - 1)
                return false;
            if (path[i + 1] != u'#')
                continue;
            i += 2;
            if (i == path.size())
                return false;
            if (path[i] != u'(' && path[i] != u'[')
                continue;
            const QChar open = path[i], close = open == u'(' ? u')' : u']';
            int depth = 1;
            for (++i; i < path.size(); ++i) {
                if (path[i] == u'\\')
                    ++i;
                else if (path[i] == open)
                    ++depth;
                else if (path[i] == close && --depth == 0)
                    break;
                else if (path[i] == u'"')
                    i = skipQuoted(path, i, nullptr);
            }
        } else if (path[i] == u'|') {
            *left = path.left(i);
            *right = path.mid(i + 1);
            return true;
        }
    }
    return false;
}

bool JsonPathSyntax::subSelectors(QStringView path, QList<JsonPathSubSelector> *out, QStringView *rest)
{
    qsizetype modifier = 0, colon = 0, start = 1;
    int depth = 1;
    auto push = [&](qsizetype i) {
        JsonPathSubSelector sel;
        if (colon == 0) {
            sel.path = path.mid(start, i - start);
        } else {
            sel.name = path.mid(start, colon - start);
            sel.path = path.mid(colon + 1, i - colon - 1);
        }
        out->append(sel);
        colon = modifier = 0;
        start = i + 1;
    };
    for (qsizetype i = 1; i < path.size(); ++i) {
        switch (path[i].unicode()) {
        case u'\\':
            ++i;
            break;
        case u'@':
            if (modifier == 0 && (path[i - 1] == u'.' || path[i - 1] == u'|'))
                modifier = i;
            break;
        case u':':
            if (modifier == 0 && colon == 0 && depth == 1)
                colon = i;
            break;
        case u',':
            if (depth == 1)
                push(i);
            break;
        case u'"':
            i = skipQuoted(path, i, nullptr);
            break;
        case u'[': case u'(': case u'{':
            ++depth;
            break;
        case u']': case u')': case u'}':
            if (--depth == 0) {
                push(i);
                *rest = path.mid(i + 1);
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

QStringView JsonPathSyntax::nameOfLast(QStringView path)
{
    for (qsizetype i = path.size() - 1; i >= 0; --i) {
        if (path[i] == u'|' || path[i] == u'.') {
            if (i > 0 && path[i - 1] == u'\\')
                continue;
            return path.mid(i + 1);
        }
    }
    return path;
}

bool JsonPathSyntax::isSimpleName(QStringView name)
{
    for (QChar c : name) {
        if (c.unicode() < u' ')
            return false;
        switch (c.unicode()) {
        case u'[': case u']': case u'{': case u'}': case u'(': case u')': case u'#': case u'|': case u'!':
            return false;
        default:
            break;
        }
    }
    return true;
}

bool JsonPathSyntax::wildcardMatch(QStringView textView, QStringView patternView)
{
    // Code points, so that '?' takes a whole character outside the BMP.
    const QList<uint> text = textView.toUcs4(), pat = patternView.toUcs4();
    qsizetype t = 0, p = 0, starP = -1, starT = 0;
    while (t < text.size()) {
        if (p < pat.size() && pat[p] == '*') {
            starP = p++;
            starT = t;
            continue;
        }
        if (p < pat.size() && pat[p] != '*') {
            qsizetype q = p;
            if (pat[q] == '\\' && q + 1 < pat.size())
                ++q;
            if (pat[p] == '?' || pat[q] == text[t]) {
                p = q + 1;
                ++t;
                continue;
            }
        }
        if (starP < 0)
            return false;
        p = starP + 1;
        t = ++starT;
    }
    while (p < pat.size() && pat[p] == '*')
        ++p;
    return p == pat.size();
}

} // namespace throttle
