#pragma once
// ThresholdsModel: every threshold expression of the run (options.thresholds) with its latest
// state and the value it compares right now (thresholds are evaluated by the run every 2 s and at
// the end; the observed value follows the metrics at every refresh). Attached to a run in another
// process, the k6 REST API carries no expressions, only a "tainted" flag per metric: one row per
// such metric, with its current value. GUI thread only.
// Roles:
//   metric      string  metric or sub-metric name as written in options.thresholds
//   expression  string  e.g. "p(95)<200"; "" when attached to k6 (not exposed)
//   state       string  "pending" (not evaluated yet) | "pass" | "fail"
//   abortOnFail bool
//   observed    string  the aggregation the expression compares, now: "p(95)=123.4ms",
//                       "rate=0.0034 (0.34%)", "count=2094"; attached to k6: the metric's table text

#include "core/metrics/metricssnapshot.h"
#include "core/metrics/threshold.h"
#include "core/metrics/thresholdreading.h"
#include "core/metrics/thresholdset.h"
#include "ui/metricstablemodel.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QtQml/qqmlregistration.h>
#include <optional>

namespace throttle {

class ThresholdsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int failing READ failing NOTIFY stateChanged)
    Q_PROPERTY(bool attachedRows READ attachedRows NOTIFY countChanged)
public:
    enum Role { MetricRole = Qt::UserRole + 1, ExpressionRole, StateRole, AbortOnFailRole, ObservedRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setThresholds(const QJsonObject &thresholds);   // resets all to "pending"
    void update(const ThresholdSet::Evaluation &evaluation);
    // The observed values, from the latest snapshot (elapsedSec: run time for counter rates).
    void observe(const MetricsSnapshot &snapshot, double elapsedSec);
    // Attached to a Throttle run: its /v1/throttle/thresholds, every expression with its value.
    void setReadings(const QList<ThresholdReading> &readings);
    // Attached to k6 (or strict-k6): one row per metric row that carries a threshold state.
    void setFromTainted(const QList<MetricsTableModel::Row> &metricRows);
    int count() const { return int(m_rows.size()); }
    int failing() const;
    bool attachedRows() const { return m_attached; }

    // "p(95)=123.4ms": the aggregation of `t` over `m` as the window shows it ("" when unknown).
    static QString observedText(const Threshold &t, const MetricSnapshot *m, double elapsedSec);
    // The same from the aggregation's value and k6's type names ("trend", "time"); nullopt: no samples.
    static QString observedText(const QString &stat, std::optional<double> value, const QString &type,
                                const QString &contains);

signals:
    void countChanged();
    void stateChanged();

private:
    struct Row {
        QString metric, expression, state;
        bool abortOnFail = false;
        QString observed;
        std::optional<Threshold> parsed;
    };
    void changeRow(int i, const QString &state, const QString &observed);
    void replaceRows(const QList<Row> &rows, bool attached);   // a reset, or in-place changes
    QList<Row> m_rows;
    bool m_attached = false;
};

} // namespace throttle
