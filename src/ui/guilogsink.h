#pragma once
// GuiLogSink: the desktop app's LogSink. Every VU thread may log; lines are buffered under a
// short lock (bounded: at full load the oldest are dropped and counted) and the GUI thread
// drains them with take() on its refresh timer, so logging never floods the event loop.

#include "core/script/logsink.h"

#include <QDateTime>
#include <QList>
#include <QMutex>

namespace throttle {

struct LogLine {
    QDateTime time;
    LogLevel level = LogLevel::Info;
    QString message;
    LogFields fields;
};

class GuiLogSink : public LogSink
{
public:
    explicit GuiLogSink(int capacity = 2000) : m_capacity(capacity) {}
    void log(LogLevel level, const QString &message, const LogFields &fields = {}) override;
    // Lines logged since the last call, oldest first; *dropped gets how many were discarded.
    QList<LogLine> take(qint64 *dropped = nullptr);

private:
    QMutex m_mutex;
    QList<LogLine> m_lines;
    qint64 m_dropped = 0;
    int m_capacity;
};

} // namespace throttle
