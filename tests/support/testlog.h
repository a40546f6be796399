#pragma once
// TestLog: a LogSink that keeps every line, for assertions on what the engine logged. Thread-safe.

#include "core/script/logsink.h"

#include <QMutex>
#include <QStringList>

namespace throttle {

class TestLog : public LogSink {
public:
    void log(LogLevel, const QString &message, const LogFields &fields = {}) override
    {
        QString line = message;
        for (const auto &f : fields)
            line += QStringLiteral(" %1=%2").arg(f.first, f.second);
        QMutexLocker lock(&m_mutex);
        m_lines << line;
    }
    QStringList lines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lines;
    }
    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_lines.clear();
    }
    bool contains(const QString &text) const
    {
        for (const QString &l : lines())
            if (l.contains(text))
                return true;
        return false;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_lines;
};

inline QString fixture(const QString &name)
{
    return QStringLiteral(THROTTLE_FIXTURES "/scripts/") + name;
}

} // namespace throttle
