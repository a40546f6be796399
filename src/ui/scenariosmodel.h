#pragma once
// ScenariosModel: the scenarios the script pane lists, in execution order: a loaded script's
// options.scenarios, or — attached to a run in another process — the scenarios its /v1/status
// declares (the k6 API carries no options, so their live VUs, bound, rate and mode instead).
// GUI thread only.
// Roles:
//   name         string  scenario name
//   executor     string  "externally-controlled", "constant-vus", …
//   vus          int     VUs at the start (ramping-vus: startVUs; arrival rate: preAllocatedVUs);
//                        attached: active VUs now
//   maxVus       int     VUs the scenario may need at once (attached: the bound of a VU change)
//   summary      string  the load in the executor's terms, e.g. "2 → 6 VUs (peak 6) in 3 stages · 8s"
//   graceful     string  "+30s graceful stop" or ""
//   description  string  k6's one-line description ("" when attached)

#include "core/exec/runcontrol.h"
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
    enum Role { NameRole = Qt::UserRole + 1, ExecutorRole, VusRole, MaxVusRole, DurationRole, DescriptionRole,
                SummaryRole, GracefulRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setScenarios(const QList<ScenarioConfig> &scenarios);
    void setRemoteScenarios(const QList<ScenarioStatus> &scenarios);   // attached mode
    int count() const { return int(m_rows.size()); }

signals:
    void countChanged();

private:
    struct Row {
        QString name, executor, duration, summary, graceful, description;
        qint64 vus = 0, maxVus = 0;
        bool operator==(const Row &) const = default;
    };
    void setRows(QList<Row> rows);
    QList<Row> m_rows;
};

} // namespace throttle
