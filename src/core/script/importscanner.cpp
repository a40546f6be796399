#include "core/script/importscanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace throttle {

namespace {

// import x from '...'; import '...'; export ... from '...'; require('...')
const QRegularExpression &importPattern()
{
    static const QRegularExpression re(QStringLiteral(
        R"((?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"])"));
    return re;
}

bool inLineComment(const QString &src, qsizetype at)
{
    const qsizetype lineStart = src.lastIndexOf(QLatin1Char('\n'), at) + 1;
    return src.mid(lineStart, at - lineStart).contains(QLatin1String("//"));
}

} // namespace

QStringList ImportScanner::specifiers(const QString &source)
{
    QStringList out;
    for (auto it = importPattern().globalMatch(source); it.hasNext();) {
        const auto m = it.next();
        if (!inLineComment(source, m.capturedStart()) && !out.contains(m.captured(1)))
            out.append(m.captured(1));
    }
    return out;
}

QSet<QString> ImportScanner::builtinModules(const QString &entryPath, QStringList *remote, QStringList *localFiles)
{
    const QRegularExpression &re = importPattern();
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
                if (remote && !inLineComment(src, m.capturedStart()) && !remote->contains(spec))
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
