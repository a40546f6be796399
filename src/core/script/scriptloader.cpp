#include "core/script/scriptloader.h"

#include "core/exitcodes.h"
#include "core/script/compiledunits.h"
#include "core/script/importscanner.h"
#include "core/script/loadcancel.h"
#include "core/script/logsink.h"
#include "core/script/remotemodules.h"
#include "core/script/sourcemapper.h"
#include "core/script/transpiledtree.h"
#include "core/script/transpiler.h"
#include "core/script/vuruntime.h"

#include <QFileInfo>

#include <algorithm>
#include <memory>

namespace throttle {

namespace {

bool evaluate(ScriptContext &ctx, LoadResult *out, bool *syntaxError)
{
    if (ctx.compiledUnits)
        ctx.compiledUnits->loadFromStore(ctx.importPath);   // a file unchanged since its last run
    VuRuntime rt(ctx, 0, RuntimeKind::OptionsPass);
    // Another thread may abandon the load: it interrupts this runtime (an init stuck in a loop).
    struct Attach {
        LoadCancel *cancel;
        ~Attach() { if (cancel) cancel->attach(nullptr); }
    } attached{ctx.cancelLoad.get()};
    if (attached.cancel)
        attached.cancel->attach(&rt);
    QString error;
    if (!rt.init(&error, syntaxError)) {
        out->exitCode = exitcodes::ScriptException;
        out->error = error;
        return false;
    }
    rt.publishCompiledUnits();
    out->exports = rt.exports();
    for (const QString &e : std::as_const(out->exports))
        if (rt.isFunctionExport(e))
            out->functionExports.append(e);
    if (!rt.exportedOptions(&out->options, &error)) {
        out->exitCode = exitcodes::GenericError;
        out->error = error;
        return false;
    }
    return true;
}

bool cancelled(const ScriptContext &ctx, LoadResult *out)
{
    if (!ctx.cancelLoad || !ctx.cancelLoad->isCancelled())
        return false;
    out->ok = false;
    out->exitCode = exitcodes::ScriptException;
    out->error = QStringLiteral("loading was cancelled");
    return true;
}

// Transpiles the script and its local imports into the cache's mirror and points ctx at it.
bool transpile(ScriptContext &ctx, const QString &cacheDir, LoadResult *out)
{
    const QString dir = cacheDir.isEmpty() ? TranspiledTree::defaultCacheDir() : cacheDir;
    Transpiler transpiler(dir, ctx.cancelLoad ? &ctx.cancelLoad->flag() : nullptr);
    const auto tree = TranspiledTree::prepare(ctx.entryPath, transpiler, dir);
    if (!tree.ok) {
        out->exitCode = exitcodes::ScriptException;
        out->error = tree.error.toString();
        return false;
    }
    ctx.importPath = tree.entryPath;
    ctx.mirrorRoot = tree.mirrorRoot;
    auto mapper = std::make_shared<SourceMapper>(tree.mirrorRoot);
    if (ctx.sourceMaps)
        mapper->copyRemoteMaps(*ctx.sourceMaps);   // those of transpiled remote modules
    ctx.sourceMaps = std::move(mapper);
    return true;
}

// k6's init phase for remote modules: fetches them (RemoteModules) and compiles each once under its
// URL for every engine of the run; one Qt 6.4 cannot parse goes through esbuild first.
bool loadRemote(ScriptContext &ctx, const QString &cache, const QStringList &remote, LoadResult *out)
{
    const std::atomic<bool> *cancel = ctx.cancelLoad ? &ctx.cancelLoad->flag() : nullptr;
    RemoteModules modules({cache + QStringLiteral("/remote"), ctx.offline, cancel});
    const bool ok = modules.load(remote);
    for (const QString &w : modules.warnings()) {
        out->warnings << w;
        if (ctx.log)
            ctx.log->log(LogLevel::Warning, w);
    }
    if (!ok) {
        out->exitCode = exitcodes::ScriptException;
        out->error = modules.error();
        return false;
    }
    ctx.builtinModules.unite(modules.builtins());
    for (const RemoteModule &m : modules.modules())
        out->remoteModules.insert(m.url, m.source);
    if (!ctx.compiledUnits)   // QML_DISABLE_DISK_CACHE: share the remote modules only
        ctx.compiledUnits = std::make_shared<CompiledUnits>(QString(), false);
    std::unique_ptr<Transpiler> transpiler;   // started only when a module needs it
    auto maps = std::make_shared<SourceMapper>(QString());
    for (const RemoteModule &m : modules.modules()) {
        bool syntaxError = false;
        if (ctx.compiledUnits->addSource(m.url, m.source, &out->error, &syntaxError))
            continue;
        if (syntaxError) {
            if (!transpiler)
                transpiler = std::make_unique<Transpiler>(cache, cancel);
            QString code;
            QByteArray map;
            TranspileError error;
            if (!transpiler->transpile(m.source, m.url, &code, &error, &map)) {
                out->error = error.toString();
            } else if (ctx.compiledUnits->addSource(m.url, code, &out->error, &syntaxError)) {
                maps->addRemoteMap(m.url, map);   // errors name the module's own lines
                continue;
            }
        }
        out->exitCode = exitcodes::ScriptException;
        return false;
    }
    out->error.clear();
    if (maps->hasRemoteMaps())
        ctx.sourceMaps = std::move(maps);
    return true;
}

} // namespace

LoadResult ScriptLoader::load(ScriptContext &ctx, const QString &cacheDir)
{
    LoadResult out;
    const QFileInfo info(ctx.entryPath);
    if (!info.exists() || info.isDir()) {
        out.exitCode = exitcodes::ScriptException;
        out.error = QStringLiteral("The moduleSpecifier \"%1\" couldn't be found on local disk. Make sure that "
                                   "you've specified the right path to the file.").arg(ctx.entryPath);
        return out;
    }
    ctx.entryPath = info.absoluteFilePath();
    ctx.importPath = ctx.entryPath;
    ctx.mirrorRoot.clear();
    ctx.sourceMaps.reset();
    // The options pass compiles each module once; every VU engine then instantiates that unit.
    // Units are also kept on disk beside the transpile cache, for the next run of unchanged files.
    const QString cache = cacheDir.isEmpty() ? TranspiledTree::defaultCacheDir() : cacheDir;
    ctx.compiledUnits = CompiledUnits::enabled()
        ? std::make_shared<CompiledUnits>(cache + QStringLiteral("/units"))
        : nullptr;
    QStringList remote;
    QStringList localFiles;
    ctx.builtinModules = ImportScanner::builtinModules(ctx.entryPath, &remote, &localFiles);
    if (!remote.isEmpty() && !loadRemote(ctx, cache, remote, &out))
        return out;
    const QStringList provided = VuRuntime::builtinModuleNames();
    static const QStringList known{QStringLiteral("k6/crypto/x509"), QStringLiteral("k6/ws"), QStringLiteral("k6/net/grpc")};
    for (const QString &m : std::as_const(ctx.builtinModules)) {
        if (provided.contains(m))
            continue;
        out.exitCode = exitcodes::ScriptException;
        if (m == QLatin1String("k6/experimental/webcrypto")) {   // k6 v1's own refusal
            out.error = QStringLiteral("k6/experimental/webcrypto has been graduated and it's now globally available as "
                                       "defined by standard WebAPIs. You just need to remove the import.");
            return out;
        }
        out.error = known.contains(m) || m.startsWith(QLatin1String("k6/experimental/"))
            ? QStringLiteral("the module %1 is not supported by this version of Throttle").arg(m)
            : QStringLiteral("unknown module: %1").arg(m);
        return out;
    }
    // k6 is always there: bootstrap code and other modules may need it.
    ctx.builtinModules.insert(QStringLiteral("k6"));

    // TypeScript always goes through esbuild; JavaScript only when Qt 6.4's engine rejects its
    // syntax (a plain script then costs nothing extra).
    const bool typeScript = std::any_of(localFiles.cbegin(), localFiles.cend(), Transpiler::isTypeScript);
    // A file that failed so before is not parsed in vain again (CompiledUnits remembers it).
    bool syntaxError = typeScript || (ctx.compiledUnits && ctx.compiledUnits->knownSyntaxError(ctx.entryPath));
    if (syntaxError || !evaluate(ctx, &out, &syntaxError)) {
        if (cancelled(ctx, &out) || !syntaxError)
            return out;
        if (ctx.compiledUnits && !typeScript)
            ctx.compiledUnits->rememberSyntaxError(ctx.entryPath);
        const QStringList warnings = out.warnings;
        const QMap<QString, QString> fetched = out.remoteModules;
        out = LoadResult();
        out.warnings = warnings;
        out.remoteModules = fetched;
        if (!transpile(ctx, cacheDir, &out) || cancelled(ctx, &out))
            return out;
        out.transpiled = true;
        if (!evaluate(ctx, &out, &syntaxError))
            return out;
    }
    if (cancelled(ctx, &out))
        return out;
    if (out.functionExports.isEmpty()) {
        out.exitCode = exitcodes::GenericError;
        out.error = QStringLiteral("no exported functions in script");
        return out;
    }
    for (const char *special : {"setup", "teardown"}) {
        const QString s = QString::fromLatin1(special);
        if (out.exports.contains(s) && !out.functionExports.contains(s)) {
            out.exitCode = exitcodes::GenericError;
            out.error = QStringLiteral("exported '%1' must be a function").arg(s);
            return out;
        }
    }
    ctx.functionExports = out.functionExports;
    out.localFiles = localFiles;
    out.ok = true;
    return out;
}

} // namespace throttle
