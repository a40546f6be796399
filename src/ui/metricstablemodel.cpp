#include "ui/metricstablemodel.h"

#include "core/output/summarytext.h"
#include "ui/metrictext.h"

#include <algorithm>

namespace throttle {

int MetricsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MetricsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case DisplayNameRole: return r.displayName;
    case SubmetricRole: return r.submetric;
    case TypeRole: return r.type;
    case ValueTextRole: return r.valueText;
    case ThresholdStateRole: return r.thresholdState;
    default: return {};
    }
}

QHash<int, QByteArray> MetricsTableModel::roleNames() const
{
    return {{NameRole, "name"}, {DisplayNameRole, "displayName"}, {SubmetricRole, "submetric"},
            {TypeRole, "type"}, {ValueTextRole, "valueText"}, {ThresholdStateRole, "thresholdState"}};
}

QString MetricsTableModel::displayName(const QString &name)
{
    const qsizetype brace = name.indexOf(QLatin1Char('{'));
    return brace < 0 ? name : QLatin1String("{ ") + name.mid(brace + 1, name.size() - brace - 2) + QLatin1String(" }");
}

QList<MetricsTableModel::Row> MetricsTableModel::rowsFor(const MetricsSnapshot &snapshot,
                                                         const SummaryOptions &options)
{
    QList<const MetricSnapshot *> metrics;
    for (const MetricSnapshot &m : snapshot.metrics)
        metrics.append(&m);
    // The summary's order: by name, each metric followed by its sub-metrics.
    std::stable_sort(metrics.begin(), metrics.end(), [](const MetricSnapshot *a, const MetricSnapshot *b) {
        return SummaryText::metricLess(a->name, b->name);
    });
    QList<Row> rows;
    for (const MetricSnapshot *m : std::as_const(metrics)) {
        Row r;
        r.name = m->name;
        r.submetric = m->isSubmetric();
        r.displayName = displayName(m->name);
        r.type = metricTypeName(m->type);
        const auto ok = options.thresholdOk.constFind(m->name);
        r.thresholdState = ok == options.thresholdOk.cend() ? QString() : *ok ? QStringLiteral("pass") : QStringLiteral("fail");
        r.valueText = MetricText::text(m->name, MetricText::figures(*m, options.elapsedSec, options.trendStats),
                                       options.trendStats, options.timeUnit);
        rows.append(r);
    }
    return rows;
}

void MetricsTableModel::update(const MetricsSnapshot &snapshot, const SummaryOptions &options)
{
    setRows(rowsFor(snapshot, options));
}

void MetricsTableModel::setRows(QList<Row> rows)
{
    bool sameNames = rows.size() == m_rows.size();
    for (int i = 0; sameNames && i < rows.size(); ++i)
        sameNames = rows[i].name == m_rows[i].name;
    if (!sameNames) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        emit countChanged();
        return;
    }
    for (int i = 0; i < rows.size(); ++i) {
        if (rows[i] == m_rows[i])
            continue;
        m_rows[i] = rows[i];
        emit dataChanged(index(i), index(i));
    }
}

void MetricsTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    emit countChanged();
}

} // namespace throttle
