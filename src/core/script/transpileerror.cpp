#include "core/script/transpileerror.h"

#include <QUrl>

namespace throttle {

QString TranspileError::toString() const
{
    if (kind != Kind::Syntax)
        return message;
    const QString url = file.startsWith(QLatin1Char('/')) ? QUrl::fromLocalFile(file).toString() : file;
    QString text = QStringLiteral("SyntaxError: %1: %2").arg(url, message);
    if (!codeFrame.isEmpty())
        text += QLatin1Char('\n') + codeFrame;
    return text;
}

} // namespace throttle
