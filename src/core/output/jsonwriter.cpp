#include "core/output/jsonwriter.h"

#include "core/output/jsonnumber.h"

namespace throttle {

void JsonWriter::newline(int depth)
{
    if (m_indent <= 0)
        return;
    m_out += '\n';
    m_out += QByteArray(depth * m_indent, ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_items.empty())
        return;
    if (m_items.back()++ > 0)
        m_out += ',';
    newline(int(m_items.size()));
}

void JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_items.push_back(0);
}

void JsonWriter::endObject()
{
    const int items = m_items.back();
    m_items.pop_back();
    if (items > 0)
        newline(int(m_items.size()));
    m_out += '}';
}

void JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_items.push_back(0);
}

void JsonWriter::endArray()
{
    endObject();
    m_out[m_out.size() - 1] = ']';
}

void JsonWriter::key(const QString &name)
{
    beforeValue();
    escapeJson(&m_out, name, m_escapeHtml);
    m_out += m_indent > 0 ? ": " : ":";
    m_afterKey = true;
}

void JsonWriter::value(const QString &text)
{
    beforeValue();
    escapeJson(&m_out, text, m_escapeHtml);
}

void JsonWriter::value(double number)
{
    beforeValue();
    m_out += jsonNumber(number);
}

void JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
}

void JsonWriter::null()
{
    beforeValue();
    m_out += "null";
}

void JsonWriter::raw(const QByteArray &compactJson)
{
    beforeValue();
    m_out += m_indent > 0 ? reindent(compactJson, m_indent, int(m_items.size())) : compactJson;
}

void JsonWriter::escapeJson(QByteArray *out, const QString &text, bool escapeHtml)
{
    static const char hex[] = "0123456789abcdef";
    out->append('"');
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out->append("\\\""); continue;
        case '\\': out->append("\\\\"); continue;
        case '\n': out->append("\\n"); continue;
        case '\r': out->append("\\r"); continue;
        case '\t': out->append("\\t"); continue;
        case '\b': if (!escapeHtml) { out->append("\\b"); continue; } break;   // JSON.stringify's short
        case '\f': if (!escapeHtml) { out->append("\\f"); continue; } break;   // forms; easyjson's \u00XX
        default: break;
        }
        if (c < 0x20 || (escapeHtml && (c == '<' || c == '>' || c == '&'))) {
            out->append("\\u00");
            out->append(hex[c >> 4]);
            out->append(hex[c & 0xf]);
        } else {
            out->append(ch);
        }
    }
    out->append('"');
}

QByteArray JsonWriter::reindent(const QByteArray &json, int indent, int depth)
{
    if (indent <= 0)
        return json;
    QByteArray out;
    out.reserve(json.size() * 2);
    const auto pad = [&](int d) { out += '\n'; out += QByteArray(d * indent, ' '); };
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; out += c; break;
        case '{': case '[':
            out += c;
            if (i + 1 < json.size() && (json[i + 1] == '}' || json[i + 1] == ']'))
                out += json[++i];   // empty container stays "{}" / "[]"
            else
                pad(++depth);
            break;
        case '}': case ']': pad(--depth); out += c; break;
        case ',': out += c; pad(depth); break;
        case ':': out += ": "; break;
        default: out += c; break;
        }
    }
    return out;
}

} // namespace throttle
