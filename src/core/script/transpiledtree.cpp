#include "core/script/transpiledtree.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQueue>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

namespace throttle {

namespace {

// One file waiting to be prepared, with what is needed to report it missing the way k6 does.
struct Pending {
    QString absPath;
    QString specifier; // as written in the importing file (the entry: the path given)
    QString importer;  // absolute path of the importing file; empty for the entry
};

// Per-file cache record, stored beside the mirror (<cacheDir>/meta/<abs path>.json). The import
// list is kept so a cache hit can continue the walk without parsing the file again.
struct CacheRecord {
    QString hash;
    QStringList imports;
};

QString contentHash(const QByteArray &source)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(Transpiler::versionSalt().toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(source);
    return QString::fromLatin1(hash.result().toHex());
}

bool readRecord(const QString &path, CacheRecord *record)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    record->hash = o.value(QLatin1String("hash")).toString();
    record->imports.clear();
    for (const QJsonValue &v : o.value(QLatin1String("imports")).toArray())
        record->imports << v.toString();
    return !record->hash.isEmpty();
}

// Written through QSaveFile so a concurrent run never sees half a file.
bool writeAtomically(const QString &path, const QByteArray &data)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(data);
    return file.commit();
}

QByteArray recordJson(const QString &hash, const QStringList &imports)
{
    QJsonObject o;
    o.insert(QLatin1String("hash"), hash);
    o.insert(QLatin1String("imports"), QJsonArray::fromStringList(imports));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

TranspileError makeError(TranspileError::Kind kind, const QString &file, const QString &message)
{
    TranspileError e;
    e.kind = kind;
    e.file = file;
    e.message = message;
    return e;
}

// Brings one file's mirror up to date; fills *imports with its specifiers.
bool prepareFile(const Pending &item, Transpiler &transpiler, const QString &cacheDir,
                 QStringList *imports, TranspiledTree::Result *result)
{
    QFile file(item.absPath);
    if (QFileInfo(item.absPath).isDir() || !file.open(QIODevice::ReadOnly)) {
        const auto kind = file.exists() ? TranspileError::Kind::Io : TranspileError::Kind::ModuleNotFound;
        result->error = makeError(kind, item.importer.isEmpty() ? item.absPath : item.importer,
                                  TranspiledTree::notFoundMessage(item.specifier));
        return false;
    }
    const QByteArray source = file.readAll();
    const QString hash = contentHash(source);
    const QString mirror = result->mirrorRoot + item.absPath;
    const QString metaPath = cacheDir + QLatin1String("/meta") + item.absPath + QLatin1String(".json");

    CacheRecord record;
    if (readRecord(metaPath, &record) && record.hash == hash && QFileInfo::exists(mirror)) {
        *imports = record.imports;
        ++result->cached;
        return true;
    }
    QString code;
    if (!transpiler.transpile(QString::fromUtf8(source), item.absPath, &code, imports, &result->error))
        return false;
    // The mirror goes first: a record without its mirror is a miss, a mirror without a record too.
    if (!writeAtomically(mirror, code.toUtf8()) || !writeAtomically(metaPath, recordJson(hash, *imports))) {
        result->error = makeError(TranspileError::Kind::Io, item.absPath,
                                  QStringLiteral("cannot write the transpiled module to %1").arg(mirror));
        return false;
    }
    ++result->transpiled;
    return true;
}

} // namespace

QString TranspiledTree::notFoundMessage(const QString &specifier)
{
    return QStringLiteral(
               "The moduleSpecifier \"%1\" couldn't be found on local disk. Make sure that you've "
               "specified the right path to the file. If you're running k6 using the Docker image make "
               "sure you have mounted the local directory (-v /local/path/:/inside/docker/path) "
               "containing your script and modules so that they're accessible by k6 from inside of "
               "the container, see "
               "https://grafana.com/docs/k6/latest/using-k6/modules/#using-local-modules-with-docker.")
        .arg(specifier);
}

QString TranspiledTree::resolveLocal(const QString &specifier, const QString &fromFile)
{
    if (specifier.startsWith(QLatin1String("file://")))
        return QDir::cleanPath(QUrl(specifier).toLocalFile());
    if (specifier.startsWith(QLatin1Char('/')))
        return QDir::cleanPath(specifier);
    if (specifier.startsWith(QLatin1String("./")) || specifier.startsWith(QLatin1String("../")))
        return QDir::cleanPath(QFileInfo(fromFile).absolutePath() + QLatin1Char('/') + specifier);
    return QString();
}

QString TranspiledTree::defaultCacheDir()
{
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    const QString base = xdg.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
        : xdg;
    return base + QLatin1String("/throttle/js");
}

TranspiledTree::Result TranspiledTree::prepare(const QString &entryAbsPath, Transpiler &transpiler,
                                               const QString &cacheDir)
{
    Result result;
    const QString root = QDir::cleanPath(QFileInfo(cacheDir).absoluteFilePath());
    result.mirrorRoot = root + QLatin1String("/tree");
    const QString entry = QDir::cleanPath(QFileInfo(entryAbsPath).absoluteFilePath());

    QQueue<Pending> queue;
    QSet<QString> seen{entry};
    queue.enqueue({entry, entryAbsPath, QString()});
    while (!queue.isEmpty()) {
        const Pending item = queue.dequeue();
        QStringList imports;
        if (!prepareFile(item, transpiler, root, &imports, &result))
            return result;
        for (const QString &spec : std::as_const(imports)) {
            const QString local = resolveLocal(spec, item.absPath);
            if (local.isEmpty() || seen.contains(local))
                continue;
            seen.insert(local);
            queue.enqueue({local, spec, item.absPath});
        }
    }
    result.entryPath = result.mirrorRoot + entry;
    result.ok = true;
    return result;
}

} // namespace throttle
