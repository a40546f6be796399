#pragma once
// CliLogSink: prints engine log lines on stderr in k6's default logrus text format:
//   time="2026-11-26T01:54:44Z" level=info msg="hello" source=console
// Thread-safe (every VU logs); one line is written with one locked call.

#include "core/script/logsink.h"

#include <QMutex>
#include <QTextStream>

namespace throttle {

class CliLogSink : public LogSink {
public:
    explicit CliLogSink(QTextStream &err, bool verbose = false) : m_err(err), m_verbose(verbose) {}
    void log(LogLevel level, const QString &message, const LogFields &fields = {}) override;
    // Go-style quoting of a logrus value: quotes and escapes only when needed.
    static QString quote(const QString &value);
    // The progress line shares stderr: it is erased before a log line is written.
    void setProgressActive(bool active);
    void printProgress(const QString &line, bool tty);

private:
    QMutex m_mutex;
    QTextStream &m_err;
    bool m_verbose;
    bool m_progressOnLine = false;
};

} // namespace throttle
