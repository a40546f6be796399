#pragma once
// Polyfills: installs the ES2019-ES2022 built-ins Qt 6.4's engine lacks (Object.fromEntries,
// Object.hasOwn, Array.prototype.flat/flatMap/at/findLast, String.prototype.replaceAll/at/
// matchAll/trimStart, globalThis and k6's `global`, Promise.allSettled/any/finally, ...) from
// resources/js/polyfills.mjs. That module is compiled to bytecode at build time (qmlcachegen)
// and embedded, so no engine ever parses it: the process holds one read-only compiled unit.
// Stateless; install() runs on the thread that owns the engine.

#include <QString>

class QJSEngine;

namespace throttle {

class Polyfills {
public:
    // Imports the polyfill module into the engine (~0.3 ms), which patches its global object.
    // Idempotent per engine. Returns false (and logs) only if the embedded module failed,
    // which would be a build defect.
    static bool install(QJSEngine &engine);

    // Where the compiled module lives in the resources.
    static QString modulePath();
};

} // namespace throttle
