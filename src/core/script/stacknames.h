#pragma once
// StackNames: function names in stack traces as the user wrote them. esbuild names an anonymous
// `export default function () {}` after its file (`main_default` in main.ts); k6 shows such a
// frame as `default`. Stateless; any thread.

#include <QString>

namespace throttle {

class StackNames {
public:
    // fn as V4 reported it; location the frame's (already mapped) "file:///abs/main.ts:9:3".
    static QString original(const QString &fn, const QString &location);
    // esbuild's identifier for a file's default export: "<file name without extension>_default",
    // characters that cannot be in an identifier replaced by '_'.
    static QString defaultExportName(const QString &filePath);
};

} // namespace throttle
