#include "ui/scenariosmodel.h"

#include "core/script/duration.h"
#include "ui/scenariotext.h"

namespace throttle {

int ScenariosModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ScenariosModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case ExecutorRole: return r.executor;
    case VusRole: return r.vus;
    case MaxVusRole: return r.maxVus;
    case DurationRole: return r.duration;
    case DescriptionRole: return r.description;
    case SummaryRole: return r.summary;
    case GracefulRole: return r.graceful;
    default: return {};
    }
}

QHash<int, QByteArray> ScenariosModel::roleNames() const
{
    return {{NameRole, "name"}, {ExecutorRole, "executor"}, {VusRole, "vus"}, {MaxVusRole, "maxVus"},
            {DurationRole, "duration"}, {DescriptionRole, "description"}, {SummaryRole, "summary"},
            {GracefulRole, "graceful"}};
}

void ScenariosModel::setScenarios(const QList<ScenarioConfig> &scenarios)
{
    QList<Row> rows;
    for (const ScenarioConfig &s : scenarios) {
        const qint64 ms = ScenarioText::scheduledMs(s);
        rows.append({s.name, s.executorName(),
                     ms == 0 && s.executor == ScenarioConfig::Executor::ExternallyControlled ? QStringLiteral("infinite")
                                                                                              : Duration::format(ms),
                     ScenarioText::summary(s), ScenarioText::gracefulNote(s), s.description(), ScenarioText::startVus(s),
                     s.maxVUs()});
    }
    setRows(std::move(rows));
}

void ScenariosModel::setRemoteScenarios(const QList<ScenarioStatus> &scenarios)
{
    QList<Row> rows;
    for (const ScenarioStatus &s : scenarios) {
        QString summary = QStringLiteral("%1 VUs active · up to %2").arg(s.vus).arg(s.vusMax);
        if (s.rate)
            summary += QStringLiteral(" · %1 iterations/%2").arg(*s.rate).arg(Duration::format(s.timeUnitMs));
        summary += QStringLiteral(" · %1").arg(s.mode);
        rows.append({s.name, s.executor, QStringLiteral("-"), summary, QString(), QString(), s.vus, s.vusMax});
    }
    setRows(std::move(rows));
}

void ScenariosModel::setRows(QList<Row> rows)
{
    if (rows.size() == m_rows.size()) {   // a live attached status: change in place
        for (int i = 0; i < rows.size(); ++i)
            if (!(rows[i] == m_rows[i])) {
                m_rows[i] = rows[i];
                emit dataChanged(index(i), index(i));
            }
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

} // namespace throttle
