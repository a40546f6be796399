#include "ui/timeseriesmodel.h"

#include <algorithm>
#include <cmath>

namespace throttle {

namespace {

// A "nice" axis maximum above v (1, 2, 5 × 10^n), at least `floor`.
double niceCeil(double v, double floor)
{
    v = std::max(v, floor);
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (v <= m * p)
            return m * p;
    return 10 * p;
}

} // namespace

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

QVariant TimeSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != Qt::DisplayRole)
        return {};
    const TimeSeriesRow &r = m_rows.at(index.row());
    switch (index.column()) {
    case Time: return r.time;
    case Vus: return r.vus;
    case RequestsPerSec: return r.rps;
    case P50: return r.p50;
    case P95: return r.p95;
    case P99: return r.p99;
    case FailureRate: return r.failureRate;
    default: return {};
    }
}

QVariant TimeSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    static const char *names[] = {"time", "vus", "req/s", "p50", "p95", "p99", "failed %"};
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

double TimeSeriesModel::timeMin() const
{
    return m_rows.isEmpty() ? 0 : m_rows.first().time;
}

double TimeSeriesModel::timeMax() const
{
    // At least a minute wide so the first seconds don't stretch across the whole chart.
    return std::max(timeMin() + 60.0, m_rows.isEmpty() ? 0 : m_rows.last().time);
}

double TimeSeriesModel::columnMax(double TimeSeriesRow::*field) const
{
    double m = 0;
    for (const TimeSeriesRow &r : m_rows)
        m = std::max(m, r.*field);
    return m;
}

double TimeSeriesModel::vusMax() const { return niceCeil(columnMax(&TimeSeriesRow::vus) * 1.1, 5); }
double TimeSeriesModel::rpsMax() const { return niceCeil(columnMax(&TimeSeriesRow::rps) * 1.1, 10); }
double TimeSeriesModel::latencyMax() const { return niceCeil(columnMax(&TimeSeriesRow::p99) * 1.1, 1); }
double TimeSeriesModel::failureMax() const
{
    return std::min(100.0, niceCeil(columnMax(&TimeSeriesRow::failureRate) * 1.1, 5));
}

} // namespace throttle
