#pragma once
// JsHighlighter: JavaScript (and TypeScript) syntax highlighting for the script pane: keywords,
// k6 built-ins, strings and template literals, numbers, comments (block comments across lines via
// the block state). setTypeScript() adds TypeScript's keywords and primitive type names. Lives on
// the GUI thread with the QTextDocument it colours.

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace throttle {

class JsHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsHighlighter(QTextDocument *document);

    enum class Kind { Keyword, Builtin, String, Number, Comment };
    QTextCharFormat format(Kind kind) const;
    void setTypeScript(bool on);   // rehighlights when it changes
    bool typeScript() const { return m_typeScript; }

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        Kind kind;
    };
    QList<Rule> m_rules;
    bool m_typeScript = false;
    QTextCharFormat m_formats[5];
};

} // namespace throttle
