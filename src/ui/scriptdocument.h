#pragma once
// ScriptDocument: the script file shown in the script pane: its path, its text, and whether it
// changed on disk since it was read (QFileSystemWatcher; editors that save by renaming are
// followed by re-watching the path). The pane shows `preview`, the first kPreviewLines lines (at
// most kPreviewChars characters, long lines cut): laying out and highlighting a 500 KB bundle
// would hold the GUI thread for seconds. GUI thread only.

#include <QFileSystemWatcher>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ScriptDocument : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(QString path READ path NOTIFY loaded)
    Q_PROPERTY(QString fileName READ fileName NOTIFY loaded)
    Q_PROPERTY(QString source READ source NOTIFY loaded)
    Q_PROPERTY(QString preview READ preview NOTIFY loaded)
    Q_PROPERTY(QString previewNote READ previewNote NOTIFY loaded)   // "" when the whole file is shown
    Q_PROPERTY(bool typeScript READ typeScript NOTIFY loaded)
    Q_PROPERTY(bool isLoaded READ isLoaded NOTIFY loaded)
    Q_PROPERTY(bool changedOnDisk READ changedOnDisk NOTIFY changedOnDiskChanged)
public:
    explicit ScriptDocument(QObject *parent = nullptr);

    // Reads the file; on failure keeps the previous contents and returns false with *error.
    bool load(const QString &path, QString *error);
    bool reload(QString *error) { return load(m_path, error); }

    QString path() const { return m_path; }
    QString fileName() const;
    QString source() const { return m_source; }
    QString preview() const { return m_preview; }
    QString previewNote() const { return m_previewNote; }
    bool typeScript() const;

    static constexpr int kPreviewLines = 300;
    static constexpr int kPreviewChars = 100000;
    static constexpr int kPreviewLineChars = 500;
    bool isLoaded() const { return !m_path.isEmpty(); }
    bool changedOnDisk() const { return m_changedOnDisk; }

signals:
    void loaded();
    void changedOnDiskChanged();

private:
    void onFileChanged(const QString &path);
    void makePreview();
    QFileSystemWatcher m_watcher;
    QString m_path;
    QString m_source;
    QString m_preview;
    QString m_previewNote;
    bool m_changedOnDisk = false;
};

} // namespace throttle
