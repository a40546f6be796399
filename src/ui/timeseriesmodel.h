#pragma once
// TimeSeriesModel: the live charts' data, one row per second of the run (the newest
// `capacity` seconds). A table because the charts map it with VXYModelMapper (x column, y
// column). Columns (Qt::DisplayRole, double):
//   0 Time          seconds since the run started
//   1 Vus           active VUs
//   2 RequestsPerSec
//   3 P50, 4 P95, 5 P99   http_req_duration percentiles of that second (ms)
//   6 FailureRate   http_req_failed share of that second, in percent
// The axis properties give the ranges the charts should show. GUI thread only.

#include <QAbstractTableModel>
#include <QList>
#include <QtQml/qqmlregistration.h>

namespace throttle {

struct TimeSeriesRow {
    double time = 0, vus = 0, rps = 0, p50 = 0, p95 = 0, p99 = 0, failureRate = 0;
};

class TimeSeriesModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY rangesChanged)
    Q_PROPERTY(double timeMin READ timeMin NOTIFY rangesChanged)
    Q_PROPERTY(double timeMax READ timeMax NOTIFY rangesChanged)
    Q_PROPERTY(double vusMax READ vusMax NOTIFY rangesChanged)
    Q_PROPERTY(double rpsMax READ rpsMax NOTIFY rangesChanged)
    Q_PROPERTY(double latencyMax READ latencyMax NOTIFY rangesChanged)
    Q_PROPERTY(double failureMax READ failureMax NOTIFY rangesChanged)
public:
    enum Column { Time, Vus, RequestsPerSec, P50, P95, P99, FailureRate, ColumnCount };
    Q_ENUM(Column)

    explicit TimeSeriesModel(QObject *parent = nullptr, int capacity = 600);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const TimeSeriesRow &row);
    void clear();
    const TimeSeriesRow *last() const { return m_rows.isEmpty() ? nullptr : &m_rows.last(); }

    int count() const { return int(m_rows.size()); }
    double timeMin() const;
    double timeMax() const;
    double vusMax() const;
    double rpsMax() const;
    double latencyMax() const;
    double failureMax() const;

signals:
    void rangesChanged();

private:
    double columnMax(double TimeSeriesRow::*field) const;
    QList<TimeSeriesRow> m_rows;
    int m_capacity;
};

} // namespace throttle
