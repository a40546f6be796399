#include "cli/clilogsink.h"

#include <QDateTime>

namespace throttle {

QString CliLogSink::quote(const QString &value)
{
    bool needs = value.isEmpty();
    for (const QChar c : value) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('.') || c == QLatin1Char('_') ||
              c == QLatin1Char('/') || c == QLatin1Char('@') || c == QLatin1Char('^') || c == QLatin1Char('+'))) {
            needs = true;
            break;
        }
    }
    if (!needs)
        return value;
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '"': out += QStringLiteral("\\\""); break;
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        default: out += c;
        }
    }
    return out + QLatin1Char('"');
}

void CliLogSink::log(LogLevel level, const QString &message, const LogFields &fields)
{
    if (level == LogLevel::Debug && !m_verbose)
        return;
    static const char *names[] = {"debug", "info", "warning", "error"};
    QString line = QStringLiteral("time=\"%1\" level=%2 msg=%3")
                       .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate),
                            QLatin1String(names[int(level)]), quote(message));
    for (const auto &f : fields)
        line += QLatin1Char(' ') + f.first + QLatin1Char('=') + quote(f.second);
    QMutexLocker lock(&m_mutex);
    if (m_progressOnLine) {
        m_err << "\r\033[K";
        m_progressOnLine = false;
    }
    m_err << line << '\n';
    m_err.flush();
}

void CliLogSink::printProgress(const QString &line, bool tty)
{
    QMutexLocker lock(&m_mutex);
    if (tty) {
        m_err << "\r\033[K" << line;
        m_progressOnLine = true;
    } else {
        m_err << line << '\n';
    }
    m_err.flush();
}

void CliLogSink::setProgressActive(bool active)
{
    QMutexLocker lock(&m_mutex);
    if (!active && m_progressOnLine) {
        m_err << '\n';
        m_progressOnLine = false;
        m_err.flush();
    }
}

} // namespace throttle
