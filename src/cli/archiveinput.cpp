#include "cli/archiveinput.h"

#include "cli/clilogsink.h"
#include "core/archive/tarfile.h"
#include "core/exec/preparedrun.h"
#include "core/exitcodes.h"

#include <QDir>
#include <QFile>
#include <QUrl>

namespace throttle {

bool ArchiveInput::open(const QString &path, CliLogSink &log, int *exitCode)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !TarFile::looksLikeTar(f.peek(512)))
        return true;   // a script (or a missing file: the loader reports it as k6 does)
    K6Archive archive;
    QString error;
    if (!K6Archive::fromTar(f.readAll(), &archive, &error)) {
        log.log(LogLevel::Error, QStringLiteral("%1: %2").arg(path, error));
        *exitCode = exitcodes::GenericError;
        return false;
    }
    m_archive = std::move(archive);
    return true;
}

bool ArchiveInput::apply(RunRequest *req, CliLogSink &log, int *exitCode)
{
    if (!m_archive)
        return true;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/throttle-archive-XXXXXX"));
    QString entry, error;
    if (!m_dir->isValid() || !m_archive->extractTo(m_dir->path(), &entry, &error)) {
        log.log(LogLevel::Error, error.isEmpty() ? QStringLiteral("cannot unpack the archive: %1").arg(m_dir->errorString()) : error);
        *exitCode = exitcodes::GenericError;
        return false;
    }
    req->scriptPath = entry;
    QMap<QString, QString> env = m_archive->env;   // k6: the archive's, then the run's on top
    env.insert(req->env);
    req->env = env;
    req->archiveOptions = m_archive->runOptions();
    for (auto it = m_archive->files.cbegin(); it != m_archive->files.cend(); ++it) {
        const QUrl url(it.key());
        if (url.isLocalFile())
            req->preloadedFiles.insert(QDir::cleanPath(url.toLocalFile()), it.value());
    }
    req->bundledRemoteModules = m_archive->remoteModules();
    return true;
}

QString ArchiveInput::originalPath(const QString &path) const
{
    if (m_dir && path.startsWith(m_dir->path() + QLatin1Char('/')))
        return path.mid(m_dir->path().size());
    return path;
}

} // namespace throttle
