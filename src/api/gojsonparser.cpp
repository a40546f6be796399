#include "api/gojsonparser.h"

namespace throttle {

namespace {
constexpr int kMaxDepth = 10000;   // Go: "exceeded max depth"

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Nesting deeper than Go allows, found without recursion: the recursive parser would otherwise
// build (and then destroy) 10000 levels before it refuses the next one, which overflowed the
// control thread's stack in the ThreadSanitizer build (bigger frames). Go reports the depth at
// the bracket that exceeds it; an earlier syntax error in such a document is reported as the
// depth here.
bool nestsTooDeep(const QByteArray &in)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}
} // namespace

std::optional<JsonNode> GoJsonParser::parse(const QByteArray &input, QString *error)
{
    if (nestsTooDeep(input)) {
        if (error)
            *error = QStringLiteral("exceeded max depth");
        return std::nullopt;
    }
    GoJsonParser p(input);
    JsonNode node;
    p.skipSpace();
    bool ok = p.value(&node, 0);
    if (ok) {
        p.skipSpace();
        if (!p.atEnd())
            ok = p.fail(QStringLiteral("after top-level value"));
    }
    if (!ok) {
        if (error)
            *error = p.m_error;
        return std::nullopt;
    }
    return node;
}

QString GoJsonParser::quoteChar(unsigned char c)
{
    if (c == '\'')
        return QStringLiteral("'\\''");
    if (c == '"')
        return QStringLiteral("'\"'");
    static const char *named[] = {"\\x00", "\\x01", "\\x02", "\\x03", "\\x04", "\\x05", "\\x06", "\\a",
                                  "\\b",   "\\t",   "\\n",   "\\v",   "\\f",   "\\r",   "\\x0e", "\\x0f"};
    QString inner;
    if (c < 0x10)
        inner = QLatin1String(named[c]);
    else if (c < 0x20 || c == 0x7f)
        inner = QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    else if (c >= 0x80 && (c < 0xa1 || c == 0xad))
        inner = QStringLiteral("\\u%1").arg(c, 4, 16, QLatin1Char('0'));
    else
        inner = QChar(c);
    return QLatin1Char('\'') + inner + QLatin1Char('\'');
}

bool GoJsonParser::fail(const QString &context)
{
    if (m_error.isEmpty()) {
        m_error = atEnd() ? QStringLiteral("unexpected end of JSON input")
                          : QStringLiteral("invalid character %1 %2").arg(quoteChar(uchar(peek())), context);
    }
    return false;
}

void GoJsonParser::skipSpace()
{
    while (!atEnd() && isSpace(peek()))
        ++m_pos;
}

bool GoJsonParser::value(JsonNode *out, int depth)
{
    if (atEnd())
        return fail(QString());
    if (depth > kMaxDepth) {
        m_error = QStringLiteral("exceeded max depth");
        return false;
    }
    switch (peek()) {
    case '{': return object(out, depth + 1);
    case '[': return array(out, depth + 1);
    case '"': out->kind = JsonNode::Kind::String; return string(&out->text);
    case 't': out->kind = JsonNode::Kind::Bool; out->boolean = true; return literal("true", out);
    case 'f': out->kind = JsonNode::Kind::Bool; return literal("false", out);
    case 'n': out->kind = JsonNode::Kind::Null; return literal("null", out);
    default:
        if (peek() == '-' || isDigit(peek()))
            return number(out);
        return fail(QStringLiteral("looking for beginning of value"));
    }
}

bool GoJsonParser::object(JsonNode *out, int depth)
{
    out->kind = JsonNode::Kind::Object;
    ++m_pos;   // '{'
    skipSpace();
    if (!atEnd() && peek() == '}') {
        ++m_pos;
        return true;
    }
    for (;;) {
        skipSpace();
        if (atEnd() || peek() != '"')
            return fail(QStringLiteral("looking for beginning of object key string"));
        QByteArray key;
        if (!string(&key))
            return false;
        skipSpace();
        if (atEnd() || peek() != ':')
            return fail(QStringLiteral("after object key"));
        ++m_pos;
        skipSpace();
        JsonNode child;
        if (!value(&child, depth))
            return false;
        out->members.emplace_back(std::move(key), std::move(child));
        skipSpace();
        if (atEnd())
            return fail(QString());
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        if (peek() != ',')
            return fail(QStringLiteral("after object key:value pair"));
        ++m_pos;
    }
}

bool GoJsonParser::array(JsonNode *out, int depth)
{
    out->kind = JsonNode::Kind::Array;
    ++m_pos;   // '['
    skipSpace();
    if (!atEnd() && peek() == ']') {
        ++m_pos;
        return true;
    }
    for (;;) {
        skipSpace();
        JsonNode child;
        if (!value(&child, depth))
            return false;
        out->items.push_back(std::move(child));
        skipSpace();
        if (atEnd())
            return fail(QString());
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        if (peek() != ',')
            return fail(QStringLiteral("after array element"));
        ++m_pos;
    }
}

