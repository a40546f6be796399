#pragma once
// Where the engine's log lines go (console.* from scripts, script exceptions, warnings).
// The CLI prints them logrus-style on stderr; the desktop app shows them in its log view.
// Implementations must be thread-safe: every VU thread logs.

#include <QList>
#include <QPair>
#include <QString>

namespace throttle {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

using LogFields = QList<QPair<QString, QString>>;   // extra key=value fields, in order

class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void log(LogLevel level, const QString &message, const LogFields &fields = {}) = 0;
};

} // namespace throttle
