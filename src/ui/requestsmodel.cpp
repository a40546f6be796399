#include "ui/requestsmodel.h"

#include "core/output/summaryformat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace throttle {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Three significant digits, so a column of durations stays narrow: 132ms, 98.2ms, 1.48ms, 324µs, 1.05s.
QString ms(double v)
{
    if (std::isnan(v))
        return QStringLiteral("–");
    const auto digits = [](double x) { return x >= 100 ? 0 : x >= 10 ? 1 : 2; };
    if (v >= 1000)
        return QString::number(v / 1000, 'f', digits(v / 1000)) + QLatin1Char('s');
    if (v >= 1)
        return QString::number(v, 'f', digits(v)) + QStringLiteral("ms");
    return QString::number(v * 1000, 'f', std::min(1, digits(v * 1000))) + QStringLiteral("µs");
}

} // namespace

bool RequestsModel::Row::operator==(const Row &o) const
{
    const RequestStatsRow &a = stats, &b = o.stats;
    return a.name == b.name && a.method == b.method && a.count == b.count && a.failed == b.failed
           && a.answered == b.answered && a.p50 == b.p50 && a.p90 == b.p90 && a.p95 == b.p95 && a.p99 == b.p99
           && a.max == b.max && a.received == b.received && rps == o.rps;
}

int RequestsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant RequestsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const RequestStatsRow &r = row.stats;
    const bool any = r.answered > 0;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case MethodRole: return r.method;
    case CountRole: return qint64(r.count);
    case FailedRole: return qint64(r.failed);
    case FailedTextRole:
        if (r.failed == 0)
            return QStringLiteral("0");
        else {
            const double pct = 100.0 * double(r.failed) / double(r.count);
            return QStringLiteral("%1 (%2%)").arg(r.failed).arg(pct, 0, 'f', pct >= 10 ? 0 : 1);
        }
    case RpsRole: return row.rps;
    case RpsTextRole: return SummaryFormat::fixedNoTrailingZeros(row.rps, row.rps < 10 ? 2 : 1);
    case P50Role: return any ? r.p50 : kNone;
    case P90Role: return any ? r.p90 : kNone;
    case P95Role: return any ? r.p95 : kNone;
    case P99Role: return any ? r.p99 : kNone;
    case MaxRole: return any ? r.max : kNone;
    case P50TextRole: return ms(any ? r.p50 : kNone);
    case P90TextRole: return ms(any ? r.p90 : kNone);
    case P95TextRole: return ms(any ? r.p95 : kNone);
    case P99TextRole: return ms(any ? r.p99 : kNone);
    case MaxTextRole: return ms(any ? r.max : kNone);
    case ReceivedRole: return r.received;
    case ReceivedTextRole: return SummaryFormat::bytes(r.received);
    default: return {};
    }
}

QHash<int, QByteArray> RequestsModel::roleNames() const
{
    return {{NameRole, "name"}, {MethodRole, "method"}, {CountRole, "count"}, {FailedRole, "failed"},
            {FailedTextRole, "failedText"}, {RpsRole, "rps"}, {RpsTextRole, "rpsText"}, {P50Role, "p50"},
            {P90Role, "p90"}, {P95Role, "p95"}, {P99Role, "p99"}, {MaxRole, "max"}, {P50TextRole, "p50Text"},
            {P90TextRole, "p90Text"}, {P95TextRole, "p95Text"}, {P99TextRole, "p99Text"}, {MaxTextRole, "maxText"},
            {ReceivedRole, "received"}, {ReceivedTextRole, "receivedText"}};
}

double RequestsModel::sortValue(const Row &row) const
{
    const RequestStatsRow &r = row.stats;
    const double none = -1;   // no answered request: sorts below every time
    if (m_sortKey == QLatin1String("count"))
        return double(r.count);
    if (m_sortKey == QLatin1String("failed"))
        return double(r.failed);
    if (m_sortKey == QLatin1String("rps"))
        return row.rps;
    if (m_sortKey == QLatin1String("received"))
        return r.received;
    const bool any = r.answered > 0;
    if (m_sortKey == QLatin1String("p50"))
        return any ? r.p50 : none;
    if (m_sortKey == QLatin1String("p90"))
        return any ? r.p90 : none;
    if (m_sortKey == QLatin1String("p95"))
        return any ? r.p95 : none;
    if (m_sortKey == QLatin1String("p99"))
        return any ? r.p99 : none;
    if (m_sortKey == QLatin1String("max"))
        return any ? r.max : none;
    return 0;
}

void RequestsModel::sortRows(QList<Row> *rows) const
{
    const bool byText = m_sortKey == QLatin1String("name") || m_sortKey == QLatin1String("method");
    std::stable_sort(rows->begin(), rows->end(), [&](const Row &a, const Row &b) {
        if (byText) {
            const int c = m_sortKey == QLatin1String("method")
                              ? QString::compare(a.stats.method, b.stats.method)
                              : QString::compare(a.stats.name + a.stats.method, b.stats.name + b.stats.method);
            return m_descending ? c > 0 : c < 0;
        }
        return m_descending ? sortValue(a) > sortValue(b) : sortValue(a) < sortValue(b);
    });
}

void RequestsModel::update(const QList<RequestStatsRow> &stats, double elapsedSec, bool truncated)
{
    Q_UNUSED(truncated);
    QList<Row> rows;
    for (const RequestStatsRow &r : stats)
        rows.append(Row{r, elapsedSec > 0 ? double(r.count) / elapsedSec : 0.0});
    sortRows(&rows);
    bool sameKeys = rows.size() == m_rows.size();
    for (int i = 0; sameKeys && i < rows.size(); ++i)
        sameKeys = rows[i].stats.name == m_rows[i].stats.name && rows[i].stats.method == m_rows[i].stats.method;
    if (!sameKeys) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        emit countChanged();
        return;
    }
    for (int i = 0; i < rows.size(); ++i)
        if (!(rows[i] == m_rows[i])) {
            m_rows[i] = rows[i];
            emit dataChanged(index(i), index(i));
        }
}

void RequestsModel::sortBy(const QString &key)
{
    if (key == m_sortKey) {
        m_descending = !m_descending;
    } else {
        m_sortKey = key;
        m_descending = key != QLatin1String("name") && key != QLatin1String("method");
    }
    emit sortChanged();
    beginResetModel();
    sortRows(&m_rows);
    endResetModel();
}

void RequestsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit countChanged();
}

void RequestsModel::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    emit noteChanged();
}

} // namespace throttle
