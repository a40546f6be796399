#include "ui/checksmodel.h"

namespace throttle {

int ChecksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ChecksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case PathRole: return r.path;
    case DepthRole: return r.depth;
    case IsGroupRole: return r.isGroup;
    case PassesRole: return qint64(r.passes);
    case FailsRole: return qint64(r.fails);
    case PassRateRole: {
        const quint64 total = r.passes + r.fails;
        return total ? double(r.passes) / double(total) : 1.0;
    }
    default: return {};
    }
}

QHash<int, QByteArray> ChecksModel::roleNames() const
{
    return {{NameRole, "name"}, {PathRole, "path"}, {DepthRole, "depth"}, {IsGroupRole, "isGroup"},
            {PassesRole, "passes"}, {FailsRole, "fails"}, {PassRateRole, "passRate"}};
}

void ChecksModel::flatten(const GroupNode &group, int depth, QList<Row> *rows)
{
    for (const CheckNode &c : group.checks)
        rows->append(Row{c.name, c.path, depth, false, c.passes, c.fails});
    for (const GroupNode &child : group.children) {
        const qsizetype at = rows->size();
        rows->append(Row{child.name, child.path, depth, true, 0, 0});
        flatten(child, depth + 1, rows);
        for (qsizetype i = at + 1; i < rows->size(); ++i) {
            if (!(*rows)[i].isGroup) {
                (*rows)[at].passes += (*rows)[i].passes;
                (*rows)[at].fails += (*rows)[i].fails;
            }
        }
    }
}

void ChecksModel::update(const GroupNode &root)
{
    QList<Row> rows;
    flatten(root, 0, &rows);
    bool same = rows.size() == m_rows.size();
    for (int i = 0; same && i < rows.size(); ++i)
        same = rows[i].path == m_rows[i].path && rows[i].isGroup == m_rows[i].isGroup;
    if (!same) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        emit countChanged();
    } else {
        for (int i = 0; i < rows.size(); ++i) {
            if (rows[i] == m_rows[i])
                continue;
            m_rows[i] = rows[i];
            emit dataChanged(index(i), index(i));
        }
    }
    quint64 p = 0, f = 0;
    for (const Row &r : m_rows)
        if (!r.isGroup) {
            p += r.passes;
            f += r.fails;
        }
    if (p != m_passes || f != m_fails) {
        m_passes = p;
        m_fails = f;
        emit totalsChanged();
    }
}

void ChecksModel::clear()
{
    update(GroupNode());
}

} // namespace throttle
