#include "cli/clilogsink.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

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

std::optional<CliLogSink::Format> CliLogSink::formatNamed(const QString &name)
{
    if (name == QLatin1String("text"))
        return Format::Text;
    if (name == QLatin1String("json"))
        return Format::Json;
    if (name == QLatin1String("raw"))
        return Format::Raw;
    return std::nullopt;
}

QString CliLogSink::format(LogLevel level, const QString &message, const LogFields &fields) const
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    if (m_format == Format::Raw)
        return message;
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QLatin1String levelName(names[int(level)]);
    switch (m_format) {
    case Format::Raw:   // returned above
        break;
    case Format::Json: {
        QJsonObject o;   // keys come out sorted, as Go's encoding/json writes logrus' map
        for (const auto &f : fields)
            o.insert(f.first, f.second);
        o.insert(QStringLiteral("level"), levelName);
        o.insert(QStringLiteral("msg"), message);
        o.insert(QStringLiteral("time"), time);
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    case Format::Text:
        break;
    }
    QString line = QStringLiteral("time=\"%1\" level=%2 msg=%3").arg(time, levelName, quote(message));
    for (const auto &f : fields)
        line += QLatin1Char(' ') + f.first + QLatin1Char('=') + quote(f.second);
    return line;
}

void CliLogSink::log(LogLevel level, const QString &message, const LogFields &fields)
{
    if (level == LogLevel::Debug && !m_verbose)
        return;
    const QString line = format(level, message, fields);
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
