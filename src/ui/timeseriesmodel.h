#pragma once
// TimeSeriesModel: the live charts' data, one row per second of the run, kept for the whole run
// (up to `capacity` seconds, 24 h by default: a row is ~100 bytes). Columns (Qt::DisplayRole,
// double; NaN = nothing to draw for that second, so charts leave a gap instead of a made-up 0):
//   0 Time             seconds since the run started (wall clock: paused seconds included)
//   1 Vus              active VUs
//   2 RequestsPerSec   3 IterationsPerSec
//   4 P50, 5 P90, 6 P95, 7 P99   http_req_duration of that second's answered requests (ms); NaN
//                      when none was answered (idle, paused, or every connection refused)
//   8 FailureRate      http_req_failed share of that second, in percent; NaN without requests
//   9 SentPerSec, 10 ReceivedPerSec   bytes
//   11 Paused          1 while the run was paused in that second, else 0
// Attached runs fill the percentiles from /v1/metrics, which has only whole-run values. GUI
// thread only.

#include <QAbstractTableModel>
#include <QList>
#include <QtQml/qqmlregistration.h>
#include <limits>

namespace throttle {

struct TimeSeriesRow {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double time = 0, vus = 0, rps = 0, iterations = 0;
    double p50 = kNone, p90 = kNone, p95 = kNone, p99 = kNone;
    double failureRate = kNone;
    double sent = 0, received = 0;
    bool paused = false;
};

class TimeSeriesModel : public QAbstractTableModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY rangesChanged)
    Q_PROPERTY(double lastTime READ lastTime NOTIFY rangesChanged)
    // Attached: percentiles are whole-run values (the k6 REST API has no per-second ones).
    Q_PROPERTY(bool cumulativePercentiles READ cumulativePercentiles WRITE setCumulativePercentiles NOTIFY rangesChanged)
public:
    enum Column { Time, Vus, RequestsPerSec, IterationsPerSec, P50, P90, P95, P99, FailureRate, SentPerSec,
                  ReceivedPerSec, Paused, ColumnCount };
    Q_ENUM(Column)

    explicit TimeSeriesModel(QObject *parent = nullptr, int capacity = 86400);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const TimeSeriesRow &row);
    void clear();
    const TimeSeriesRow *last() const { return m_rows.isEmpty() ? nullptr : &m_rows.last(); }
    const QList<TimeSeriesRow> &rows() const { return m_rows; }

    Q_INVOKABLE double value(int row, int column) const;   // NaN outside the table
    // The row whose second is nearest to `time` (-1 when empty).
    Q_INVOKABLE int rowNear(double time) const;
    static double value(const TimeSeriesRow &r, int column);

    int count() const { return int(m_rows.size()); }
    double lastTime() const { return m_rows.isEmpty() ? 0 : m_rows.last().time; }
    bool cumulativePercentiles() const { return m_cumulative; }
    void setCumulativePercentiles(bool on);

signals:
    void rangesChanged();

private:
    QList<TimeSeriesRow> m_rows;
    int m_capacity;
    bool m_cumulative = false;
};

} // namespace throttle
