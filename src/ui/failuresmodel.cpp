#include "ui/failuresmodel.h"

#include "core/http/httpreasonphrase.h"

#include <QDateTime>

namespace throttle {

namespace {

QString clock(qint64 ns)
{
    return ns > 0 ? QDateTime::fromMSecsSinceEpoch(ns / 1000000).toString(QStringLiteral("hh:mm:ss")) : QString();
}

bool sameGroup(const FailureGroup &a, const FailureGroup &b)
{
    return a.kind == b.kind && a.errorCode == b.errorCode && a.status == b.status && a.message == b.message;
}

} // namespace

int FailuresModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

QVariant FailuresModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FailureGroup &g = m_groups.at(index.row());
    switch (role) {
    case KindRole: return g.kind;
    case ErrorCodeRole: return g.errorCode;
    case StatusRole: return g.status;
    case Qt::DisplayRole:
    case MessageRole: return g.message;
    case CountRole: return qint64(g.count);
    case FirstSeenRole: return clock(g.firstNs);
    case LastSeenRole: return clock(g.lastNs);
    case ExampleRole: return g.example;
    case TitleRole: {
        if (g.kind == QLatin1String("iteration"))
            return QStringLiteral("iteration error · %1").arg(g.message);
        QString message = g.message;
        if (g.status > 0 && *HttpReasonPhrase::of(g.status))   // "HTTP 500" → "HTTP 500 Internal Server Error"
            message += QLatin1Char(' ') + QLatin1String(HttpReasonPhrase::of(g.status));
        return g.errorCode.isEmpty() ? message : QStringLiteral("%1 · %2").arg(g.errorCode, message);
    }
    default: return {};
    }
}

QHash<int, QByteArray> FailuresModel::roleNames() const
{
    return {{KindRole, "kind"}, {ErrorCodeRole, "errorCode"}, {StatusRole, "status"}, {MessageRole, "message"},
            {CountRole, "count"}, {FirstSeenRole, "firstSeen"}, {LastSeenRole, "lastSeen"}, {ExampleRole, "example"},
            {TitleRole, "title"}};
}

void FailuresModel::update(const QList<FailureGroup> &groups)
{
    bool sameKeys = groups.size() == m_groups.size();
    for (int i = 0; sameKeys && i < groups.size(); ++i)
        sameKeys = sameGroup(groups[i], m_groups[i]);
    if (!sameKeys) {
        beginResetModel();
        m_groups = groups;
        endResetModel();
        emit countChanged();
        return;
    }
    bool changed = false;
    for (int i = 0; i < groups.size(); ++i)
        if (groups[i].count != m_groups[i].count || groups[i].lastNs != m_groups[i].lastNs) {
            m_groups[i] = groups[i];
            emit dataChanged(index(i), index(i));
            changed = true;
        }
    if (changed)
        emit countChanged();   // the total
}

void FailuresModel::clear()
{
    beginResetModel();
    m_groups.clear();
    endResetModel();
    emit countChanged();
}

void FailuresModel::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    emit noteChanged();
}

qint64 FailuresModel::total() const
{
    qint64 n = 0;
    for (const FailureGroup &g : m_groups)
        n += qint64(g.count);
    return n;
}

} // namespace throttle
