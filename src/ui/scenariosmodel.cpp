#include "ui/scenariosmodel.h"

#include "core/script/duration.h"

namespace throttle {

int ScenariosModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scenarios.size());
}

QVariant ScenariosModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScenarioConfig &s = m_scenarios.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return s.name;
    case ExecutorRole: return s.executorName();
    case VusRole: return s.vusOrDefault();
    case MaxVusRole: return s.maxVUs();
    case DurationRole:
        if (s.durationMs)
            return *s.durationMs == 0 ? QStringLiteral("infinite") : Duration::format(*s.durationMs);
        return QStringLiteral("-");
    case DescriptionRole: return s.description();
    default: return {};
    }
}

QHash<int, QByteArray> ScenariosModel::roleNames() const
{
    return {{NameRole, "name"}, {ExecutorRole, "executor"}, {VusRole, "vus"}, {MaxVusRole, "maxVus"},
            {DurationRole, "duration"}, {DescriptionRole, "description"}};
}

void ScenariosModel::setScenarios(const QList<ScenarioConfig> &scenarios)
{
    beginResetModel();
    m_scenarios = scenarios;
    endResetModel();
    emit countChanged();
}

} // namespace throttle
