#include "core/script/remotecache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace throttle {

namespace {

constexpr char kMagic[] = "throttle remote module 1\n";

} // namespace

QString RemoteCache::pathOf(const QString &url) const
{
    const QByteArray key = QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_dir + QLatin1Char('/') + QString::fromLatin1(key) + QStringLiteral(".js");
}

bool RemoteCache::read(const QString &url, Entry *entry) const
{
    QFile f(pathOf(url));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray data = f.readAll();
    // kMagic, the URL, the final URL, each on its own line, then the body.
    if (!data.startsWith(kMagic))
        return false;
    qsizetype pos = qsizetype(sizeof kMagic) - 1;
    const qsizetype urlEnd = data.indexOf('\n', pos);
    if (urlEnd < 0 || QString::fromUtf8(data.mid(pos, urlEnd - pos)) != url)
        return false;   // another URL with the same hash: not ours
    const qsizetype finalEnd = data.indexOf('\n', urlEnd + 1);
    if (finalEnd < 0)
        return false;
    entry->finalUrl = QString::fromUtf8(data.mid(urlEnd + 1, finalEnd - urlEnd - 1));
    entry->body = data.mid(finalEnd + 1);
    return true;
}

void RemoteCache::write(const QString &url, const Entry &entry) const
{
    if (!QDir().mkpath(m_dir))
        return;
    QSaveFile out(pathOf(url));
    if (!out.open(QIODevice::WriteOnly))
        return;
    out.write(kMagic, qint64(sizeof kMagic) - 1);
    out.write(url.toUtf8() + '\n' + entry.finalUrl.toUtf8() + '\n');
    out.write(entry.body);
    out.commit();
}

} // namespace throttle
