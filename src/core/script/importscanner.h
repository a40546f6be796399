#pragma once
// ImportScanner: which built-in modules (k6, k6/http, ...) a script and its local imports use.
// VUs then load only those (each built-in module costs memory in every VU engine), and a script
// that names a k6 module Throttle lacks fails at load time with a clear message instead of a
// module-resolution error deep inside a VU. Reads the original sources; plain text scan.

#include <QSet>
#include <QString>
#include <QStringList>

namespace throttle {

class ImportScanner {
public:
    // Specifiers starting with "k6" found in entryPath and the local files it imports; remote
    // specifiers (http(s)://, github.com/..., cdnjs.com/...) outside line comments go to *remote;
    // the local files that exist (the entry first) go to *localFiles.
    static QSet<QString> builtinModules(const QString &entryPath, QStringList *remote = nullptr,
                                        QStringList *localFiles = nullptr);
    // The import specifiers of one module's source, in order, each once, outside line comments
    // (for remote modules, whose imports are fetched before anything runs).
    static QStringList specifiers(const QString &source);
};

} // namespace throttle
