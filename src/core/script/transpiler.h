#pragma once
// Transpiler: turns k6 scripts (JavaScript of any modern edition, or TypeScript) into the dialect
// Qt 6.4's engine parses, with esbuild (the Debian package's native binary) in service mode: one
// child process, started on the first transpile() and kept for this object's life, takes whole
// batches of files. Every module stays its own ES module (no bundling: open() and
// import.meta.resolve keep working relative to each file), and k6, k6/* and remote imports are
// left as written. What esbuild lowers for the engine (target ES2016, optional chaining and ??
// kept native): async/await, object spread and rest, class fields, private members, static
// blocks, optional catch binding, numeric separators, logical assignment, for await, regex
// literals the engine rejects (into new RegExp(), which polyfills.mjs completes); TypeScript
// types are stripped. import.meta becomes a per-module object with k6's resolve(). Calls in tail
// position are moved out of it (TailCallGuard: a Qt 6.4 bug). Source maps come back with the code
// (lines are not kept: SourceMapper maps positions back).
// Not thread-safe: create, use and destroy on one thread; `cancel` may be set from any thread.

#include "core/script/transpileerror.h"

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

namespace throttle {

Q_DECLARE_LOGGING_CATEGORY(lcTranspile)

class EsbuildService;
struct EsbuildExecutable;

class Transpiler {
public:
    // cacheDir: where the esbuild version is remembered (see EsbuildExecutable); may be empty.
    explicit Transpiler(QString cacheDir = QString(), const std::atomic<bool> *cancel = nullptr);
    ~Transpiler();
    Transpiler(const Transpiler &) = delete;
    Transpiler &operator=(const Transpiler &) = delete;

    struct Input {
        QString path;        // absolute: names the file in errors and source maps
        QByteArray source;
    };
    struct Output {
        QByteArray code;
        QByteArray map;      // source map JSON; its one source is the input's path
    };

    // Transforms every input in one batch. False with *error (the first file's first syntax
    // error, a missing esbuild, a cancelled batch); *outputs then holds nothing useful.
    bool transpile(const QList<Input> &inputs, QList<Output> *outputs, TranspileError *error);
    // One file (tests, tools).
    bool transpile(const QString &source, const QString &fileName, QString *code, TranspileError *error,
                   QByteArray *map = nullptr);

    // Finds esbuild and its version now (transpile() does it on demand). False with *errorMessage
    // (EsbuildExecutable::missingMessage) when it is not there.
    bool load(QString *errorMessage = nullptr);
    // Whether an esbuild process was started (a run that hits the cache everywhere starts none).
    bool isStarted() const;

    // Changes whenever the output for the same input could change: esbuild's version, the flags
    // below, the format of what Throttle stores. Needs load(); empty when that failed.
    QString cacheSalt();

    // esbuild's flags for one file (public for the cache salt and for tests).
    static QStringList flags(const QString &path, bool usesImportMeta);
    // Whether the file is TypeScript (by extension, as k6 decides).
    static bool isTypeScript(const QString &path);

private:
    QString m_cacheDir;
    const std::atomic<bool> *m_cancel;
    std::unique_ptr<EsbuildExecutable> m_executable;
    QString m_loadError;
    std::unique_ptr<EsbuildService> m_service;
};

} // namespace throttle
