#include "core/script/polyfills.h"

#include "core/script/transpiler.h"

#include <QJSEngine>

namespace throttle {

QString Polyfills::modulePath()
{
    return QStringLiteral(":/qt/qml/Throttle/Transpile/polyfills.mjs");
}

bool Polyfills::install(QJSEngine &engine)
{
    if (engine.isInterrupted())
        return false;   // its load is being cancelled: nothing runs in this engine any more
    // importModule finds the compilation unit qmlcachegen linked in for this qrc URL, so this is
    // instantiation and execution only; a second import in the same engine is a cache lookup.
    const QJSValue ns = engine.importModule(modulePath());
    if (engine.hasError()) {
        qCCritical(lcTranspile) << "polyfills failed:" << engine.catchError().toString();
        return false;
    }
    if (!ns.property(QStringLiteral("installed")).toBool()) {
        qCCritical(lcTranspile) << "polyfills module missing from resources:" << modulePath();
        return false;
    }
    return true;
}

} // namespace throttle