bool GoJsonParser::hex4(uint *out)
{
    *out = 0;
    for (int i = 0; i < 4; ++i) {
        if (atEnd())
            return fail(QString());
        const char c = peek();
        int v = -1;
        if (isDigit(c))
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        if (v < 0)
            return fail(QStringLiteral("in \\u hexadecimal character escape"));
        *out = *out * 16 + uint(v);
        ++m_pos;
    }
    return true;
}

bool GoJsonParser::string(QByteArray *out)
{
    ++m_pos;   // opening quote
    QString decoded;
    QByteArray run;   // raw UTF-8 bytes not yet decoded
    const auto flush = [&] { decoded += QString::fromUtf8(run); run.clear(); };
    for (;;) {
        if (atEnd())
            return fail(QString());
        const char c = peek();
        if (c == '"') {
            ++m_pos;
            flush();
            *out = decoded.toUtf8();
            return true;
        }
        if (uchar(c) < 0x20)
            return fail(QStringLiteral("in string literal"));
        if (c != '\\') {
            run += c;
            ++m_pos;
            continue;
        }
        ++m_pos;
        if (atEnd())
            return fail(QString());
        const char e = peek();
        static const QByteArray simple("\"\\/bfnrt"), mapped("\"\\/\b\f\n\r\t");
        const qsizetype k = simple.indexOf(e);
        if (k >= 0) {
            run += mapped.at(k);
            ++m_pos;
            continue;
        }
        if (e != 'u')
            return fail(QStringLiteral("in string escape code"));
        ++m_pos;
        uint code = 0;
        if (!hex4(&code))
            return false;
        flush();
        decoded += QChar(char16_t(code));   // surrogate pairs combine naturally in UTF-16
    }
}

bool GoJsonParser::number(JsonNode *out)
{
    out->kind = JsonNode::Kind::Number;
    const qsizetype start = m_pos;
    if (peek() == '-') {
        ++m_pos;
        if (atEnd() || !isDigit(peek()))
            return fail(QStringLiteral("in numeric literal"));
    }
    if (peek() == '0')
        ++m_pos;
    else
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
    if (!atEnd() && peek() == '.') {
        ++m_pos;
        if (atEnd() || !isDigit(peek()))
            return fail(QStringLiteral("after decimal point in numeric literal"));
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
    }
    if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
        ++m_pos;
        if (!atEnd() && (peek() == '+' || peek() == '-'))
            ++m_pos;
        if (atEnd() || !isDigit(peek()))
            return fail(QStringLiteral("in exponent of numeric literal"));
        while (!atEnd() && isDigit(peek()))
            ++m_pos;
    }
    out->text = m_in.mid(start, m_pos - start);
    return true;
}

bool GoJsonParser::literal(const char *word, JsonNode *out)
{
    Q_UNUSED(out);
    const QByteArray w(word);
    for (qsizetype i = 0; i < w.size(); ++i) {
        if (atEnd())
            return fail(QString());
        if (peek() != w.at(i)) {
            return fail(QStringLiteral("in literal %1 (expecting %2)")
                            .arg(QLatin1String(w), quoteChar(uchar(w.at(i)))));
        }
        ++m_pos;
    }
    return true;
}

QByteArray GoJsonParser::compact(const QByteArray &in)
{
    QByteArray out;
    out.reserve(in.size());
    bool inString = false;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in.at(i);
        if (!inString) {
            if (isSpace(c))
                continue;
            inString = c == '"';
            out += c;
            continue;
        }
        if (c == '\\') {
            out += c;
            if (i + 1 < in.size())
                out += in.at(++i);
        } else if (c == '<' || c == '>' || c == '&') {
            out += QByteArrayLiteral("\\u00") + QByteArray::number(uchar(c), 16);
        } else if (c == '\xe2' && i + 2 < in.size() && in.at(i + 1) == '\x80' &&
                   (in.at(i + 2) == '\xa8' || in.at(i + 2) == '\xa9')) {
            out += in.at(i + 2) == '\xa8' ? QByteArrayLiteral("\\u2028") : QByteArrayLiteral("\\u2029");
            i += 2;
        } else {
            out += c;
            inString = c != '"';
        }
    }
    return out;
}

qsizetype GoJsonParser::invalidUtf8At(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const uchar c = s[i];
        int len = 0;
        uint cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        // overlong forms, surrogates, beyond U+10FFFF
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += len;
    }
    return -1;
}

} // namespace throttle
