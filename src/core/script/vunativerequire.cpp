// VuNative::requireModule: CommonJS require() in the init context (script-api.md §1.6). Built-in
// k6 modules come back as their namespace; a local file is loaded from its transpiled copy (so
// modern syntax works as in an import): an ES module as its namespace, a CommonJS file as its
// module.exports; once per VU, cached by path. Without a transpiled copy a CommonJS file runs in
// a (module, exports, require) wrapper.
// Relative paths resolve against the requiring file (the entry script at the top level).

#include "core/script/vunative.h"

#include "core/script/vuruntime.h"

#include <QDir>
#include <QFileInfo>
#include <QJSEngine>
#include <QRegularExpression>

namespace throttle {

QJSValue VuNative::importBuiltin(const QString &spec)
{
    const QString resource = VuRuntime::builtinModuleResource(spec);
    if (resource.isEmpty()) {
        throwError(QStringLiteral("unknown module: %1").arg(spec));
        return {};
    }
    // The engine keeps imported modules by URL: a second import returns the same namespace.
    const QJSValue ns = m_rt.m_engine->importModule(resource);
    if (m_rt.m_engine->hasError())
        return {};   // left pending: it surfaces as the calling function's exception
    return ns;
}

QJSValue VuNative::importInternal(const QString &name)
{
    if (name != QLatin1String("webcrypto") && name != QLatin1String("htmlurl")) {
        throwError(QStringLiteral("unknown module: %1").arg(name));
        return {};
    }
    const QJSValue ns = m_rt.m_engine->importModule(QStringLiteral(":/qt/qml/Throttle/K6/%1.mjs").arg(name));
    if (m_rt.m_engine->hasError())
        return {};
    return ns;
}

QJSValue VuNative::requireModule(const QString &spec)
{
    QJSEngine &engine = *m_rt.m_engine;
    if (!inInit) {
        throwError(QStringLiteral("the \"require\" function is only available in the init stage (i.e. the "
                                  "global scope), see https://grafana.com/docs/k6/latest/using-k6/"
                                  "test-lifecycle/ for more information"));
        return {};
    }
    if (spec == QLatin1String("k6") || spec.startsWith(QLatin1String("k6/")))
        return importBuiltin(spec);
    QString path = spec;
    if (path.startsWith(QLatin1String("file://")))
        path = path.mid(7);
    if (!path.startsWith(QLatin1Char('.')) && !path.startsWith(QLatin1Char('/'))) {
        throwError(QStringLiteral("The moduleSpecifier \"%1\" couldn't be recognised as something k6 supports.").arg(spec));
        return {};
    }
    const QString base = m_requireDirs.isEmpty() ? QFileInfo(m_rt.m_ctx.entryPath).absolutePath() : m_requireDirs.last();
    const QString abs = QDir::cleanPath(QFileInfo(path).isAbsolute() ? path : base + QLatin1Char('/') + path);
    const auto cached = m_required.constFind(abs);
    if (cached != m_required.cend())
        return *cached;
    QByteArray data;
    QString error;
    if (!QFileInfo(abs).isFile() || !m_rt.m_ctx.files->read(abs, &data, &error)) {
        throwError(QStringLiteral("The moduleSpecifier \"%1\" couldn't be found on local disk. Make sure that you've "
                                  "specified the right path to the file.").arg(spec));
        return {};
    }
    const QString source = QString::fromUtf8(data);
    static const QRegularExpression esm(QStringLiteral(R"((^|\n)\s*(export|import)\s)"));
    const bool isEsm = esm.match(source).hasMatch();
    // The transpiled copy (TranspiledTree mirrors every file a require() names): esbuild turned a
    // CommonJS file into a module whose default export is its module.exports.
    const QString mirror = m_rt.m_ctx.mirrorRoot + abs;
    const bool transpiled = !m_rt.m_ctx.mirrorRoot.isEmpty() && QFileInfo::exists(mirror);
    if (isEsm || transpiled) {
        m_requireDirs.append(QFileInfo(abs).absolutePath());   // its own require()s resolve from there
        const QJSValue ns = engine.importModule(transpiled ? mirror : abs);
        m_requireDirs.removeLast();
        if (ns.isError()) {
            engine.throwError(ns);
            return {};
        }
        QJSValue value = ns;
        if (!isEsm) {   // CommonJS: what it assigned to module.exports ({} if it never touched it)
            value = ns.property(QStringLiteral("default"));
            if (value.isUndefined())
                value = engine.newObject();
        }
        m_required.insert(abs, value);
        return value;
    }
    // The wrapper opens on the file's first line, so line numbers in errors stay right.
    const QJSValue fn = engine.evaluate(QStringLiteral("(function (module, exports, require) {") + source +
                                            QStringLiteral("\n})"),
                                        QUrl::fromLocalFile(abs).toString());
    if (fn.isError()) {
        engine.throwError(fn);
        return {};
    }
    QJSValue module = engine.newObject();
    module.setProperty(QStringLiteral("exports"), engine.newObject());
    m_requireDirs.append(QFileInfo(abs).absolutePath());
    const QJSValue result = fn.call({module, module.property(QStringLiteral("exports")),
                                     engine.globalObject().property(QStringLiteral("require"))});
    m_requireDirs.removeLast();
    if (result.isError()) {
        engine.throwError(result);
        return {};
    }
    const QJSValue exports = module.property(QStringLiteral("exports"));
    m_required.insert(abs, exports);
    return exports;
}

} // namespace throttle
