#include "core/script/transpiledtree.h"

#include "core/script/outputimports.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

#include <numeric>

namespace throttle {

namespace {

// One file waiting to be prepared, with what is needed to report it missing the way k6 does.
struct Pending {
    QString absPath;
    QString specifier; // as written in the importing file (the entry: the path given)
    QString importer;  // absolute path of the importing file; empty for the entry
    bool required = false;  // named by require(): a missing file fails only when require() runs
};

// Per-file cache record, stored beside the mirror (<cacheDir>/meta/<abs path>.json). The import
// list is kept so a cache hit can continue the walk without reading the output again.
struct CacheRecord {
    QString hash;
    QStringList imports;
    QStringList required;   // require("...") specifiers
};

// A file that missed the cache: transpiled with the rest of its level.
struct Miss {
    Pending item;
    QByteArray source;
    QString hash;
};

class Walk {
public:
    Walk(Transpiler &transpiler, const QString &cacheDir, TranspiledTree::Result &result)
        : m_transpiler(transpiler), m_cacheDir(cacheDir), m_result(result)
    {
    }

    bool run(const QString &entry, const QString &given);

private:
    bool visit(const Pending &item, QList<Miss> *misses);
    bool transpileMisses(const QList<Miss> &misses);
    void follow(const QStringList &imports, const QString &fromFile, bool required = false);
    void followAll(const CacheRecord &record, const QString &fromFile);
    QString hashOf(const QString &path, const QByteArray &source) const;
    QString mirrorOf(const QString &abs) const { return m_result.mirrorRoot + abs; }
    QString recordOf(const QString &abs) const { return m_cacheDir + QLatin1String("/meta") + abs + QLatin1String(".json"); }
    bool fail(TranspileError::Kind kind, const QString &file, const QString &message);

    Transpiler &m_transpiler;
    QString m_cacheDir;
    TranspiledTree::Result &m_result;
    QString m_salt;
    QSet<QString> m_seen;
    QList<Pending> m_next;
};

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
    record->required.clear();
    for (const QJsonValue &v : o.value(QLatin1String("required")).toArray())
        record->required << v.toString();
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

QByteArray recordJson(const CacheRecord &record)
{
    QJsonObject o;
    o.insert(QLatin1String("hash"), record.hash);
    o.insert(QLatin1String("imports"), QJsonArray::fromStringList(record.imports));
    o.insert(QLatin1String("required"), QJsonArray::fromStringList(record.required));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool Walk::fail(TranspileError::Kind kind, const QString &file, const QString &message)
{
    m_result.error = TranspileError{kind, file, 0, 0, message, QString()};
    return false;
}

QString Walk::hashOf(const QString &path, const QByteArray &source) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_salt.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(path.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(source);
    return QString::fromLatin1(hash.result().toHex());
}

void Walk::follow(const QStringList &imports, const QString &fromFile, bool required)
{
    for (const QString &spec : imports) {
        const QString local = TranspiledTree::resolveLocal(spec, fromFile);
        if (local.isEmpty() || m_seen.contains(local))
            continue;
        m_seen.insert(local);
        m_next.append({local, spec, fromFile, required});
    }
}

void Walk::followAll(const CacheRecord &record, const QString &fromFile)
{
    follow(record.imports, fromFile);
    follow(record.required, fromFile, true);
}

// Reads one file; a cache hit is followed at once, a miss is queued for the level's batch.
bool Walk::visit(const Pending &item, QList<Miss> *misses)
{
    QFile file(item.absPath);
    if (QFileInfo(item.absPath).isDir() || !file.open(QIODevice::ReadOnly)) {
        if (item.required)   // k6 fails a require() only when it runs (it may sit in a try block)
            return true;
        const auto kind = file.exists() ? TranspileError::Kind::Io : TranspileError::Kind::ModuleNotFound;
        return fail(kind, item.importer.isEmpty() ? item.absPath : item.importer,
                    TranspiledTree::notFoundMessage(item.specifier));
    }
    const QByteArray source = file.readAll();
    const QString hash = hashOf(item.absPath, source);
    CacheRecord record;
    const QString mirror = mirrorOf(item.absPath);
    if (readRecord(recordOf(item.absPath), &record) && record.hash == hash && QFileInfo::exists(mirror)
        && QFileInfo::exists(mirror + QLatin1String(".map"))) {
        ++m_result.cached;
        followAll(record, item.absPath);
        return true;
    }
    misses->append({item, source, hash});
    return true;
}

bool Walk::transpileMisses(const QList<Miss> &misses)
{
    QList<Transpiler::Input> inputs;
    for (const Miss &m : misses)
        inputs.append({m.item.absPath, m.source});
    QList<Transpiler::Output> outputs;
    QElapsedTimer clock;
    clock.start();
    if (!m_transpiler.transpile(inputs, &outputs, &m_result.error))
        return false;
    const qint64 transpileNs = clock.nsecsElapsed();
    for (qsizetype i = 0; i < misses.size(); ++i) {
        const QString &abs = misses[i].item.absPath;
        CacheRecord record{misses[i].hash, {}, {}};
        const QByteArray code = OutputImports::process(outputs[i].code, abs, &record.imports, &record.required);
        const QString mirror = mirrorOf(abs);
        // The record goes last: a record without its mirror and map is a miss.
        if (!writeAtomically(mirror, code) || !writeAtomically(mirror + QLatin1String(".map"), outputs[i].map)
            || !writeAtomically(recordOf(abs), recordJson(record)))
            return fail(TranspileError::Kind::Io, abs,
                        QStringLiteral("cannot write the transpiled module to %1").arg(mirror));
        ++m_result.transpiled;
        followAll(record, abs);
    }
    qCDebug(lcTranspile, "%d file(s), %lld KB: esbuild %.1f ms, imports and writing %.1f ms", int(misses.size()),
            std::accumulate(inputs.cbegin(), inputs.cend(), qint64(0), [](qint64 n, const Transpiler::Input &in) { return n + in.source.size(); }) / 1024,
            transpileNs / 1e6, (clock.nsecsElapsed() - transpileNs) / 1e6);
    return true;
}

bool Walk::run(const QString &entry, const QString &given)
{
    m_salt = m_transpiler.cacheSalt();
    if (m_salt.isEmpty()) {
        QString why;
        m_transpiler.load(&why);
        return fail(TranspileError::Kind::Internal, entry, why);
    }
    m_seen.insert(entry);
    m_next.append({entry, given, QString()});
    while (!m_next.isEmpty()) {
        const QList<Pending> level = std::exchange(m_next, {});
        QList<Miss> misses;
        for (const Pending &item : level) {
            if (!visit(item, &misses))
                return false;
        }
        if (!misses.isEmpty() && !transpileMisses(misses))
            return false;
    }
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
    Walk walk(transpiler, root, result);
    if (!walk.run(entry, entryAbsPath))
        return result;
    result.entryPath = result.mirrorRoot + entry;
    result.ok = true;
    return result;
}

} // namespace throttle
