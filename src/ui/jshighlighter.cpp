#include "ui/jshighlighter.h"

namespace throttle {

namespace {
enum BlockState { Normal = 0, InBlockComment = 1, InTemplate = 2 };
}

JsHighlighter::JsHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    auto make = [](const char *color, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(QColor(QLatin1String(color)));
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Kind::Keyword)] = make("#0033b3", true);
    m_formats[int(Kind::Builtin)] = make("#871094");
    m_formats[int(Kind::String)] = make("#067d17");
    m_formats[int(Kind::Number)] = make("#1750eb");
    m_formats[int(Kind::Comment)] = make("#8c8c8c", false, true);

    const QString keywords = QStringLiteral(
        "\\b(?:import|export|from|default|as|const|let|var|function|return|if|else|for|while|do|"
        "break|continue|switch|case|new|delete|typeof|instanceof|in|of|try|catch|finally|throw|"
        "class|extends|super|this|async|await|yield|null|undefined|true|false|void)\\b");
    const QString builtins = QStringLiteral(
        "\\b(?:http|check|group|sleep|fail|console|options|__ENV|__VU|__ITER|exec|Trend|Counter|"
        "Rate|Gauge|JSON|Math|Date|Object|Array|String|Number|Promise)\\b");
    m_rules = {
        {QRegularExpression(keywords), Kind::Keyword},
        {QRegularExpression(builtins), Kind::Builtin},
        {QRegularExpression(QStringLiteral("\\b(?:0[xX][0-9a-fA-F_]+|\\d[\\d_]*(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\b")),
         Kind::Number},
    };
}

void JsHighlighter::setTypeScript(bool on)
{
    if (on == m_typeScript)
        return;
    m_typeScript = on;
    static const QRegularExpression tsKeywords(QStringLiteral(
        "\\b(?:interface|type|enum|namespace|declare|abstract|implements|private|protected|public|readonly|"
        "keyof|infer|is|satisfies|override|any|unknown|never|number|string|boolean|object|symbol|bigint)\\b"));
    if (on)
        m_rules.append({tsKeywords, Kind::Keyword});
    else
        m_rules.removeLast();
    rehighlight();
}

QTextCharFormat JsHighlighter::format(Kind kind) const
{
    return m_formats[int(kind)];
}

void JsHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_formats[int(rule.kind)]);
        }
    }
    // Strings and comments win over the rules above; scan once, left to right.
    int state = previousBlockState() < 0 ? Normal : previousBlockState();
    int i = 0;
    const int n = int(text.size());
    int start = 0;
    if (state == InBlockComment || state == InTemplate)
        start = 0;
    while (i < n) {
        if (state == InBlockComment) {
            const int end = int(text.indexOf(QLatin1String("*/"), i));
            const int stop = end < 0 ? n : end + 2;
            setFormat(start, stop - start, m_formats[int(Kind::Comment)]);
            i = stop;
            if (end >= 0)
                state = Normal;
            continue;
        }
        if (state == InTemplate) {
            int j = i;
            while (j < n && text[j] != QLatin1Char('`'))
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            const int stop = std::min(n, j + 1);
            setFormat(start, stop - start, m_formats[int(Kind::String)]);
            i = stop;
            if (j < n)
                state = Normal;
            continue;
        }
        const QChar c = text[i];
        if (c == QLatin1Char('/') && i + 1 < n && text[i + 1] == QLatin1Char('/')) {
            setFormat(i, n - i, m_formats[int(Kind::Comment)]);
            break;
        }
        if (c == QLatin1Char('/') && i + 1 < n && text[i + 1] == QLatin1Char('*')) {
            state = InBlockComment;
            start = i;
            i += 2;
            continue;
        }
        if (c == QLatin1Char('`')) {
            state = InTemplate;
            start = i;
            ++i;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            int j = i + 1;
            while (j < n && text[j] != c)
                j += text[j] == QLatin1Char('\\') ? 2 : 1;
            const int stop = std::min(n, j + 1);
            setFormat(i, stop - i, m_formats[int(Kind::String)]);
            i = stop;
            continue;
        }
        ++i;
    }
    setCurrentBlockState(state);
}

} // namespace throttle
