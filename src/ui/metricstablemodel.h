#pragma once
// MetricsTableModel: the live metrics table, one row per observed metric and sub-metric in the
// end-of-test summary's order, worded for a window (MetricText: "0 of 2094 failed (0.00%)").
// Local and attached runs give the same text. GUI thread only; update() takes a snapshot copy.
// Roles:
//   name            string  full name, "http_req_duration{expected_response:true}"
//   displayName     string  as the summary shows it ("{ expected_response:true }" for sub-metrics)
//   submetric       bool
//   type            string  "counter" | "gauge" | "rate" | "trend"
//   valueText       string  "avg 1.2ms · min …", "26 · 20.1/s", "0 of 26 failed (0.00%)", …
//   thresholdState  string  "" (no thresholds) | "pass" | "fail"

#include "core/metrics/metricssnapshot.h"
#include "core/output/summaryoptions.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class MetricsTableModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, DisplayNameRole, SubmetricRole, TypeRole, ValueTextRole,
                ThresholdStateRole };

    struct Row {
        QString name, displayName, type, valueText, thresholdState;
        bool submetric = false;
        bool operator==(const Row &) const = default;
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void update(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    void setRows(QList<Row> rows);   // rows built elsewhere (an attached run's polled /v1/metrics)
    void clear();
    int count() const { return int(m_rows.size()); }
    const QList<Row> &rows() const { return m_rows; }

    // The rows for a snapshot, without touching the model.
    static QList<Row> rowsFor(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    static QString displayName(const QString &name);   // "{ expected_response:true }" for a sub-metric

signals:
    void countChanged();

private:
    QList<Row> m_rows;
};

} // namespace throttle
