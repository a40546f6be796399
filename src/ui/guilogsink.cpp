#include "ui/guilogsink.h"

namespace throttle {

void GuiLogSink::log(LogLevel level, const QString &message, const LogFields &fields)
{
    LogLine line{QDateTime::currentDateTime(), level, message, fields};
    QMutexLocker lock(&m_mutex);
    if (m_lines.size() >= m_capacity) {
        m_lines.removeFirst();
        ++m_dropped;
    }
    m_lines.append(std::move(line));
}

QList<LogLine> GuiLogSink::take(qint64 *dropped)
{
    QMutexLocker lock(&m_mutex);
    QList<LogLine> out;
    out.swap(m_lines);
    if (dropped)
        *dropped = m_dropped;
    m_dropped = 0;
    return out;
}

} // namespace throttle
