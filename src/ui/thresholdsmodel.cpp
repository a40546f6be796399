#include "ui/thresholdsmodel.h"

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
    default: return {};
    }
}

QHash<int, QByteArray> ThresholdsModel::roleNames() const
{
    return {{MetricRole, "metric"}, {ExpressionRole, "expression"}, {StateRole, "state"},
            {AbortOnFailRole, "abortOnFail"}};
}

void ThresholdsModel::setThresholds(const QJsonObject &thresholds)
{
    beginResetModel();
    m_rows.clear();
    for (auto it = thresholds.constBegin(); it != thresholds.constEnd(); ++it) {
        const QJsonArray list = it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
        for (const QJsonValue &v : list) {
            Row r{it.key(), {}, QStringLiteral("pending"), false};
            if (v.isObject()) {
                r.expression = v.toObject().value(QLatin1String("threshold")).toString();
                r.abortOnFail = v.toObject().value(QLatin1String("abortOnFail")).toBool();
            } else {
                r.expression = v.toString();
            }
            m_rows.append(r);
        }
    }
    endResetModel();
    emit countChanged();
    emit stateChanged();
}

void ThresholdsModel::update(const ThresholdSet::Evaluation &evaluation)
{
    bool changed = false;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &r = m_rows[i];
        const auto metric = evaluation.expressions.constFind(r.metric);
        if (metric == evaluation.expressions.constEnd())
            continue;
        const auto expr = metric->constFind(r.expression);
        if (expr == metric->constEnd())
            continue;
        const QString state = *expr ? QStringLiteral("pass") : QStringLiteral("fail");
        if (state == r.state)
            continue;
        r.state = state;
        changed = true;
        emit dataChanged(index(i), index(i), {StateRole});
    }
    if (changed)
        emit stateChanged();
}

int ThresholdsModel::failing() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.state == QLatin1String("fail"); }));
}

} // namespace throttle
