#pragma once
// FailuresModel: the Failures view — failed requests and iteration errors grouped by error
// (error_code, HTTP status, message), most frequent first, with first and last seen (local clock
// time) and one example URL (iterations: the scenario and the first frame). Fed from the local
// run's RequestStats or an attached run's /v1/throttle/failures; `note` says why it is empty when
// the attached API has no such resource. GUI thread only.
// Roles: kind ("request" | "iteration"), errorCode, status (int), message, count (int),
// firstSeen, lastSeen ("hh:mm:ss"), example, title ("1212 · dial: connection refused").

#include "core/metrics/requeststatssnapshot.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class FailuresModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(qint64 total READ total NOTIFY countChanged)   // occurrences over every group
    Q_PROPERTY(QString note READ note NOTIFY noteChanged)
public:
    enum Role { KindRole = Qt::UserRole + 1, ErrorCodeRole, StatusRole, MessageRole, CountRole, FirstSeenRole,
                LastSeenRole, ExampleRole, TitleRole };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void update(const QList<FailureGroup> &groups);
    void clear();
    void setNote(const QString &note);
    int count() const { return int(m_groups.size()); }
    qint64 total() const;
    QString note() const { return m_note; }

signals:
    void countChanged();
    void noteChanged();

private:
    QList<FailureGroup> m_groups;
    QString m_note;
};

} // namespace throttle
