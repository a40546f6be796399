#pragma once
// LaunchSettings: what the person sets before Start, as `throttle run`'s flags: environment
// variables (-e KEY=VALUE, one per line; __ENV sees them), and overrides of VUs (-u), duration
// (-d), iterations (-i) and stages (-s, "30s:10,1m:20"). Remembered per script (QSettings, keyed
// by its absolute path). `throttle-desktop -e KEY=VALUE` adds variables for every script, above
// the remembered ones. Overrides go to the options pass as CLI overrides, so k6's rules apply
// (--vus/--duration replace the script's scenarios with one, as in `k6 run`). GUI thread only.

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class LaunchSettings : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by RunController")
    Q_PROPERTY(QString envText READ envText NOTIFY changed)
    Q_PROPERTY(QString vus READ vus NOTIFY changed)
    Q_PROPERTY(QString duration READ duration NOTIFY changed)
    Q_PROPERTY(QString iterations READ iterations NOTIFY changed)
    Q_PROPERTY(QString stages READ stages NOTIFY changed)
    Q_PROPERTY(QString commandLineEnv READ commandLineEnvText NOTIFY changed)
    Q_PROPERTY(QString summary READ summary NOTIFY changed)   // "BASE_URL=… · -u 10 -d 30s", "" when none
public:
    struct Values {
        QString envText, vus, duration, iterations, stages;
        bool operator==(const Values &) const = default;
    };

    explicit LaunchSettings(QObject *parent = nullptr);

    // The script whose settings are shown and applied (loads the remembered ones).
    void setScript(const QString &absolutePath);
    void setCommandLineEnv(const QMap<QString, QString> &env);

    // "" when valid, else what is wrong ("VUs: …", "line 2: …").
    Q_INVOKABLE static QString validate(const QString &envText, const QString &vus, const QString &duration,
                                        const QString &iterations, const QString &stages);
    // Validates, keeps and remembers the values for the script; emits applied(). false (and
    // nothing changes) when invalid.
    Q_INVOKABLE bool apply(const QString &envText, const QString &vus, const QString &duration,
                           const QString &iterations, const QString &stages);

    // The flags as option keys for the options pass (RunRequest::cliOverrides).
    QJsonObject overrides() const;
    // `base` (the process environment) with the remembered, then the command-line variables on top.
    QMap<QString, QString> env(const QMap<QString, QString> &base) const;
    // KEY=VALUE lines; lines without '=' give an empty value (as `-e KEY`), '#' lines are comments.
    static QMap<QString, QString> parseEnv(const QString &text, QString *error = nullptr);

    QString envText() const { return m_values.envText; }
    QString vus() const { return m_values.vus; }
    QString duration() const { return m_values.duration; }
    QString iterations() const { return m_values.iterations; }
    QString stages() const { return m_values.stages; }
    QString commandLineEnvText() const;
    QString summary() const;

signals:
    void changed();
    void applied();

private:
    QString m_script;
    Values m_values;
    QMap<QString, QString> m_commandLine;
};

} // namespace throttle
