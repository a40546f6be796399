#pragma once
// CliLogSink: prints engine log lines on stderr in k6's logrus formats (--log-format):
//   text (default): time="2026-11-26T01:54:44Z" level=info msg="hello" source=console
//   json:           {"level":"info","msg":"hello","source":"console","time":"2026-11-26T01:54:44Z"}
//   raw:            hello
// Thread-safe (every VU logs); one line is written with one locked call.

#include "core/script/logsink.h"

#include <QMutex>
#include <QTextStream>
#include <optional>

namespace throttle {

class CliLogSink : public LogSink {
public:
    enum class Format { Text, Json, Raw };
    explicit CliLogSink(QTextStream &err, bool verbose = false, Format format = Format::Text)
        : m_err(err), m_verbose(verbose), m_format(format) {}
    // "text", "json", "raw" (k6's names); anything else is nullopt.
    static std::optional<Format> formatNamed(const QString &name);
    void log(LogLevel level, const QString &message, const LogFields &fields = {}) override;
    // Go-style quoting of a logrus value: quotes and escapes only when needed.
    static QString quote(const QString &value);
    // The progress line shares stderr: it is erased before a log line is written.
    void setProgressActive(bool active);
    void printProgress(const QString &line, bool tty);

private:
    QMutex m_mutex;
    QTextStream &m_err;
    QString format(LogLevel level, const QString &message, const LogFields &fields) const;

    bool m_verbose;
    Format m_format;
    bool m_progressOnLine = false;
};

} // namespace throttle
