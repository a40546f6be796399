#pragma once
// Transpiler: owns a QJSEngine with Babel standalone loaded into it (lazily, on the first
// transpile(), ~0.6 s) and turns k6 script source into the JavaScript dialect Qt 6.4's engine
// accepts: only the syntax the engine lacks is transformed, ES module syntax is kept, lines are
// retained and Babel's helpers are inlined, so each output is a self-contained ES module.
// Not thread-safe: create it, use it and destroy it on one thread (the QJSEngine is bound to it).
// TranspileError is the value describing why a transpile (or a tree walk) failed.

#include <QJSValue>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <memory>

class QJSEngine;

namespace throttle {

Q_DECLARE_LOGGING_CATEGORY(lcTranspile)

struct TranspileError {
    enum class Kind { None, Syntax, ModuleNotFound, Io, Internal };

    Kind kind = Kind::None;
    QString file;      // absolute path (or name) of the file the error is in
    int line = 0;      // 1-based; 0 when the error has no position
    int column = 0;    // 0-based, as Babel and k6 print it in "(line:column)"
    QString message;   // e.g. "Unexpected token (1:37)" or k6's moduleSpecifier message
    QString codeFrame; // Babel's code frame without colours ("> 1 | ..." and a "^" line)

    // Syntax errors in k6's format: "SyntaxError: file:///abs/x.js: Unexpected token (1:37)\n"
    // followed by the code frame; every other kind is just the message.
    QString toString() const;
};

class Transpiler {
public:
    Transpiler();
    ~Transpiler();
    Transpiler(const Transpiler &) = delete;
    Transpiler &operator=(const Transpiler &) = delete;

    // Transforms one module. fileName should be the absolute path: it names the file in errors
    // and lets absolute import specifiers be rewritten relative to it (so they still resolve
    // when the output is mirrored elsewhere). importSpecifiers receives the original source
    // strings of every import, export-from and import("literal"), in source order.
    // Returns false and fills *error on a syntax error (or if Babel could not be loaded).
    bool transpile(const QString &source, const QString &fileName, QString *code,
                   QStringList *importSpecifiers, TranspileError *error);

    // Loads Babel now (transpile() does it on demand). False if the embedded scripts failed.
    bool load(QString *errorMessage = nullptr);
    bool isLoaded() const { return m_transform.isCallable(); }

    // Changes whenever the output for the same input could change (Babel version, our driver
    // script); TranspiledTree mixes it into its cache keys.
    static QString versionSalt();

private:
    bool evaluateResource(const QString &path, QString *errorMessage);

    std::unique_ptr<QJSEngine> m_engine;
    QJSValue m_transform;
};

} // namespace throttle
