#include "ui/launchsettings.h"

#include "core/script/duration.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSettings>

namespace throttle {

namespace {

QString settingsGroup(const QString &script)
{
    return QStringLiteral("runSettings/")
           + QString::fromLatin1(QCryptographicHash::hash(script.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QString countError(const QString &what, const QString &text)
{
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    if (!ok)
        return QStringLiteral("%1: \"%2\" is not a whole number").arg(what, text.trimmed());
    if (n < 0)
        return QStringLiteral("%1: cannot be negative").arg(what);
    return QString();
}

QStringList stageParts(const QString &stages)
{
    return stages.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
}

} // namespace

LaunchSettings::LaunchSettings(QObject *parent) : QObject(parent) {}

void LaunchSettings::setScript(const QString &absolutePath)
{
    m_script = absolutePath;
    QSettings s;
    s.beginGroup(settingsGroup(absolutePath));
    Values v{s.value(QStringLiteral("env")).toString(), s.value(QStringLiteral("vus")).toString(),
             s.value(QStringLiteral("duration")).toString(), s.value(QStringLiteral("iterations")).toString(),
             s.value(QStringLiteral("stages")).toString()};
    if (!validate(v.envText, v.vus, v.duration, v.iterations, v.stages).isEmpty())
        v = Values();   // edited by hand into something invalid: start clean
    m_values = v;
    emit changed();
}

void LaunchSettings::setCommandLineEnv(const QMap<QString, QString> &env)
{
    m_commandLine = env;
    emit changed();
}

QMap<QString, QString> LaunchSettings::parseEnv(const QString &text, QString *error)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    QMap<QString, QString> out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString key = (eq < 0 ? line : line.left(eq)).trimmed();
        if (!name.match(key).hasMatch()) {
            if (error)
                *error = QStringLiteral("environment, line %1: \"%2\" is not a variable name (KEY=VALUE)").arg(i + 1).arg(key);
            return {};
        }
        out.insert(key, eq < 0 ? QString() : lines[i].mid(lines[i].indexOf(QLatin1Char('=')) + 1));
    }
    return out;
}

QString LaunchSettings::validate(const QString &envText, const QString &vus, const QString &duration,
                                 const QString &iterations, const QString &stages)
{
    QString error;
    parseEnv(envText, &error);
    if (!error.isEmpty())
        return error;
    if (!vus.trimmed().isEmpty() && !(error = countError(QStringLiteral("VUs"), vus)).isEmpty())
        return error;
    if (!iterations.trimmed().isEmpty() && !(error = countError(QStringLiteral("Iterations"), iterations)).isEmpty())
        return error;
    if (!duration.trimmed().isEmpty()) {
        const Duration::Parsed d = Duration::parse(duration.trimmed());
        if (!d.ok)
            return QStringLiteral("Duration: ") + d.error;
    }
    for (const QString &stage : stageParts(stages)) {
        const qsizetype colon = stage.lastIndexOf(QLatin1Char(':'));
        const Duration::Parsed d = Duration::parse(stage.left(colon));
        if (colon <= 0 || !d.ok)
            return QStringLiteral("Stages: \"%1\" is not duration:target (e.g. 30s:10)").arg(stage);
        if (!(error = countError(QStringLiteral("Stages: target of \"%1\"").arg(stage), stage.mid(colon + 1))).isEmpty())
            return error;
    }
    return QString();
}

bool LaunchSettings::apply(const QString &envText, const QString &vus, const QString &duration,
                           const QString &iterations, const QString &stages)
{
    if (!validate(envText, vus, duration, iterations, stages).isEmpty())
        return false;
    m_values = Values{envText.trimmed(), vus.trimmed(), duration.trimmed(), iterations.trimmed(), stages.trimmed()};
    if (!m_script.isEmpty()) {
        QSettings s;
        s.beginGroup(settingsGroup(m_script));
        s.setValue(QStringLiteral("script"), m_script);   // for a person reading the settings file
        s.setValue(QStringLiteral("env"), m_values.envText);
        s.setValue(QStringLiteral("vus"), m_values.vus);
        s.setValue(QStringLiteral("duration"), m_values.duration);
        s.setValue(QStringLiteral("iterations"), m_values.iterations);
        s.setValue(QStringLiteral("stages"), m_values.stages);
    }
    emit changed();
    emit applied();
    return true;
}

QJsonObject LaunchSettings::overrides() const
{
    QJsonObject o;   // as throttle run's flags put them (runcommand.cpp)
    if (!m_values.vus.isEmpty())
        o.insert(QStringLiteral("vus"), m_values.vus.toLongLong());
    if (!m_values.iterations.isEmpty())
        o.insert(QStringLiteral("iterations"), m_values.iterations.toLongLong());
    if (!m_values.duration.isEmpty())
        o.insert(QStringLiteral("duration"), m_values.duration);
    const QStringList parts = stageParts(m_values.stages);
    if (!parts.isEmpty()) {
        QJsonArray stages;
        for (const QString &s : parts) {
            const qsizetype colon = s.lastIndexOf(QLatin1Char(':'));
            stages.append(QJsonObject{{QStringLiteral("duration"), s.left(colon)},
                                      {QStringLiteral("target"), s.mid(colon + 1).toLongLong()}});
        }
        o.insert(QStringLiteral("stages"), stages);
    }
    return o;
}

QMap<QString, QString> LaunchSettings::env(const QMap<QString, QString> &base) const
{
    QMap<QString, QString> out = base;
    out.insert(parseEnv(m_values.envText));
    out.insert(m_commandLine);
    return out;
}

QString LaunchSettings::commandLineEnvText() const
{
    QStringList lines;
    for (auto it = m_commandLine.cbegin(); it != m_commandLine.cend(); ++it)
        lines << it.key() + QLatin1Char('=') + it.value();
    return lines.join(QLatin1Char('\n'));
}

QString LaunchSettings::summary() const
{
    QStringList parts;
    QMap<QString, QString> vars = parseEnv(m_values.envText);
    vars.insert(m_commandLine);
    for (auto it = vars.cbegin(); it != vars.cend(); ++it)
        parts << QStringLiteral("-e %1=%2").arg(it.key(), it.value());
    if (!m_values.vus.isEmpty())
        parts << QStringLiteral("-u ") + m_values.vus;
    if (!m_values.duration.isEmpty())
        parts << QStringLiteral("-d ") + m_values.duration;
    if (!m_values.iterations.isEmpty())
        parts << QStringLiteral("-i ") + m_values.iterations;
    for (const QString &s : stageParts(m_values.stages))
        parts << QStringLiteral("-s ") + s;
    return parts.join(QLatin1Char(' '));
}

} // namespace throttle
