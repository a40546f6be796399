#include "ui/runnersmodel.h"

#include "core/exec/runcontrol.h"

#include <algorithm>

namespace throttle {

int RunnersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RunnersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case AddressRole: return r.address;
    case StateRole: return r.state;
    case VusRole: return r.vus;
    case VusMaxRole: return r.vusMax;
    case ReqRateRole: return r.reqRate;
    case ErrorRole: return r.error;
    case AnsweringRole: return r.answering;
    default: return {};
    }
}

QHash<int, QByteArray> RunnersModel::roleNames() const
{
    return {{AddressRole, "address"}, {StateRole, "state"}, {VusRole, "vus"}, {VusMaxRole, "vusMax"},
            {ReqRateRole, "reqRate"}, {ErrorRole, "error"}, {AnsweringRole, "answering"}};
}

int RunnersModel::answering() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &r) { return r.answering; }));
}

QString RunnersModel::stateOf(const RunnerReading &r)
{
    if (!r.connected)
        return QStringLiteral("not answering");
    if (r.status.status >= int(ExecStatus::Ended) || (!r.status.running && r.status.status > int(ExecStatus::Running)))
        return QStringLiteral("ended");
    if (r.status.paused)
        return QStringLiteral("paused");
    if (r.status.running)
        return QStringLiteral("running");
    return QStringLiteral("starting");
}

void RunnersModel::update(const QList<RunnerReading> &runners)
{
    QList<Row> rows;
    for (const RunnerReading &r : runners)
        rows.append({r.address, stateOf(r), r.reqRate ? QString::number(*r.reqRate, 'f', 1) : QStringLiteral("-"), r.error,
                     r.status.vus, r.status.vusMax, r.connected});
    if (rows.size() == m_rows.size()) {   // the same fleet: change in place
        bool answeringChanged = false;
        for (int i = 0; i < rows.size(); ++i)
            if (!(rows[i] == m_rows[i])) {
                answeringChanged = answeringChanged || rows[i].answering != m_rows[i].answering;
                m_rows[i] = rows[i];
                emit dataChanged(index(i), index(i));
            }
        if (answeringChanged)
            emit countChanged();
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

} // namespace throttle
