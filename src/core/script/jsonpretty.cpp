#include "core/script/jsonpretty.h"

#include "core/script/jsonscan.h"

#include <QList>

#include <algorithm>

namespace throttle {

namespace {
// One member of an object being sorted: its text in the output (indent, key, value).
struct Member {
    QString key;
    qsizetype start = 0;
    qsizetype end = 0;
};
} // namespace

QString JsonPretty::format(QStringView json, QStringView arg)
{
    JsonPretty p;
    if (!arg.isEmpty())
        p.options(arg);
    p.value(json, 0, true, 0, -1);
    if (!p.m_out.isEmpty())
        p.m_out += u'\n';
    return p.m_out;
}

void JsonPretty::options(QStringView arg)
{
    JsonScan::forEach(JsonScan::firstValue(arg), [&](QStringView key, QStringView v) {
        if (key.isEmpty())
            return true;
        const QString name = JsonScan::stringValue(key);
        const JsonScan::Kind kind = JsonScan::kindAt(v, 0);
        const QString text = kind == JsonScan::Kind::String ? JsonScan::stringValue(v) : v.toString();
        if (name == u"sortKeys") {
            const QString lower = text.toLower();
            m_sortKeys = kind == JsonScan::Kind::True || (kind == JsonScan::Kind::Number && JsonScan::toNumber(v) != 0)
                         || (kind == JsonScan::Kind::String && (lower == u"1" || lower == u"t" || lower == u"true"));
        } else if (name == u"indent") {
            m_indent = text;
        } else if (name == u"width") {
            m_width = kind == JsonScan::Kind::Number ? int(JsonScan::toNumber(v)) : text.toInt();
        }
        return true;
    });
}

void JsonPretty::newline()
{
    if (!m_out.isEmpty() && m_out.back() == u' ') {
        m_lineStart = m_out.size() - 1;
        m_out.back() = u'\n';
    } else {
        m_lineStart = m_out.size();
        m_out += u'\n';
    }
}

void JsonPretty::tabsOut(int tabs)
{
    for (int t = 0; t < tabs; ++t)
        m_out += m_indent;
}

qsizetype JsonPretty::value(QStringView json, qsizetype i, bool pretty, int tabs, int max)
{
    for (; i < json.size(); ++i) {
        const QChar c = json[i];
        if (c.unicode() <= u' ')
            continue;
        if (c == u'{' || c == u'[')
            return container(json, i, pretty, tabs, max);
        if (c == u'"' || c == u'-' || (c >= u'0' && c <= u'9')) {
            const qsizetype end = JsonScan::valueEnd(json, i);
            m_out += json.mid(i, end - i);
            return end;
        }
        if (c == u't' || c == u'f' || c == u'n') {
            const QLatin1String word = c == u't' ? QLatin1String("true") : c == u'f' ? QLatin1String("false")
                                                                                  : QLatin1String("null");
            m_out += word;
            return i + word.size();
        }
    }
    return i;
}

qsizetype JsonPretty::container(QStringView json, qsizetype i, bool pretty, int tabs, int max)
{
    const QChar open = json[i], close = open == u'{' ? u'}' : u']';
    if (m_width > 0) {
        if (pretty && open == u'[' && max == -1) {
            // first try the whole array on the rest of this line
            const int avail = m_width - int(m_out.size() - m_lineStart);
            if (avail > 3) {
                const qsizetype saved = m_out.size(), savedLine = m_lineStart;
                const qsizetype end = container(json, i, false, 0, avail);
                if (end >= 0 && m_out.size() - saved <= avail)
                    return end;
                m_out.truncate(saved);
                m_lineStart = savedLine;
            }
        } else if (max != -1 && open == u'{') {
            return -1;
        }
    }
    m_out += open;
    QList<Member> members;
    int n = 0;
    for (++i; i < json.size(); ++i) {
        const QChar c = json[i];
        if (c.unicode() <= u' ' || c == u',' || c == u':')
            continue;
        if (c == close) {
            if (pretty) {
                if (open == u'{' && m_sortKeys && members.size() > 1) {
                    const qsizetype from = members.first().start;
                    QList<QString> texts;
                    std::stable_sort(members.begin(), members.end(), [&](const Member &a, const Member &b) {
                        return a.key < b.key;
                    });
                    for (const Member &m : members)
                        texts.append(m_out.mid(m.start, m.end - m.start));
                    m_out.truncate(from);
                    m_out += texts.join(QStringLiteral(",\n"));
                }
                if (n > 0)
                    newline();
                if (m_out.back() != open)
                    tabsOut(tabs);
            }
            m_out += close;
            return i + 1;
        }
        if (open != u'[' && c != u'"')
            continue;
        if (n > 0) {
            m_out += u',';
            if (m_width != -1 && open == u'[')
                m_out += u' ';
        }
        Member m;
        if (pretty) {
            newline();
            m.start = m_out.size();
            tabsOut(tabs + 1);
        }
        if (open == u'{') {
            const qsizetype keyEnd = JsonScan::stringEnd(json, i);
            m.key = JsonScan::stringValue(json.mid(i, keyEnd - i));
            m_out += json.mid(i, keyEnd - i);
            m_out += pretty ? QStringLiteral(": ") : QStringLiteral(":");
            i = keyEnd;
        }
        i = value(json, i, pretty, tabs + 1, max);
        if (i < 0)
            return -1;
        if (pretty && open == u'{' && m_sortKeys) {
            m.end = m_out.size();
            members.append(m);
        }
        --i;
        ++n;
    }
    return i;
}

} // namespace throttle
