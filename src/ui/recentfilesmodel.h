#pragma once
// RecentFilesModel: the scripts opened lately, newest first, at most 10, kept in QSettings
// under `settingsKey` (tests use QStandardPaths test mode). GUI thread only. A change is written
// to disk from the event loop after the call that made it (QSettings' own deferred sync), so
// opening a script does not also wait for the settings file (10-40 ms on a busy disk).
// Roles:
//   path      string  absolute file path
//   fileName  string  the file name
//   folder    string  the directory

#include <QAbstractListModel>
#include <QSettings>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class RecentFilesModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { PathRole = Qt::UserRole + 1, FileNameRole, FolderRole };
    static constexpr int kMax = 10;

    explicit RecentFilesModel(QObject *parent = nullptr,
                              const QString &settingsKey = QStringLiteral("recentFiles"));

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void add(const QString &path);
    Q_INVOKABLE void clear();
    int count() const { return int(m_paths.size()); }
    QStringList paths() const { return m_paths; }

signals:
    void countChanged();

private:
    void save();
    QSettings m_settings;   // kept: its writes are deferred to the event loop (and its destructor)
    QString m_key;
    QStringList m_paths;
};

} // namespace throttle
