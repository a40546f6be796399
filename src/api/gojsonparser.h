#pragma once
// GoJsonParser: reads request bodies the way k6 (Go's encoding/json) does, so the REST API and
// the CLI report the same syntax errors ("unexpected end of JSON input", "invalid character 'x'
// looking for beginning of value", ...). Also Go's json.Compact for echoing raw JSON.
// Stateless; any thread.

#include "api/jsonnode.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace throttle {

class GoJsonParser {
public:
    // Exactly one JSON value, surrounding whitespace allowed. nullopt + Go's message on error.
    static std::optional<JsonNode> parse(const QByteArray &input, QString *error);
    // Go's json.Compact with HTML escaping (<, >, & and U+2028/9 as \u escapes); input must be valid.
    static QByteArray compact(const QByteArray &validJson);
    // Offset of the first byte that is not part of valid UTF-8 (RFC 3629: no overlong forms, no
    // surrogates), or -1. Go's parser lets such bytes through; PUT /v1/setup refuses them.
    static qsizetype invalidUtf8At(const QByteArray &bytes);

private:
    explicit GoJsonParser(const QByteArray &in) : m_in(in) {}
    bool value(JsonNode *out, int depth);
    bool object(JsonNode *out, int depth);
    bool array(JsonNode *out, int depth);
    bool string(QByteArray *out);
    bool number(JsonNode *out);
    bool literal(const char *word, JsonNode *out);
    bool hex4(uint *out);
    void skipSpace();
    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return m_in.at(m_pos); }
    bool fail(const QString &context);   // "invalid character 'c' <context>" or end of input
    static QString quoteChar(unsigned char c);

    const QByteArray &m_in;
    qsizetype m_pos = 0;
    QString m_error;
};

} // namespace throttle
