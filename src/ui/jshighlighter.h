#pragma once
// JsHighlighter: JavaScript syntax highlighting for the script pane: keywords, k6 built-ins,
// strings and template literals, numbers, comments (block comments across lines via the block
// state). Lives on the GUI thread with the QTextDocument it colours.

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

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule {
        QRegularExpression pattern;
        Kind kind;
    };
    QList<Rule> m_rules;
    QTextCharFormat m_formats[5];
};

} // namespace throttle
