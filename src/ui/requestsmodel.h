#pragma once
// RequestsModel: the Requests view — one row per request name (k6's `name` tag, else the URL) ×
// method with count, failures, req/s (count ÷ run time, pauses excluded, as http_reqs' rate) and
// the http_req_duration percentiles of answered requests; sortable by any column, updated live
// in place. Fed from the local run's RequestStats or an attached run's /v1/throttle/requests; when
// the attached API has no such resource (k6, strict-k6) the view is empty and `note` says why.
// GUI thread only.
// Roles: name, method (strings); count, failed (int); failedText ("3 (1.2%)"); rps (double),
// rpsText; p50, p90, p95, p99, max (double ms, NaN without answered requests) and their *Text;
// received (bytes on the wire, headers and bodies), receivedText ("12 kB").

#include "core/metrics/requeststatssnapshot.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class RequestsModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString sortKey READ sortKey NOTIFY sortChanged)
    Q_PROPERTY(bool sortDescending READ sortDescending NOTIFY sortChanged)
    Q_PROPERTY(QString note READ note NOTIFY noteChanged)
public:
    enum Role { NameRole = Qt::UserRole + 1, MethodRole, CountRole, FailedRole, FailedTextRole, RpsRole, RpsTextRole,
                P50Role, P90Role, P95Role, P99Role, MaxRole, P50TextRole, P90TextRole, P95TextRole, P99TextRole,
                MaxTextRole, ReceivedRole, ReceivedTextRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void update(const QList<RequestStatsRow> &rows, double elapsedSec, bool truncated);
    void clear();
    void setNote(const QString &note);
    // Sorts by a role name ("name", "count", "failed", "rps", "p50", … "max"); the same key again
    // flips the order. Numbers sort largest first at the first click.
    Q_INVOKABLE void sortBy(const QString &key);

    int count() const { return int(m_rows.size()); }
    QString sortKey() const { return m_sortKey; }
    bool sortDescending() const { return m_descending; }
    QString note() const { return m_note; }

signals:
    void countChanged();
    void sortChanged();
    void noteChanged();

private:
    struct Row {
        RequestStatsRow stats;
        double rps = 0;
        bool operator==(const Row &o) const;
    };
    double sortValue(const Row &r) const;
    void sortRows(QList<Row> *rows) const;
    QList<Row> m_rows;
    QString m_sortKey = QStringLiteral("name");
    bool m_descending = false;
    QString m_note;
};

} // namespace throttle
