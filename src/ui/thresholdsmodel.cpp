#include "ui/thresholdsmodel.h"

#include "core/output/summaryformat.h"

#include <QJsonArray>

namespace throttle {

int ThresholdsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ThresholdsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case MetricRole: return r.metric;
    case ExpressionRole: return r.expression;
    case StateRole: return r.state;
    case AbortOnFailRole: return r.abortOnFail;
    case ObservedRole: return r.observed;
    default: return {};
    }
}

QHash<int, QByteArray> ThresholdsModel::roleNames() const
{
    return {{MetricRole, "metric"}, {ExpressionRole, "expression"}, {StateRole, "state"},
            {AbortOnFailRole, "abortOnFail"}, {ObservedRole, "observed"}};
}

void ThresholdsModel::setThresholds(const QJsonObject &thresholds)
{
    beginResetModel();
    m_rows.clear();
    m_attached = false;
    for (auto it = thresholds.constBegin(); it != thresholds.constEnd(); ++it) {
        const QJsonArray list = it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
        for (const QJsonValue &v : list) {
            Row r{it.key(), {}, QStringLiteral("pending"), false, {}, {}};
            if (v.isObject()) {
                r.expression = v.toObject().value(QLatin1String("threshold")).toString();
                r.abortOnFail = v.toObject().value(QLatin1String("abortOnFail")).toBool();
            } else {
                r.expression = v.toString();
            }
            QString error;
            r.parsed = Threshold::parse(r.expression, &error);
            m_rows.append(r);
        }
    }
    endResetModel();
    emit countChanged();
    emit stateChanged();
}

void ThresholdsModel::changeRow(int i, const QString &state, const QString &observed)
{
    Row &r = m_rows[i];
    if (state == r.state && observed == r.observed)
        return;
    const bool stateChange = state != r.state;
    r.state = state;
    r.observed = observed;
    emit dataChanged(index(i), index(i), {StateRole, ObservedRole});
    if (stateChange)
        emit stateChanged();
}

void ThresholdsModel::update(const ThresholdSet::Evaluation &evaluation)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        const auto metric = evaluation.expressions.constFind(r.metric);
        if (metric == evaluation.expressions.constEnd())
            continue;
        const auto expr = metric->constFind(r.expression);
        if (expr == metric->constEnd())
            continue;
        changeRow(i, *expr ? QStringLiteral("pass") : QStringLiteral("fail"), r.observed);
    }
}

void ThresholdsModel::observe(const MetricsSnapshot &snapshot, double elapsedSec)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows[i];
        if (r.parsed)
            changeRow(i, r.state, observedText(*r.parsed, snapshot.find(r.metric), elapsedSec));
    }
}

QString ThresholdsModel::observedText(const Threshold &t, const MetricSnapshot *m, double elapsedSec)
{
    if (!m)
        return QString();
    return observedText(t.stat(), ThresholdSet::aggregate(t, m, m->type, elapsedSec), metricTypeName(m->type),
                        valueTypeName(m->contains));
}

QString ThresholdsModel::observedText(const QString &stat, std::optional<double> value, const QString &type,
                                      const QString &contains)
{
    if (!value)
        return QStringLiteral("%1: no samples yet").arg(stat);
    const double v = *value;
    const QString method = stat.startsWith(QLatin1String("p(")) ? QStringLiteral("p") : stat;
    QString text;
    if (type == QLatin1String("rate"))
        text = SummaryFormat::fixedNoTrailingZeros(v, 4) + QStringLiteral(" (") + QString::number(100.0 * v, 'f', 2)
               + QStringLiteral("%)");
    else if (contains == QLatin1String("time") && type == QLatin1String("trend"))
        text = SummaryFormat::duration(v);
    else if (contains == QLatin1String("data") && method == QLatin1String("count"))
        text = SummaryFormat::bytes(v);
    else
        text = SummaryFormat::fixedNoTrailingZeros(v, 2) + (method == QLatin1String("rate") ? QStringLiteral("/s") : QString());
    return stat + QLatin1Char('=') + text;
}

void ThresholdsModel::replaceRows(const QList<Row> &rows, bool attached)
{
    bool same = m_attached == attached && rows.size() == m_rows.size();
    for (int i = 0; same && i < rows.size(); ++i)
        same = rows[i].metric == m_rows[i].metric && rows[i].expression == m_rows[i].expression
               && rows[i].abortOnFail == m_rows[i].abortOnFail;
    if (!same) {
        beginResetModel();
        m_rows = rows;
        m_attached = attached;
        endResetModel();
        emit countChanged();
        emit stateChanged();
        return;
    }
    for (int i = 0; i < rows.size(); ++i)
        changeRow(i, rows[i].state, rows[i].observed);
}

void ThresholdsModel::setReadings(const QList<ThresholdReading> &readings)
{
    QList<Row> rows;
    for (const ThresholdReading &r : readings)
        rows.append(Row{r.metric, r.expression, r.state, r.abortOnFail,
                        observedText(r.stat, r.observed, r.type, r.contains), {}});
    replaceRows(rows, false);
}

void ThresholdsModel::setFromTainted(const QList<MetricsTableModel::Row> &metricRows)
{
    QList<Row> rows;
    for (const MetricsTableModel::Row &m : metricRows)
        if (!m.thresholdState.isEmpty())
            rows.append(Row{m.name, QString(), m.thresholdState, false, m.valueText, {}});
    replaceRows(rows, true);
}

int ThresholdsModel::failing() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.state == QLatin1String("fail"); }));
}

} // namespace throttle
