#include "core/script/tailcallguard.h"

#include <map>
#include <vector>

namespace throttle {

namespace {

struct Token {
    enum Kind { Ident, Punct, String, Number, Regex, TemplateFull, TemplateHead, TemplateMiddle, TemplateTail };
    Kind kind;
    qsizetype start;
    qsizetype end;
    char p = 0;        // Punct: its first character ('=' for "=>", '?' for "?.")
    bool arrow = false;        // Punct "=>"
    bool optional = false;     // Punct "?."
};

bool isIdentStart(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '\\' || c >= 0x80;
}

bool isIdentPart(unsigned char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

// Splits esbuild's output into tokens, in one pass. Template literals become head/middle/tail
// tokens around the tokens of their ${…} parts, so the stream is flat.
class Lexer {
public:
    explicit Lexer(const QByteArray &code) : m_s(code.constData()), m_n(code.size()) {}

    bool run(std::vector<Token> *out)
    {
        m_out = out;
        while (skipSpace()) {
            const unsigned char c = uchar(m_s[m_pos]);
            const qsizetype start = m_pos;
            if (isIdentStart(c)) {
                while (m_pos < m_n && isIdentPart(uchar(m_s[m_pos])))
                    m_pos += m_s[m_pos] == '\\' ? 2 : 1;   // \uXXXX escapes stay in the identifier
                push({Token::Ident, start, m_pos});
            } else if ((c >= '0' && c <= '9') || (c == '.' && m_pos + 1 < m_n && isDigit(m_s[m_pos + 1]))) {
                while (m_pos < m_n && (isIdentPart(uchar(m_s[m_pos])) || m_s[m_pos] == '.'))
                    ++m_pos;
                push({Token::Number, start, m_pos});
            } else if (c == '"' || c == '\'') {
                if (!quoted(char(c)))
                    return false;
                push({Token::String, start, m_pos});
            } else if (c == '`') {
                ++m_pos;
                if (!templatePart(start, Token::TemplateFull, Token::TemplateHead))
                    return false;
            } else if (c == '}' && !m_braces.empty() && m_braces.back()) {
                m_braces.pop_back();   // the end of a ${…}: the template goes on
                ++m_pos;
                if (!templatePart(start, Token::TemplateTail, Token::TemplateMiddle))
                    return false;
            } else if (c == '/' && regexAllowed()) {
                if (!regex())
                    return false;
                push({Token::Regex, start, m_pos});
            } else {
                punct(c, start);
            }
        }
        return m_braces.empty() && m_depth == 0 && !m_unbalanced;
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    void push(Token t) { m_out->push_back(t); }

    // Skips white space and comments; false at the end of the input.
    bool skipSpace()
    {
        while (m_pos < m_n) {
            const char c = m_s[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++m_pos;
            } else if (c == '/' && m_pos + 1 < m_n && m_s[m_pos + 1] == '/') {
                while (m_pos < m_n && m_s[m_pos] != '\n')
                    ++m_pos;
            } else if (c == '/' && m_pos + 1 < m_n && m_s[m_pos + 1] == '*') {
                const qsizetype end = QByteArrayView(m_s, m_n).indexOf("*/", m_pos + 2);
                m_pos = end < 0 ? m_n : end + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    bool quoted(char q)
    {
        for (++m_pos; m_pos < m_n; ++m_pos) {
            if (m_s[m_pos] == '\\')
                ++m_pos;
            else if (m_s[m_pos] == q) {
                ++m_pos;
                return true;
            } else if (m_s[m_pos] == '\n')
                return false;
        }
        return false;
    }

    // After "`" or the "}" of a ${…}: up to the closing "`" (whole) or the next "${" (open).
    bool templatePart(qsizetype start, Token::Kind whole, Token::Kind open)
    {
        for (; m_pos < m_n; ++m_pos) {
            if (m_s[m_pos] == '\\') {
                ++m_pos;
            } else if (m_s[m_pos] == '`') {
                ++m_pos;
                push({whole, start, m_pos});
                return true;
            } else if (m_s[m_pos] == '$' && m_pos + 1 < m_n && m_s[m_pos + 1] == '{') {
                m_pos += 2;
                push({open, start, m_pos});
                m_braces.push_back(true);
                return true;
            }
        }
        return false;
    }

    bool regex()
    {
        bool inClass = false;
        for (++m_pos; m_pos < m_n; ++m_pos) {
            const char c = m_s[m_pos];
            if (c == '\\')
                ++m_pos;
            else if (c == '\n')
                return false;
            else if (inClass)
                inClass = c != ']';
            else if (c == '[')
                inClass = true;
            else if (c == '/')
                break;
        }
        if (m_pos >= m_n)
            return false;
        ++m_pos;
        while (m_pos < m_n && isIdentPart(uchar(m_s[m_pos])))
            ++m_pos;   // flags
        return true;
    }

    void punct(unsigned char c, qsizetype start)
    {
        Token t{Token::Punct, start, start + 1, char(c)};
        if (c == '=' && m_pos + 1 < m_n && m_s[m_pos + 1] == '>') {
            t.arrow = true;
            t.end = start + 2;
        } else if (c == '?' && m_pos + 1 < m_n && m_s[m_pos + 1] == '.' && !(m_pos + 2 < m_n && isDigit(m_s[m_pos + 2]))) {
            t.optional = true;
            t.end = start + 2;
        } else if (c == '.' && m_pos + 2 < m_n && m_s[m_pos + 1] == '.' && m_s[m_pos + 2] == '.') {
            t.end = start + 3;
        }
        if (c == '(' || c == '[' || c == '{')
            ++m_depth;
        else if (c == ')' || c == ']' || c == '}')
            m_unbalanced = m_unbalanced || --m_depth < 0;
        if (c == '(') {
            m_parenHeads.push_back(precededByKeyword({"if", "while", "for", "with"}));
        } else if (c == ')') {
            m_closedHead = !m_parenHeads.empty() && m_parenHeads.back();
            if (!m_parenHeads.empty())
                m_parenHeads.pop_back();
        } else if (c == '{') {
            m_braces.push_back(false);
        } else if (c == '}' && !m_braces.empty()) {
            m_braces.pop_back();
        }
        m_pos = t.end;
        push(t);
    }

    bool precededByKeyword(std::initializer_list<const char *> words) const
    {
        if (m_out->empty() || m_out->back().kind != Token::Ident)
            return false;
        const QByteArrayView last(m_s + m_out->back().start, m_out->back().end - m_out->back().start);
        for (const char *w : words) {
            if (last == QByteArrayView(w))
                return true;
        }
        return false;
    }

    // Whether a "/" here starts a regular expression (else it divides), from the token before it.
    bool regexAllowed() const
    {
        if (m_out->empty())
            return true;
        const Token &t = m_out->back();
        switch (t.kind) {
        case Token::Ident:
            return precededByKeyword({"return", "typeof", "instanceof", "in", "of", "new", "delete", "void",
                                      "throw", "case", "do", "else", "yield", "await"});
        case Token::Punct:
            if (t.p == ')')
                return m_closedHead;   // if (…) /re/
            return t.p != ']';
        case Token::TemplateHead:
        case Token::TemplateMiddle:
            return true;
        default:
            return false;
        }
    }

    const char *m_s;
    qsizetype m_n;
    qsizetype m_pos = 0;
    std::vector<Token> *m_out = nullptr;
    std::vector<bool> m_braces;       // open braces: true for a template's ${
    std::vector<bool> m_parenHeads;   // open parens: true after if/while/for/with
    bool m_closedHead = false;
    int m_depth = 0;                  // ( [ { open outside templates' own braces
    bool m_unbalanced = false;
};

bool isPunct(const Token &t, char c)
{
    return t.kind == Token::Punct && t.p == c && !t.arrow && !t.optional;
}

class Rewriter {
public:
    Rewriter(const QByteArray &code, const std::vector<Token> &tokens) : m_code(code), m_t(tokens) {}

    bool run()
    {
        for (size_t i = 0; i < m_t.size(); ++i) {
            if (isReturnStatement(i))
                guard(i + 1, false);
            else if (m_t[i].arrow && i + 1 < m_t.size() && !isPunct(m_t[i + 1], '{'))
                guard(i + 1, true);
        }
        return m_ok;
    }

    QByteArray result() const
    {
        if (m_insert.empty())
            return m_code;
        // The declaration goes on a line of its own after the last one (var is hoisted): no line
        // or column of the code moves, and every statement still starts its line, as
        // OutputImports expects of esbuild's imports.
        QByteArray decl = QByteArray("var ") + TailCallGuard::kVariable + ";\n";
        if (!m_code.isEmpty() && !m_code.endsWith('\n'))
            decl.prepend('\n');
        QByteArray out;
        out.reserve(m_code.size() + qsizetype(m_insert.size()) * 24 + decl.size());
        qsizetype last = 0;
        for (const auto &[at, text] : m_insert) {
            out += QByteArrayView(m_code).sliced(last, at - last);
            out += text.closing;   // what ends here closes before what starts here opens
            out += text.opening;
            last = at;
        }
        out += QByteArrayView(m_code).sliced(last);
        out += decl;
        return out;
    }

private:
    QByteArrayView text(const Token &t) const { return QByteArrayView(m_code).sliced(t.start, t.end - t.start); }

    // `return` the statement — not `.return`, a `return: …` key or a `return(…) {}` method.
    bool isReturnStatement(size_t i) const
    {
        if (m_t[i].kind != Token::Ident || text(m_t[i]) != "return")
            return false;
        if (i > 0 && m_t[i - 1].kind == Token::Punct && (m_t[i - 1].p == '.' || m_t[i - 1].optional))
            return false;
        if (i + 1 >= m_t.size())
            return false;
        const Token &next = m_t[i + 1];
        if (isPunct(next, ';') || isPunct(next, '}') || isPunct(next, ':') || isPunct(next, ',') || isPunct(next, '='))
            return false;
        if (isPunct(next, '(')) {
            const size_t close = matching(i + 1);
            if (close + 1 < m_t.size() && isPunct(m_t[close + 1], '{'))
                return false;   // a method named return
        }
        return true;
    }

    // Index of the bracket closing the one at `open`, or m_t.size().
    size_t matching(size_t open) const
    {
        int depth = 0;
        for (size_t k = open; k < m_t.size(); ++k) {
            depth += opens(m_t[k]) - closes(m_t[k]);
            if (depth == 0)
                return k;
        }
        return m_t.size();
    }

    static int opens(const Token &t)
    {
        return (t.kind == Token::Punct && (t.p == '(' || t.p == '[' || t.p == '{') && !t.optional)
            || t.kind == Token::TemplateHead || t.kind == Token::TemplateMiddle;
    }
    static int closes(const Token &t)
    {
        return (t.kind == Token::Punct && (t.p == ')' || t.p == ']' || t.p == '}'))
            || t.kind == Token::TemplateTail || t.kind == Token::TemplateMiddle;
    }

    // First token after the expression starting at `from` (a return's argument, or an arrow's
    // concise body, which also ends at a comma or an unmatched ':').
    size_t expressionEnd(size_t from, bool arrowBody) const
    {
        int depth = 0;
        int conditionals = 0;
        for (size_t k = from; k < m_t.size(); ++k) {
            const Token &t = m_t[k];
            if (depth == 0) {
                if (closes(t) || isPunct(t, ';'))
                    return k;
                if (arrowBody && isPunct(t, ','))
                    return k;
                if (isPunct(t, '?'))
                    ++conditionals;
                else if (isPunct(t, ':') && conditionals-- == 0)
                    return k;
            }
            depth += opens(t) - closes(t);
            if (depth < 0)
                return k;
        }
        return m_t.size();
    }

    bool hasCall(size_t from, size_t end) const
    {
        for (size_t k = from + 1; k < end; ++k) {
            const Token &prev = m_t[k - 1];
            const bool callee = prev.kind == Token::Ident || isPunct(prev, ')') || isPunct(prev, ']') || prev.optional;
            const bool call = isPunct(m_t[k], '(') || m_t[k].kind == Token::TemplateFull || m_t[k].kind == Token::TemplateHead;
            if (callee && call)
                return true;
        }
        return false;
    }

    void guard(size_t from, bool arrowBody)
    {
        const size_t end = expressionEnd(from, arrowBody);
        if (end == from) {
            m_ok = false;   // nothing there: the stream is not what esbuild writes
            return;
        }
        if (!hasCall(from, end))
            return;
        // Outer expressions are met first: their "(" opens first and their ")" closes last.
        m_insert[m_t[from].start].opening += QByteArray("(") + TailCallGuard::kVariable + " = (";
        m_insert[m_t[end - 1].end].closing.prepend(QByteArray("), ") + TailCallGuard::kVariable + ")");
    }

    const QByteArray &m_code;
    const std::vector<Token> &m_t;
    struct Insert {
        QByteArray closing;
        QByteArray opening;
    };
    std::map<qsizetype, Insert> m_insert;   // offset -> what goes in there
    bool m_ok = true;
};

} // namespace

QByteArray TailCallGuard::apply(const QByteArray &code)
{
    std::vector<Token> tokens;
    tokens.reserve(size_t(code.size() / 4));
    if (!Lexer(code).run(&tokens))
        return code;
    Rewriter rewriter(code, tokens);
    if (!rewriter.run())
        return code;
    return rewriter.result();
}

} // namespace throttle
