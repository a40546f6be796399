#include "ui/scriptdocument.h"

#include <QFile>
#include <QFileInfo>

namespace throttle {

ScriptDocument::ScriptDocument(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScriptDocument::onFileChanged);
}

bool ScriptDocument::load(const QString &path, QString *error)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    QFile f(abs);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(abs, f.errorString());
        return false;
    }
    m_source = QString::fromUtf8(f.readAll());
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    m_path = abs;
    m_watcher.addPath(abs);
    const bool wasChanged = m_changedOnDisk;
    m_changedOnDisk = false;
    emit loaded();
    if (wasChanged)
        emit changedOnDiskChanged();
    return true;
}

QString ScriptDocument::fileName() const
{
    return QFileInfo(m_path).fileName();
}

void ScriptDocument::onFileChanged(const QString &path)
{
    if (path != m_path)
        return;
    // Saving by rename drops the watch: watch the new file under the same path again.
    if (!m_watcher.files().contains(path) && QFileInfo::exists(path))
        m_watcher.addPath(path);
    if (!m_changedOnDisk) {
        m_changedOnDisk = true;
        emit changedOnDiskChanged();
    }
}

} // namespace throttle
