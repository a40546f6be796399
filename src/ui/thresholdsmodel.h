#pragma once
// ThresholdsModel: every threshold expression of the run (options.thresholds) with its latest
// state; thresholds are evaluated by the run every 2 s and at the end. GUI thread only.
// Roles:
//   metric      string  metric or sub-metric name as written in options.thresholds
//   expression  string  e.g. "p(95)<200"
//   state       string  "pending" (not evaluated yet) | "pass" | "fail"
//   abortOnFail bool

#include "core/metrics/thresholdset.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ThresholdsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int failing READ failing NOTIFY stateChanged)
public:
    enum Role { MetricRole = Qt::UserRole + 1, ExpressionRole, StateRole, AbortOnFailRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setThresholds(const QJsonObject &thresholds);   // resets all to "pending"
    void update(const ThresholdSet::Evaluation &evaluation);
    int count() const { return int(m_rows.size()); }
    int failing() const;

signals:
    void countChanged();
    void stateChanged();

private:
    struct Row {
        QString metric, expression, state;
        bool abortOnFail = false;
    };
    QList<Row> m_rows;
};

} // namespace throttle
