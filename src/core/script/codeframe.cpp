#include "core/script/codeframe.h"

#include <QStringList>

namespace throttle {

QString CodeFrame::render(const QString &source, int line, int column)
{
    const QStringList lines = source.split(QLatin1Char('\n'));
    if (line < 1 || line > lines.size())
        return QString();
    const int first = qMax(1, line - 2);
    const int last = qMin(int(lines.size()), line + 3);
    const int width = int(QString::number(last).size());
    QStringList out;
    for (int n = first; n <= last; ++n) {
        QString text = lines.at(n - 1);
        if (text.endsWith(QLatin1Char('\r')))
            text.chop(1);
        const QString gutter = QStringLiteral("%1 | ").arg(n, width);
        out << (n == line ? QStringLiteral("> ") : QStringLiteral("  ")) + (text.isEmpty() ? gutter.chopped(1) : gutter + text);
        if (n == line) {
            // The source's tabs stay in the caret line (as in Babel's frames): it then lines up
            // under the column wherever the terminal or window puts its tab stops.
            QString marker = text.left(qMax(0, column));
            for (QChar &c : marker)
                if (c != QLatin1Char('\t'))
                    c = QLatin1Char(' ');
            if (column > text.size())
                marker += QString(column - text.size(), QLatin1Char(' '));
            out << QStringLiteral("  ") + QString(width, QLatin1Char(' ')) + QStringLiteral(" | ") + marker + QLatin1Char('^');
        }
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace throttle
