#include "ui/timeseriesmodel.h"

#include <algorithm>
#include <cmath>

namespace throttle {

TimeSeriesModel::TimeSeriesModel(QObject *parent, int capacity)
    : QAbstractTableModel(parent), m_capacity(capacity)
{
}

int TimeSeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TimeSeriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double TimeSeriesModel::value(const TimeSeriesRow &r, int column)
{
    switch (column) {
    case Time: return r.time;
    case Vus: return r.vus;
    case RequestsPerSec: return r.rps;
    case IterationsPerSec: return r.iterations;
    case P50: return r.p50;
    case P90: return r.p90;
    case P95: return r.p95;
    case P99: return r.p99;
    case FailureRate: return r.failureRate;
    case SentPerSec: return r.sent;
    case ReceivedPerSec: return r.received;
    case Paused: return r.paused ? 1.0 : 0.0;
    default: return TimeSeriesRow::kNone;
    }
}

QVariant TimeSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != Qt::DisplayRole)
        return {};
    return value(m_rows.at(index.row()), index.column());
}

double TimeSeriesModel::value(int row, int column) const
{
    return row >= 0 && row < m_rows.size() ? value(m_rows.at(row), column) : TimeSeriesRow::kNone;
}

int TimeSeriesModel::rowNear(double time) const
{
    if (m_rows.isEmpty())
        return -1;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), time,
                                     [](const TimeSeriesRow &r, double t) { return r.time < t; });
    if (it == m_rows.cend())
        return int(m_rows.size()) - 1;
    if (it != m_rows.cbegin() && time - std::prev(it)->time < it->time - time)
        return int(std::prev(it) - m_rows.cbegin());
    return int(it - m_rows.cbegin());
}

QVariant TimeSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char *names[] = {"time", "vus", "req/s", "iterations/s", "p50", "p90", "p95", "p99",
                                  "failed %", "sent/s", "received/s", "paused"};
    return QString::fromLatin1(names[section]);
}

void TimeSeriesModel::append(const TimeSeriesRow &row)
{
    if (m_rows.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_rows.removeFirst();
        endRemoveRows();
    }
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(row);
    endInsertRows();
    emit rangesChanged();
}

void TimeSeriesModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit rangesChanged();
}

void TimeSeriesModel::setCumulativePercentiles(bool on)
{
    if (on == m_cumulative)
        return;
    m_cumulative = on;
    emit rangesChanged();
}

} // namespace throttle
