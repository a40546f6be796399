#pragma once
// K6Archive: k6's self-contained test bundle (`k6 archive`, k6 v1.3's lib.Archive): a tar with
// metadata.json (type, the consolidated options, the entry's URL, pwd, env, compatibilityMode,
// k6version, goos), the entry script as `data`, and every local module and open()ed file under
// its URL turned into a path (`file/home/me/lib.js`; remote modules under `https/host/path`).
// Writes archives k6 runs, reads archives k6 made, and unpacks one into a directory so that a
// run needs none of the original files. A plain value; any thread.

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace throttle {

struct K6Archive {
    QString type = QStringLiteral("js");
    QByteArray optionsJson;              // metadata.json's "options" as compact JSON, keys in k6's order
    QJsonObject options;                 // the same, parsed (nulls kept)
    QString filename;                    // the entry script's URL: "file:///home/me/test.js"
    QString pwd;                         // its directory's URL
    QMap<QString, QString> env;          // -e values (and the system's, with --include-system-env-vars)
    QString compatibilityMode = QStringLiteral("extended");
    QString k6version;
    QString goos = QStringLiteral("linux");
    QByteArray data;                     // the entry script's source
    QMap<QString, QByteArray> files;     // URL -> contents: "file:///abs/path", "https://host/path"
    qint64 mtime = 0;                    // written to every header (seconds)

    QByteArray toTar() const;
    // False with *error when `tar` is not a k6 archive (bad tar, no or bad metadata.json).
    static bool fromTar(const QByteArray &tar, K6Archive *out, QString *error);

    // Writes every file:// entry under root + its path (and the entry script) and returns the
    // entry script's path there in *entryPath. False with *error (a path leaving root, a write error).
    bool extractTo(const QString &root, QString *entryPath, QString *error) const;
    // The options as a run reads them: nulls (k6's "unset") removed.
    QJsonObject runOptions() const;
    // https:// entries: remote modules the archive carries.
    QMap<QString, QByteArray> remoteModules() const;

    // "file:///a/b.js" -> "file/a/b.js", "https://h/p.js" -> "https/h/p.js"; "" when neither.
    static QString tarPathOf(const QString &url);
};

} // namespace throttle
