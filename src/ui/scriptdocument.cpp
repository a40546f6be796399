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
    makePreview();
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

void ScriptDocument::makePreview()
{
    m_preview.clear();
    m_previewNote.clear();
    int lines = 0;
    bool cut = false;
    qsizetype pos = 0;
    while (pos < m_source.size()) {
        if (lines == kPreviewLines || m_preview.size() >= kPreviewChars) {
            cut = true;
            break;
        }
        qsizetype end = m_source.indexOf(QLatin1Char('\n'), pos);
        if (end < 0)
            end = m_source.size();
        const QStringView line = QStringView(m_source).mid(pos, end - pos);
        if (line.size() > kPreviewLineChars) {
            m_preview += line.left(kPreviewLineChars);
            m_preview += QStringLiteral(" …");
            cut = true;
        } else {
            m_preview += line;
        }
        m_preview += QLatin1Char('\n');
        ++lines;
        pos = end + 1;
    }
    if (cut) {
        const qsizetype total = m_source.count(QLatin1Char('\n')) + (m_source.endsWith(QLatin1Char('\n')) ? 0 : 1);
        m_previewNote = tr("Showing %1 of %2 lines, long lines cut (%3 KB in all)")
                            .arg(lines).arg(total).arg(m_source.toUtf8().size() / 1024);
    }
}

bool ScriptDocument::typeScript() const
{
    return m_path.endsWith(QLatin1String(".ts")) || m_path.endsWith(QLatin1String(".mts"))
        || m_path.endsWith(QLatin1String(".cts"));
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
