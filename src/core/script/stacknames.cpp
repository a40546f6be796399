#include "core/script/stacknames.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace throttle {

QString StackNames::defaultExportName(const QString &filePath)
{
    // As esbuild does: the file name without its last extension ("index" files take their
    // directory's name), kept to ASCII letters and digits, every run of anything else one '_'
    // (none leading or trailing), a digit never first.
    const QFileInfo info(filePath);
    QString base = info.completeBaseName();
    if (base == QLatin1String("index"))
        base = info.dir().dirName();
    QString out;
    bool gap = false;
    for (const QChar c : std::as_const(base)) {
        const bool letter = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
        const bool digit = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        if (letter || (digit && !out.isEmpty())) {
            if (gap)
                out += QLatin1Char('_');
            gap = false;
            out += c;
        } else if (!out.isEmpty()) {
            gap = true;
        }
    }
    return (out.isEmpty() ? QStringLiteral("_") : out) + QLatin1String("_default");
}

QString StackNames::original(const QString &fn, const QString &location)
{
    if (!fn.endsWith(QLatin1String("_default")))
        return fn;
    static const QRegularExpression position(QStringLiteral(":\\d+(:\\d+)?$"));
    const QString url = QString(location).remove(position);
    const QString file = url.startsWith(QLatin1String("file:")) ? QUrl(url).toLocalFile() : url;
    return fn == defaultExportName(file) ? QStringLiteral("default") : fn;
}

} // namespace throttle
