#include "scriptcontext.h"

#include "core/script/sourcemapper.h"

#include <QFile>
#include <QFileInfo>

namespace throttle {

bool FileCache::read(const QString &absPath, QByteArray *data, QString *error)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_files.constFind(absPath);
    if (it != m_files.cend()) {
        *data = *it;
        return true;
    }
    QFileInfo info(absPath);
    if (info.isDir()) {
        *error = QStringLiteral("open() can't be used with directories, path: \"%1\"").arg(absPath);
        return false;
    }
    QFile f(absPath);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("open %1: no such file or directory").arg(absPath);
        if (info.exists())
            *error = QStringLiteral("open %1: %2").arg(absPath, f.errorString());
        return false;
    }
    *data = f.readAll();
    m_files.insert(absPath, *data);
    return true;
}

void FileCache::preload(const QString &absPath, const QByteArray &data)
{
    QMutexLocker lock(&m_mutex);
    m_files.insert(absPath, data);
}

QHash<QString, QByteArray> FileCache::contents() const
{
    QMutexLocker lock(&m_mutex);
    return m_files;
}

QString ScriptContext::unmirror(const QString &text) const
{
    if (sourceMaps)
        return sourceMaps->rewrite(text);
    if (mirrorRoot.isEmpty())
        return text;
    return QString(text).replace(mirrorRoot, QString());
}

} // namespace throttle
