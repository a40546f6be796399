#include "ui/consolemodel.h"

namespace throttle {

ConsoleModel::ConsoleModel(QObject *parent, int capacity) : QAbstractListModel(parent), m_capacity(capacity)
{
}

int ConsoleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant ConsoleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &l = m_lines.at(index.row());
    switch (role) {
    case LevelRole: return int(l.level);
    case LevelNameRole: {
        static const char *names[] = {"debug", "info", "warn", "error"};
        return QString::fromLatin1(names[int(l.level)]);
    }
    case Qt::DisplayRole:
    case MessageRole: return l.message;
    case TimeRole: return l.time.toString(QStringLiteral("hh:mm:ss.zzz"));
    case FieldsRole: return fieldsText(l.fields);
    default: return {};
    }
}

QHash<int, QByteArray> ConsoleModel::roleNames() const
{
    return {{LevelRole, "level"}, {LevelNameRole, "levelName"}, {MessageRole, "message"},
            {TimeRole, "time"}, {FieldsRole, "fields"}};
}

QString ConsoleModel::fieldsText(const LogFields &fields)
{
    QStringList parts;
    for (const auto &f : fields)
        parts << f.first + QLatin1Char('=') + f.second;
    return parts.join(QLatin1Char(' '));
}

void ConsoleModel::append(const QList<LogLine> &lines)
{
    if (lines.isEmpty())
        return;
    QList<LogLine> incoming = lines.size() > m_capacity ? lines.mid(lines.size() - m_capacity) : lines;
    const qsizetype overflow = m_lines.size() + incoming.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_lines.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(incoming.size()) - 1);
    for (LogLine &l : incoming) {
        if (l.level == LogLevel::Error) {
            ++m_errors;
            m_lastError = l.message;
        }
        m_lines.append(std::move(l));
    }
    endInsertRows();
    emit countChanged();
}

void ConsoleModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_errors = 0;
    m_lastError.clear();
    endResetModel();
    emit countChanged();
}

QString ConsoleModel::text() const
{
    QStringList out;
    for (const LogLine &l : m_lines) {
        const QString f = fieldsText(l.fields);
        out << l.time.toString(QStringLiteral("hh:mm:ss.zzz")) + QLatin1Char(' ') + l.message
                   + (f.isEmpty() ? QString() : QLatin1Char(' ') + f);
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace throttle
