#pragma once
// EsbuildExecutable: where the esbuild binary is (THROTTLE_ESBUILD, else `esbuild` on PATH) and
// its version. The version names the service protocol (`--service=<version>` must match the
// binary) and is part of the transpile cache key, so a new esbuild invalidates cached output.
// Asking the binary costs a process start, so the answer is remembered in the process and in
// <cacheDir>/esbuild-version.json, keyed by the binary's path, size and modification time.
// find() is thread-safe.

#include <QString>

#include <optional>

namespace throttle {

class EsbuildExecutable {
public:
    QString path;
    QString version;   // "0.17.0"

    // nullopt and *error (missingMessage() or why the binary did not answer) when unusable.
    static std::optional<EsbuildExecutable> find(const QString &cacheDir, QString *error);

    // The one error a user sees when the binary is missing: names the Debian package.
    static QString missingMessage(const QString &tried);
};

} // namespace throttle
