#include "core/script/scriptloader.h"

#include "core/exitcodes.h"
#include "core/script/compiledunits.h"
#include "core/script/importscanner.h"
#include "core/script/loadcancel.h"
#include "core/script/sourcemapper.h"
#include "core/script/transpiledtree.h"
#include "core/script/transpiler.h"
#include "core/script/vuruntime.h"

#include <QFileInfo>

#include <algorithm>
#include <QUrl>

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
    ctx.sourceMaps = std::make_shared<SourceMapper>(tree.mirrorRoot);
    return true;
}

// Throttle has no internet access by design: remote modules are refused, never fetched.
QString remoteModuleError(const QString &spec)
{
    if (spec.startsWith(QLatin1String("http://")))
        return QStringLiteral("only supported schemes for imports are file and https, %1 has `http`").arg(spec);
    QString url = spec;
    if (!url.startsWith(QLatin1String("https://")))
        url.prepend(QLatin1String("https://"));
    return QStringLiteral("The moduleSpecifier \"%1\" couldn't be retrieved from the resolved url \"%2\". Error : "
                          "\"remote modules are not fetched: Throttle runs without internet access; download %2, "
                          "put it next to your script and import it by a relative path (e.g. \"./%3\")\"")
        .arg(spec, url, QUrl(url).fileName().isEmpty() ? QStringLiteral("module.js") : QUrl(url).fileName());
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
    if (!remote.isEmpty()) {
        out.exitCode = exitcodes::ScriptException;
        out.error = remoteModuleError(remote.first());
        return out;
    }
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
        out = LoadResult();
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
    out.ok = true;
    return out;
}

} // namespace throttle
