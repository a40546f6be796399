// libFuzzer target: the script loader's import scanner (ImportScanner) on an arbitrary script.
// The input is written to a temporary file (the scanner reads files and follows local imports).
#include "core/script/importscanner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdint>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("script.js"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 0;
    f.write(reinterpret_cast<const char *>(data), qint64(size));
    f.close();
    QStringList remote;
    ImportScanner::builtinModules(path, &remote);
    return 0;
}
