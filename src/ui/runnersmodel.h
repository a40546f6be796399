#pragma once
// RunnersModel: the runners of an attached fleet (RunView::runners(): several `throttle run`
// processes that are one test), one row each, for the window's Runners tab; empty for a single
// run. A runner that stops answering keeps its row, marked. GUI thread only.
// Roles:
//   address   string  "host:port"
//   state     string  "running", "paused", "starting", "ended", or "not answering"
//   vus       int     active VUs (last known)
//   vusMax    int     initialised VUs (last known)
//   reqRate   string  its http_reqs per second over its run ("-" before any)
//   error     string  why it does not answer ("" while it does)
//   answering bool

#include "core/exec/runview.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class RunnersModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int answering READ answering NOTIFY countChanged)
public:
    enum Role { AddressRole = Qt::UserRole + 1, StateRole, VusRole, VusMaxRole, ReqRateRole, ErrorRole, AnsweringRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void update(const QList<RunnerReading> &runners);
    int count() const { return int(m_rows.size()); }
    int answering() const;

    static QString stateOf(const RunnerReading &r);

signals:
    void countChanged();

private:
    struct Row {
        QString address, state, reqRate, error;
        qint64 vus = 0, vusMax = 0;
        bool answering = false;
        bool operator==(const Row &) const = default;
    };
    QList<Row> m_rows;
};

} // namespace throttle
