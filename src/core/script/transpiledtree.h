#pragma once
// TranspiledTree: prepares a k6 script for the VU engines. Walks the entry file and, through the
// imports of its transpiled output, every local module it reaches; transpiles them in batches
// (one batch per level of the import graph, all through the same esbuild process) and writes the
// results into a cache directory that mirrors the absolute paths (<cacheDir>/tree/<abs path>,
// source map beside it as <mirror>.map), so relative imports between the mirrored files resolve
// exactly as between the originals. A file whose content hash (sha256 of the transpiler's cache
// salt — esbuild's version and flags —, its path and its source) matches the cached one is not
// transformed again, and when every file hits, no esbuild process is started.
// Stateless; prepare() runs on the caller's thread (the Transpiler must belong to it).

#include "core/script/transpiler.h"

#include <QString>

namespace throttle {

class TranspiledTree {
public:
    struct Result {
        bool ok = false;
        QString entryPath;   // the mirrored entry file, to pass to QJSEngine::importModule
        QString mirrorRoot;  // "<cacheDir>/tree": strip it from file names in runtime errors
        TranspileError error;
        int transpiled = 0;  // files run through esbuild in this call
        int cached = 0;      // files whose cached output was reused
    };

    static Result prepare(const QString &entryAbsPath, Transpiler &transpiler, const QString &cacheDir);

    // $XDG_CACHE_HOME/throttle/js, else the generic cache location + /throttle/js.
    static QString defaultCacheDir();

    // The k6 message for a local module that does not exist.
    static QString notFoundMessage(const QString &specifier);

    // Absolute path for a local specifier ("./x.js", "../x.js", "/x.js", "file:///x.js")
    // imported from fromFile; empty for anything else (bare names, k6/..., https://...).
    static QString resolveLocal(const QString &specifier, const QString &fromFile);
};

} // namespace throttle
