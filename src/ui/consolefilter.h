#pragma once
// ConsoleFilter: the console as the person filters it — lines at or above a level, and lines whose
// message or fields contain a text (case-insensitive). A proxy over ConsoleModel with the same
// roles, created in QML by the console view. GUI thread only.

#include "ui/consolemodel.h"

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ConsoleFilter : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ConsoleModel *source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(int minLevel READ minLevel WRITE setMinLevel NOTIFY filterChanged)   // LogLevel: 0 debug … 3 error
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    explicit ConsoleFilter(QObject *parent = nullptr);

    ConsoleModel *source() const { return m_source; }
    void setSource(ConsoleModel *source);
    int minLevel() const { return m_minLevel; }
    void setMinLevel(int level);
    QString text() const { return m_text; }
    void setText(const QString &text);
    int count() const { return rowCount(); }

signals:
    void sourceChanged();
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    ConsoleModel *m_source = nullptr;
    int m_minLevel = 0;
    QString m_text;
};

} // namespace throttle
