#pragma once
// JsonWriter: builds one JSON text with keys in the order they are written (QJsonObject sorts
// them, k6's documents do not), numbers through jsonNumber() and JavaScript's JSON.stringify
// layout: compact, or indented like JSON.stringify(v, null, n) ("{}"/"[]" when empty,
// "key": value). escapeJson() is also the string escaper of the JSON lines output, which adds
// Go's HTML escaping. A plain value; one thread at a time.

#include <QByteArray>
#include <QString>
#include <vector>

namespace throttle {

class JsonWriter
{
public:
    explicit JsonWriter(int indent = 0) : m_indent(indent) {}
    // Keys and strings escape <, > and & as Go's json.Marshal does (k6 inspect's output).
    void setEscapeHtml(bool on) { m_escapeHtml = on; }

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(const QString &name);      // then exactly one value
    void value(const QString &text);
    void value(double number);
    void value(bool flag);
    void null();
    // An already serialised compact JSON value (e.g. setup data), re-indented to fit.
    void raw(const QByteArray &compactJson);

    const QByteArray &text() const { return m_out; }

    // Appends "text" (quotes included). escapeHtml: also <, >, & as \u003c… (Go's default).
    static void escapeJson(QByteArray *out, const QString &text, bool escapeHtml = false);
    // Re-indents compact JSON (JSON.stringify output) as JSON.stringify(v, null, indent) would.
    static QByteArray reindent(const QByteArray &compactJson, int indent, int depth = 0);

private:
    void beforeValue();
    void newline(int depth);

    QByteArray m_out;
    int m_indent;
    std::vector<int> m_items;   // per open container: values written so far
    bool m_afterKey = false;
    bool m_escapeHtml = false;
};

} // namespace throttle
