#include "core/archive/k6archive.h"

#include "core/archive/k6optionsjson.h"
#include "core/archive/tarfile.h"
#include "core/output/jsonwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QUrl>

namespace throttle {

namespace {

const QString kMetadata = QStringLiteral("metadata.json");
const QString kData = QStringLiteral("data");

QByteArray metadata(const K6Archive &a)
{
    JsonWriter w(2);
    w.beginObject();
    w.key(QStringLiteral("type"));
    w.value(a.type);
    w.key(QStringLiteral("options"));
    w.raw(a.optionsJson.isEmpty() ? QByteArrayLiteral("{}") : a.optionsJson);
    w.key(QStringLiteral("filename"));
    w.value(a.filename);
    w.key(QStringLiteral("pwd"));
    w.value(a.pwd);
    w.key(QStringLiteral("env"));
    w.beginObject();
    for (auto it = a.env.cbegin(); it != a.env.cend(); ++it) {
        w.key(it.key());
        w.value(it.value());
    }
    w.endObject();
    w.key(QStringLiteral("compatibilityMode"));
    w.value(a.compatibilityMode);
    w.key(QStringLiteral("k6version"));
    w.value(a.k6version);
    w.key(QStringLiteral("goos"));
    w.value(a.goos);
    w.endObject();
    return w.text() + '\n';
}

QString urlOfTarPath(const QString &path)
{
    if (path.startsWith(QLatin1String("file/")))
        return QUrl::fromLocalFile(path.mid(4)).toString();
    if (path.startsWith(QLatin1String("https/")))
        return QStringLiteral("https://") + path.mid(6);
    return {};
}

bool readMetadata(const QByteArray &json, K6Archive *a, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (!doc.isObject()) {
        *error = QStringLiteral("invalid metadata.json in the archive: %1").arg(pe.errorString());
        return false;
    }
    const QJsonObject m = doc.object();
    a->type = m.value(QLatin1String("type")).toString();
    a->options = m.value(QLatin1String("options")).toObject();
    a->optionsJson = QJsonDocument(a->options).toJson(QJsonDocument::Compact);
    a->filename = m.value(QLatin1String("filename")).toString();
    a->pwd = m.value(QLatin1String("pwd")).toString();
    a->compatibilityMode = m.value(QLatin1String("compatibilityMode")).toString();
    a->k6version = m.value(QLatin1String("k6version")).toString();
    a->goos = m.value(QLatin1String("goos")).toString();
    const QJsonObject env = m.value(QLatin1String("env")).toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        a->env.insert(it.key(), it.value().toString());
    if (a->type != QLatin1String("js")) {
        *error = QStringLiteral("expected bundle type 'js', got '%1'").arg(a->type);
        return false;
    }
    if (!QUrl(a->filename).isLocalFile()) {
        *error = QStringLiteral("the archive's entry script \"%1\" is not a file:// URL").arg(a->filename);
        return false;
    }
    return true;
}

} // namespace

QString K6Archive::tarPathOf(const QString &url)
{
    const QUrl u(url);
    if (u.isLocalFile())
        return QStringLiteral("file") + QDir::cleanPath(u.toLocalFile());
    if (u.scheme() == QLatin1String("https"))
        return QStringLiteral("https/") + u.host() + u.path();
    return {};
}

QByteArray K6Archive::toTar() const
{
    const QString entryPath = tarPathOf(filename);
    QStringList paths;
    QMap<QString, QByteArray> byPath;
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString p = tarPathOf(it.key());
        if (!p.isEmpty() && p != entryPath)
            byPath.insert(p, it.value());
    }
    QSet<QString> dirSet;
    for (const QString &p : byPath.keys() + QStringList{entryPath})
        for (QString d = QFileInfo(p).path(); d != QLatin1String(".") && !d.isEmpty(); d = QFileInfo(d).path())
            dirSet.insert(d);
    QStringList dirs(dirSet.cbegin(), dirSet.cend());
    dirs.sort();

    QList<TarEntry> entries;
    entries.append({kMetadata, TarEntry::Type::File, metadata(*this), {}, 0644, mtime});
    entries.append({kData, TarEntry::Type::File, data, {}, 0644, mtime});
    for (const QString &d : std::as_const(dirs))
        entries.append({d, TarEntry::Type::Directory, {}, {}, 0755, mtime});
    // As k6: files in name order, the entry script among them as a hard link to `data`, with no
    // mode or time of its own.
    byPath.insert(entryPath, {});
    for (auto it = byPath.cbegin(); it != byPath.cend(); ++it) {
        if (it.key() == entryPath)
            entries.append({entryPath, TarEntry::Type::HardLink, {}, kData, 0, 0});
        else
            entries.append({it.key(), TarEntry::Type::File, it.value(), {}, 0644, mtime});
    }
    return TarFile::write(entries);
}

bool K6Archive::fromTar(const QByteArray &tar, K6Archive *out, QString *error)
{
    QList<TarEntry> entries;
    if (!TarFile::read(tar, &entries, error))
        return false;
    K6Archive a;
    bool haveMetadata = false;
    QMap<QString, QByteArray> byName;
    for (const TarEntry &e : std::as_const(entries)) {
        if (e.type == TarEntry::Type::File)
            byName.insert(e.name, e.data);
        else if (e.type == TarEntry::Type::HardLink)
            byName.insert(e.name, byName.value(e.linkName));
        else
            continue;
        if (e.name == kMetadata) {
            if (!readMetadata(e.data, &a, error))
                return false;
            haveMetadata = true;
        }
    }
    if (!haveMetadata) {
        *error = QStringLiteral("the archive has no metadata.json: not a k6 archive");
        return false;
    }
    a.data = byName.value(kData);
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        const QString url = urlOfTarPath(it.key());
        if (!url.isEmpty())
            a.files.insert(url, it.value());
    }
    *out = std::move(a);
    return true;
}

bool K6Archive::extractTo(const QString &root, QString *entryPath, QString *error) const
{
    QMap<QString, QByteArray> local;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        if (QUrl(it.key()).isLocalFile())
            local.insert(QUrl(it.key()).toLocalFile(), it.value());
    const QString entry = QUrl(filename).toLocalFile();
    local.insert(entry, data);
    for (auto it = local.cbegin(); it != local.cend(); ++it) {
        const QString clean = QDir::cleanPath(QLatin1Char('/') + it.key());
        if (clean.split(QLatin1Char('/')).contains(QLatin1String(".."))) {
            *error = QStringLiteral("the archive's path \"%1\" leaves the archive").arg(it.key());
            return false;
        }
        const QString target = root + clean;
        QSaveFile f(target);
        if (!QDir().mkpath(QFileInfo(target).path()) || !f.open(QIODevice::WriteOnly) || f.write(it.value()) != it.value().size() ||
            !f.commit()) {
            *error = QStringLiteral("cannot unpack %1: %2").arg(target, f.errorString());
            return false;
        }
    }
    *entryPath = root + QDir::cleanPath(QLatin1Char('/') + entry);
    return true;
}

QJsonObject K6Archive::runOptions() const
{
    return K6OptionsJson::withoutNulls(options);
}

QMap<QString, QByteArray> K6Archive::remoteModules() const
{
    QMap<QString, QByteArray> out;
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        if (it.key().startsWith(QLatin1String("https://")))
            out.insert(it.key(), it.value());
    return out;
}

} // namespace throttle
