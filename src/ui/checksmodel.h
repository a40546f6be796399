#pragma once
// ChecksModel: the group/check tree flattened in the summary's order (a group row, then its
// checks, then its sub-groups), with pass/fail counts. The root group has no row. GUI thread only.
// Roles:
//   name      string  group or check name
//   path      string  "::g1" (group) or "::g1::check name" (check)
//   depth     int     nesting level (top-level checks and groups: 0)
//   isGroup   bool
//   passes    int     checks: passes; groups: sum over their checks, recursively
//   fails     int     same for failures
//   passRate  double  passes / (passes + fails), 1 when nothing ran

#include "core/metrics/groupnode.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ChecksModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int totalPasses READ totalPasses NOTIFY totalsChanged)
    Q_PROPERTY(int totalFails READ totalFails NOTIFY totalsChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, PathRole, DepthRole, IsGroupRole, PassesRole, FailsRole,
                PassRateRole };

    struct Row {
        QString name, path;
        int depth = 0;
        bool isGroup = false;
        quint64 passes = 0, fails = 0;
        bool operator==(const Row &) const = default;
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void update(const GroupNode &root);
    void clear();
    int count() const { return int(m_rows.size()); }
    int totalPasses() const { return int(m_passes); }
    int totalFails() const { return int(m_fails); }

signals:
    void countChanged();
    void totalsChanged();

private:
    static void flatten(const GroupNode &group, int depth, QList<Row> *rows);
    QList<Row> m_rows;
    quint64 m_passes = 0, m_fails = 0;
};

} // namespace throttle
