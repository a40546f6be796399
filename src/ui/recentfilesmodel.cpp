#include "ui/recentfilesmodel.h"

#include <QFileInfo>
#include <QSettings>

namespace throttle {

RecentFilesModel::RecentFilesModel(QObject *parent, const QString &settingsKey)
    : QAbstractListModel(parent), m_key(settingsKey)
{
    m_paths = m_settings.value(m_key).toStringList().mid(0, kMax);
}

int RecentFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_paths.size());
}

QVariant RecentFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &p = m_paths.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case PathRole: return p;
    case FileNameRole: return QFileInfo(p).fileName();
    case FolderRole: return QFileInfo(p).absolutePath();
    default: return {};
    }
}

QHash<int, QByteArray> RecentFilesModel::roleNames() const
{
    return {{PathRole, "path"}, {FileNameRole, "fileName"}, {FolderRole, "folder"}};
}

void RecentFilesModel::add(const QString &path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    const int at = int(m_paths.indexOf(abs));
    if (at == 0)
        return;
    if (at > 0) {
        beginMoveRows({}, at, at, {}, 0);
        m_paths.move(at, 0);
        endMoveRows();
    } else {
        if (m_paths.size() >= kMax) {
            beginRemoveRows({}, kMax - 1, int(m_paths.size()) - 1);
            m_paths = m_paths.mid(0, kMax - 1);
            endRemoveRows();
        }
        beginInsertRows({}, 0, 0);
        m_paths.prepend(abs);
        endInsertRows();
        emit countChanged();
    }
    save();
}

void RecentFilesModel::clear()
{
    beginResetModel();
    m_paths.clear();
    endResetModel();
    emit countChanged();
    save();
}

void RecentFilesModel::save()
{
    m_settings.setValue(m_key, m_paths);
}

} // namespace throttle
