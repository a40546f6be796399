#pragma once
// ScenariosModel: the loaded script's scenarios (options.scenarios, execution order) as the
// options pane shows them. GUI thread only.
// Roles:
//   name         string  scenario name
//   executor     string  "externally-controlled", "constant-vus", …
//   vus          int     VUs (k6's default for the executor applied)
//   maxVus       int     VUs the scenario may need at once
//   duration     string  "30s", "1m0s"; "-" when the executor has no duration
//   description  string  k6's one-line description

#include "core/script/scenarioconfig.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ScenariosModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, ExecutorRole, VusRole, MaxVusRole, DurationRole, DescriptionRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setScenarios(const QList<ScenarioConfig> &scenarios);
    int count() const { return int(m_scenarios.size()); }

signals:
    void countChanged();

private:
    QList<ScenarioConfig> m_scenarios;
};

} // namespace throttle
