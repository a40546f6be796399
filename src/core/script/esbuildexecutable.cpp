#include "core/script/esbuildexecutable.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace throttle {

namespace {

// Identity of a binary on disk: a reinstall (another version) changes size or mtime.
QString identity(const QFileInfo &info)
{
    return QStringLiteral("%1|%2|%3")
        .arg(info.absoluteFilePath())
        .arg(info.size())
        .arg(info.lastModified().toMSecsSinceEpoch());
}

QMutex g_mutex;
QHash<QString, QString> g_versions;   // identity -> version, for this process

QString recordPath(const QString &cacheDir)
{
    return cacheDir + QLatin1String("/esbuild-version.json");
}

QString readRecord(const QString &cacheDir, const QString &id)
{
    QFile f(recordPath(cacheDir));
    if (cacheDir.isEmpty() || !f.open(QIODevice::ReadOnly))
        return QString();
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    return o.value(QLatin1String("binary")).toString() == id ? o.value(QLatin1String("version")).toString() : QString();
}

void writeRecord(const QString &cacheDir, const QString &id, const QString &version)
{
    if (cacheDir.isEmpty() || !QDir().mkpath(cacheDir))
        return;
    QSaveFile f(recordPath(cacheDir));
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("binary"), id}, {QStringLiteral("version"), version}})
                .toJson(QJsonDocument::Compact));
    f.commit();
}

QString askVersion(const QString &path, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(path, {QStringLiteral("--version")}, QIODevice::ReadOnly);
    if (!p.waitForStarted(10000) || !p.waitForFinished(10000)) {
        *error = QStringLiteral("cannot run %1 --version: %2").arg(path, p.errorString());
        p.kill();
        p.waitForFinished(1000);
        return QString();
    }
    const QString out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    static const QRegularExpression re(QStringLiteral(R"(^\d+\.\d+\.\d+\S*$)"));
    if (p.exitCode() != 0 || !re.match(out).hasMatch()) {
        *error = QStringLiteral("%1 is not a working esbuild: `--version` printed \"%2\"").arg(path, out.left(200));
        return QString();
    }
    return out;
}

} // namespace

QString EsbuildExecutable::missingMessage(const QString &tried)
{
    return QStringLiteral("esbuild not found (%1): Throttle transpiles modern JavaScript and TypeScript with the "
                          "esbuild executable. Install the Debian package: sudo apt-get install esbuild "
                          "(or set THROTTLE_ESBUILD to the path of an esbuild binary)")
        .arg(tried);
}

std::optional<EsbuildExecutable> EsbuildExecutable::find(const QString &cacheDir, QString *error)
{
    const QString override = qEnvironmentVariable("THROTTLE_ESBUILD");
    const QString path = override.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("esbuild")) : override;
    const QFileInfo info(path);
    if (path.isEmpty() || !info.isFile() || !info.isExecutable()) {
        *error = missingMessage(override.isEmpty() ? QStringLiteral("no esbuild on PATH")
                                                   : QStringLiteral("THROTTLE_ESBUILD=%1 is not an executable file").arg(override));
        return std::nullopt;
    }
    const QString id = identity(info);
    QMutexLocker lock(&g_mutex);
    QString version = g_versions.value(id);
    if (version.isEmpty())
        version = readRecord(cacheDir, id);
    if (version.isEmpty()) {
        version = askVersion(info.absoluteFilePath(), error);
        if (version.isEmpty())
            return std::nullopt;
        writeRecord(cacheDir, id, version);
    }
    g_versions.insert(id, version);
    return EsbuildExecutable{info.absoluteFilePath(), version};
}

} // namespace throttle
