#include "core/script/importscanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace throttle {

QSet<QString> ImportScanner::builtinModules(const QString &entryPath, QStringList *remote, QStringList *localFiles)
{
    // import x from '...'; import '...'; export ... from '...'; require('...')
    static const QRegularExpression re(QStringLiteral(
        R"((?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"])"));
    QSet<QString> builtins;
    QSet<QString> seen;
    QStringList queue{QFileInfo(entryPath).absoluteFilePath()};
    while (!queue.isEmpty()) {
        const QString file = queue.takeFirst();
        if (seen.contains(file))
            continue;
        seen.insert(file);
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        if (localFiles)
            localFiles->append(file);
        const QString src = QString::fromUtf8(f.readAll());
        for (auto it = re.globalMatch(src); it.hasNext();) {
            const auto m = it.next();
            const QString spec = m.captured(1);
            const bool isRemote = spec.startsWith(QLatin1String("https://")) || spec.startsWith(QLatin1String("http://")) ||
                                  spec.startsWith(QLatin1String("github.com/")) || spec.startsWith(QLatin1String("cdnjs.com/"));
            if (isRemote) {
                // A commented-out remote import must not fail the script.
                const qsizetype lineStart = src.lastIndexOf(QLatin1Char('\n'), m.capturedStart()) + 1;
                if (remote && !src.mid(lineStart, m.capturedStart() - lineStart).contains(QLatin1String("//")) &&
                    !remote->contains(spec))
                    remote->append(spec);
            } else if (spec == QLatin1String("k6") || spec.startsWith(QLatin1String("k6/"))) {
                builtins.insert(spec);
            } else if (spec.startsWith(QLatin1Char('.')) || spec.startsWith(QLatin1Char('/'))) {
                const QString abs = spec.startsWith(QLatin1Char('/'))
                    ? spec
                    : QDir::cleanPath(QFileInfo(file).absolutePath() + QLatin1Char('/') + spec);
                queue.append(abs);
            } else if (spec.startsWith(QLatin1String("file://"))) {
                queue.append(spec.mid(7));
            }
        }
    }
    return builtins;
}

} // namespace throttle
