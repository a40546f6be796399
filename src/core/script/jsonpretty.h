#pragma once
// JsonPretty: the @pretty modifier of GJSON paths, laid out as tidwall/pretty (the formatter gjson
// uses) does: objects one member per line, arrays on one line when they fit in `width` columns
// and hold no object, `"key": value`, a final newline. Options from the modifier's argument:
// {"sortKeys":bool, "indent":string, "width":number}; "prefix" is accepted and, as in k6 v1.3
// (measured), has no effect. One call per instance, any thread.

#include <QString>
#include <QStringView>

namespace throttle {

class JsonPretty {
public:
    static QString format(QStringView json, QStringView arg);

private:
    JsonPretty() = default;
    // Appends the value at json[i]; returns the index after it, or -1 when a one-line attempt
    // must give up (an object inside, or too wide).
    qsizetype value(QStringView json, qsizetype i, bool pretty, int tabs, int max);
    qsizetype container(QStringView json, qsizetype i, bool pretty, int tabs, int max);
    void newline();
    void tabsOut(int tabs);
    void options(QStringView arg);

    QString m_out;
    qsizetype m_lineStart = 0;
    int m_width = 80;
    QString m_indent = QStringLiteral("  ");
    bool m_sortKeys = false;
};

} // namespace throttle
