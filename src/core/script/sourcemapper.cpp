#include "core/script/sourcemapper.h"

#include <QFile>
#include <QRegularExpression>
#include <QUrl>

namespace throttle {

SourceMapper::SourceMapper(QString mirrorRoot) : m_root(std::move(mirrorRoot))
{
}

std::shared_ptr<const SourceMap> SourceMapper::mapFor(const QString &mirrorPath) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_maps.constFind(mirrorPath);
    if (it != m_maps.cend())
        return *it;
    std::shared_ptr<const SourceMap> map;
    QFile f(mirrorPath + QLatin1String(".map"));
    if (f.open(QIODevice::ReadOnly)) {
        if (auto parsed = SourceMap::parse(f.readAll()))
            map = std::make_shared<const SourceMap>(std::move(*parsed));
    }
    m_maps.insert(mirrorPath, map);
    return map;
}

SourceMapper::Location SourceMapper::map(const QString &fileUrlOrPath, int line, int column) const
{
    const QString path = fileUrlOrPath.startsWith(QLatin1String("file:"))
        ? QUrl(fileUrlOrPath).toLocalFile()
        : fileUrlOrPath;
    if (m_root.isEmpty() || !path.startsWith(m_root + QLatin1Char('/')))
        return {};
    Location out;
    out.file = path.mid(m_root.size());
    if (const auto map = mapFor(path)) {
        if (const auto pos = map->lookup(line, column)) {
            out.line = pos->line;
            out.column = pos->column;
        }
    }
    return out;
}

QString SourceMapper::formatLocation(const Location &l)
{
    const QString url = QUrl::fromLocalFile(l.file).toString();
    if (l.line <= 0)
        return url;
    return QStringLiteral("%1:%2:%3").arg(url).arg(l.line).arg(l.column + 1);
}

void SourceMapper::addRemoteMap(const QString &url, const QByteArray &json)
{
    if (auto parsed = SourceMap::parse(json))
        m_remote.insert(url, std::make_shared<const SourceMap>(std::move(*parsed)));
}

void SourceMapper::copyRemoteMaps(const SourceMapper &other)
{
    m_remote.insert(other.m_remote);
}

QString SourceMapper::rewrite(const QString &text) const
{
    const QString out = rewriteMirrored(text);
    return m_remote.isEmpty() ? out : rewriteRemote(out);
}

QString SourceMapper::rewriteRemote(const QString &text) const
{
    QString out = text;
    for (auto it = m_remote.cbegin(); it != m_remote.cend(); ++it) {
        if (!out.contains(it.key()))
            continue;
        const QRegularExpression re(QStringLiteral("%1:(\\d+)(?::(\\d+))?").arg(QRegularExpression::escape(it.key())));
        QString next;
        qsizetype last = 0;
        for (auto m = re.globalMatch(out); m.hasNext();) {
            const QRegularExpressionMatch hit = m.next();
            next += QStringView(out).mid(last, hit.capturedStart() - last);
            const int column = hit.capturedLength(2) ? hit.captured(2).toInt() - 1 : -1;
            const auto pos = it.value()->lookup(hit.captured(1).toInt(), column);
            next += pos ? QStringLiteral("%1:%2:%3").arg(it.key()).arg(pos->line).arg(pos->column + 1) : it.key();
            last = hit.capturedEnd();
        }
        out = next + out.mid(last);
    }
    return out;
}

QString SourceMapper::rewriteMirrored(const QString &text) const
{
    if (m_root.isEmpty() || !text.contains(m_root))
        return text;
    // A mirrored location: optional "file://", the root, the original path, ":line", ":column".
    const QRegularExpression re(QStringLiteral("(?:file://)?%1(/[^\\n:()]+?)(?::(\\d+))(?::(\\d+))?")
                                    .arg(QRegularExpression::escape(m_root)));
    QString out;
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const int column = m.capturedLength(3) ? m.captured(3).toInt() - 1 : -1;
        Location l = map(m_root + m.captured(1), m.captured(2).toInt(), column);
        out += formatLocation(l);
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    // A bare mirrored path without a line ("file://<root>/abs/x.js") names the original file.
    return out.replace(QStringLiteral("file://") + m_root, QStringLiteral("file://")).replace(m_root, QString());
}

} // namespace throttle
