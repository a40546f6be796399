#include "ui/metricstablemodel.h"

#include "core/output/summarydata.h"
#include "core/output/summarytext.h"

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

QList<MetricsTableModel::Row> MetricsTableModel::rowsFor(const MetricsSnapshot &snapshot,
                                                         const SummaryOptions &options)
{
    SummaryOptions o = options;
    o.color = false;
    SummaryData data = SummaryData::fromSnapshot(snapshot, o);
    data.rootGroup = GroupNode();   // metric lines only
    std::stable_sort(data.metrics.begin(), data.metrics.end(), [](const SummaryMetric &a, const SummaryMetric &b) {
        return SummaryText::metricLess(a.name, b.name);
    });
    // The summary prints one line per metric in this same order:
    //   "   " indent mark " " display "....:" " " values
    const QStringList lines = SummaryText::render(data, o).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QList<Row> rows;
    for (int i = 0; i < data.metrics.size(); ++i) {
        const SummaryMetric &m = data.metrics.at(i);
        Row r;
        r.name = m.name;
        r.submetric = m.name.contains(QLatin1Char('{'));
        const qsizetype brace = m.name.indexOf(QLatin1Char('{'));
        r.displayName = brace < 0 ? m.name
                                  : QLatin1String("{ ") + m.name.mid(brace + 1, m.name.size() - brace - 2)
                                        + QLatin1String(" }");
        r.type = metricTypeName(m.type);
        r.thresholdState = !m.thresholdsOk ? QString() : *m.thresholdsOk ? QStringLiteral("pass")
                                                                         : QStringLiteral("fail");
        if (i < lines.size()) {
            const QString &line = lines.at(i);
            const qsizetype dots = line.indexOf(QLatin1String("..."));
            const qsizetype colon = dots < 0 ? -1 : line.indexOf(QLatin1Char(':'), dots);
            r.valueText = colon < 0 ? QString() : line.mid(colon + 2).trimmed();
        }
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
