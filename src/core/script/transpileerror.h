#pragma once
// TranspileError: why preparing a script's modules for the engine failed (a syntax error esbuild
// found, a missing module, esbuild itself missing, an I/O failure), as the value the transpiler
// and the tree walker hand back. toString() is what the user sees.

#include <QString>

namespace throttle {

struct TranspileError {
    enum class Kind { None, Syntax, ModuleNotFound, Io, Internal, Cancelled };

    Kind kind = Kind::None;
    QString file;      // absolute path (or name) of the file the error is in
    int line = 0;      // 1-based; 0 when the error has no position
    int column = 0;    // 0-based, as esbuild (and k6) print it in "(line:column)"
    QString message;   // e.g. "Unexpected \";\" (2:10)" or k6's moduleSpecifier message
    QString codeFrame; // the lines around the error with a "^" under the column

    // Syntax errors in k6's format: "SyntaxError: file:///abs/x.js: Unexpected \";\" (2:10)\n"
    // followed by the code frame; every other kind is just the message.
    QString toString() const;
};

} // namespace throttle
