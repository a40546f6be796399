#pragma once
// SourceMapper: turns locations in transpiled modules back into the user's files. The transpiled
// tree mirrors every module at <mirrorRoot>/<original absolute path>, with esbuild's source map
// beside it (<mirror>.map); a location "file://<mirrorRoot>/abs/x.ts:12" becomes
// "file:///abs/x.ts:9:5" (original line and 1-based column, as k6 prints stack traces). Maps are
// read from disk on first use and kept. Remote modules that went through esbuild have their maps
// added by URL (addRemoteMap, before the mapper is shared): "https://host/x.js:55" becomes
// "https://host/x.js:6:9". One per run, shared by every VU runtime: thread-safe.

#include "core/script/sourcemap.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace throttle {

class SourceMapper {
public:
    explicit SourceMapper(QString mirrorRoot);

    const QString &mirrorRoot() const { return m_root; }

    struct Location {
        QString file;       // original absolute path ("" = not a mirrored file)
        int line = 0;       // 1-based; 0 = no position could be mapped
        int column = 0;     // 0-based
    };
    // fileUrlOrPath is a mirrored module ("file:///<root>/abs/x.js" or "<root>/abs/x.js"); line
    // 1-based, column 0-based or -1 when unknown (V4 stack traces have none).
    Location map(const QString &fileUrlOrPath, int line, int column = -1) const;

    // "file:///abs/x.js:9:5" (1-based column, as k6 prints stack traces); without a mapped line
    // just the file URL.
    static QString formatLocation(const Location &l);

    // Every "file://<root>/...:line" (or the bare path) and every "<remote URL>:line" in text
    // rewritten to its original location; other text comes back unchanged.
    QString rewrite(const QString &text) const;

    // The source map of a transpiled remote module (before the mapper is shared).
    void addRemoteMap(const QString &url, const QByteArray &json);
    void copyRemoteMaps(const SourceMapper &other);
    bool hasRemoteMaps() const { return !m_remote.isEmpty(); }

private:
    QString rewriteMirrored(const QString &text) const;
    QString rewriteRemote(const QString &text) const;

    std::shared_ptr<const SourceMap> mapFor(const QString &mirrorPath) const;

    QString m_root;
    mutable QMutex m_mutex;
    mutable QHash<QString, std::shared_ptr<const SourceMap>> m_maps;   // null entry: no usable map
    QHash<QString, std::shared_ptr<const SourceMap>> m_remote;       // remote module URL -> map
};

} // namespace throttle
