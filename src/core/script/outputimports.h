#pragma once
// OutputImports: the module specifiers of one transpiled module, read from esbuild's output (one
// import or export-from statement per line, double-quoted, plus import("...") calls), and the
// same output with absolute local specifiers ("/abs/x.js", "file:///abs/x.js") rewritten relative
// to the module's own directory, so that the mirrored copy imports mirrored copies rather than
// the untranspiled originals. CommonJS require("...") calls are listed apart and left as written:
// require() resolves them at run time against the original's directory (VuNative::requireModule).
// Stateless; any thread.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace throttle {

class OutputImports {
public:
    // fileName: the module's original absolute path. *specifiers gets the import specifiers as
    // written, *required (if given) the specifiers of require("...") calls.
    static QByteArray process(const QByteArray &code, const QString &fileName, QStringList *specifiers,
                              QStringList *required = nullptr);

    // "../lib/a.js" for "/w/lib/a.js" imported from a file in "/w/s" (POSIX, both absolute).
    static QString relativeSpecifier(const QString &fromDir, const QString &to);
};

} // namespace throttle
