#pragma once
// ConsoleModel: the script's console output and the engine's log lines, newest last, at most
// `capacity` rows (the oldest are dropped). GUI thread only; fed from GuiLogSink::take().
// Roles:
//   level      int     LogLevel (0 debug, 1 info, 2 warning, 3 error)
//   levelName  string  "debug" | "info" | "warn" | "error"
//   message    string  the text
//   time       string  "hh:mm:ss.zzz" local time
//   fields     string  extra fields as "key=value key2=value2" (e.g. source=console)

#include "ui/guilogsink.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ConsoleModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int errorCount READ errorCount NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY countChanged)
public:
    enum Role { LevelRole = Qt::UserRole + 1, LevelNameRole, MessageRole, TimeRole, FieldsRole };

    explicit ConsoleModel(QObject *parent = nullptr, int capacity = 5000);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void append(const QList<LogLine> &lines);
    Q_INVOKABLE void clear();
    Q_INVOKABLE QString text() const;   // everything, one line per row (copy to clipboard)

    int count() const { return int(m_lines.size()); }
    int errorCount() const { return m_errors; }
    QString lastError() const { return m_lastError; }

signals:
    void countChanged();

private:
    static QString fieldsText(const LogFields &fields);
    QList<LogLine> m_lines;
    int m_capacity;
    int m_errors = 0;
    QString m_lastError;
};

} // namespace throttle
