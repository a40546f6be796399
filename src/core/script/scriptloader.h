#pragma once
// ScriptLoader: loads the entry script once (k6's options pass, __VU = 0) on the calling thread:
// fetches its remote modules first (RemoteModules; each compiled once into ctx.compiledUnits),
// evaluates the script as it is, and only when Qt's engine rejects the syntax transpiles the
// script and its local imports (TranspiledTree) and evaluates the result. Fills the ScriptContext that every
// VU then uses, and reports the exported options and functions.

#include "core/script/scriptcontext.h"

#include <QJsonObject>
#include <QStringList>

namespace throttle {

struct LoadResult {
    bool ok = false;
    int exitCode = 0;        // 107 script error, 255 fatal option error
    QString error;
    QJsonObject options;     // the script's exported options (JSON round-trip)
    QStringList exports;     // exported names
    QStringList functionExports;
    bool transpiled = false;
    QStringList warnings;    // also logged to ctx.log (e.g. a remote module taken from the cache)
    QStringList localFiles;  // the entry script and the local modules it imports (original paths)
    QMap<QString, QString> remoteModules;   // URL as imported -> source, as fetched
};

class ScriptLoader {
public:
    // ctx.entryPath, env, metrics and log must be set; fills ctx.importPath and ctx.mirrorRoot.
    static LoadResult load(ScriptContext &ctx, const QString &cacheDir = QString());
};

} // namespace throttle
