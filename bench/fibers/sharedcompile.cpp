// fiber_compile: one compile of a script for every VU engine (docs/vu-engine.md §5), measured.
// Modes (each on one thread, engines kept alive so their memory adds up):
//   source  — every engine importModule()s the file and compiles it itself (today's way)
//   shared  — the first engine compiles it; its compilation unit (V4 bytecode, a flat,
//             position-independent blob) is copied once into memory marked StaticData and
//             served to every later engine by a QQmlPrivate unit-cache hook, the very path
//             qmlcachegen's ahead-of-time units take; an engine then only instantiates it
//   aot-binary, aot-files — the built-in k6 modules from the binary (qmlcachegen) or the same
//             sources imported from files: shows whether importModule() picks up the AOT units
// Usage: fiber_compile --mode source|shared|aot-binary|aot-files [--vus N] [--script FILE.mjs]
// Needs Qt's private headers (qt6-declarative-private-dev) for the one compile: see the doc.
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QMutex>
#include <QUrl>

#include <QtQml/qqmlprivate.h>
#include <private/qv4compileddata_p.h>
#include <private/qv4engine_p.h>
#include <private/qv4executablecompilationunit_p.h>
#include <private/qv4mm_p.h>

#include <malloc.h>

#include "procstats.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

using throttle::bench::statusKiB;

// The process-wide table the hook serves: URL -> a unit compiled once. Units stay for the
// process's life (a run registers one per script file; a real cache would drop them at run end).
struct SharedUnits {
    QMutex mutex;
    QHash<QString, std::shared_ptr<QByteArray>> blobs;
    QHash<QString, std::shared_ptr<QQmlPrivate::CachedQmlUnit>> units;
};
SharedUnits &shared()
{
    static SharedUnits s;
    return s;
}

const QQmlPrivate::CachedQmlUnit *lookupShared(const QUrl &url)
{
    SharedUnits &s = shared();
    QMutexLocker lock(&s.mutex);
    const auto it = s.units.constFind(url.toString());
    return it == s.units.constEnd() ? nullptr : it->get();
}

// Compiles `source` as the module at `url` in `engine` and publishes the unit for all engines.
bool publishCompiledModule(QJSEngine &engine, const QUrl &url, const QString &source, QString *error)
{
    QV4::ExecutionEngine *v4 = engine.handle();
    QQmlRefPointer<QV4::ExecutableCompilationUnit> cu = v4->compileModule(url, source, QDateTime());
    if (!cu) {
        *error = v4->hasException ? QV4::Value::fromReturnedValue(v4->catchException()).toQStringNoThrow() : QStringLiteral("compile failed");
        return false;
    }
    const QV4::CompiledData::Unit *unit = cu->unitData();
    auto blob = std::make_shared<QByteArray>(reinterpret_cast<const char *>(unit), int(unit->unitSize));
    auto *copy = reinterpret_cast<QV4::CompiledData::Unit *>(blob->data());
    // Ours to free, not the engine's: every engine's CompilationUnit wrapper leaves it alone.
    copy->flags |= QV4::CompiledData::Unit::StaticData;
    auto cached = std::make_shared<QQmlPrivate::CachedQmlUnit>(QQmlPrivate::CachedQmlUnit{copy, nullptr, nullptr});
    SharedUnits &s = shared();
    QMutexLocker lock(&s.mutex);
    s.blobs.insert(url.toString(), blob);
    s.units.insert(url.toString(), cached);
    return true;
}

void registerHookOnce()
{
    static QQmlPrivate::RegisterQmlUnitCacheHook hook{0, &lookupShared};
    static const bool done = (QQmlPrivate::qmlregister(QQmlPrivate::QmlUnitCacheHookRegistration, &hook), true);
    (void)done;
}


struct Mem {
    long rssKiB;
    size_t mallocBytes;
};
Mem mem()
{
    const struct mallinfo2 mi = mallinfo2();
    return {statusKiB("VmRSS:"), mi.uordblks + mi.hblkhd};
}

struct EngineFigures {
    size_t v4Allocated = 0;   // the engine's JS heap (MemoryManager chunks + large items)
};

int runEngines(const QString &mode, int n, const QString &script)
{
    const QUrl url = QUrl::fromLocalFile(QFileInfo(script).absoluteFilePath());
    QFile f(script);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(script));
        return 2;
    }
    const QString source = QString::fromUtf8(f.readAll());
    std::vector<std::unique_ptr<QJSEngine>> engines;
    QElapsedTimer compileTimer;
    qint64 compileNs = 0;
    if (mode == QLatin1String("shared")) {
        registerHookOnce();
        QJSEngine compiler;   // compiles and is dropped: the blob outlives it
        compileTimer.start();
        QString error;
        if (!publishCompiledModule(compiler, url, source, &error)) {
            std::fprintf(stderr, "compile: %s\n", qPrintable(error));
            return 1;
        }
        compileNs = compileTimer.nsecsElapsed();
    }
    const Mem before = mem();
    QElapsedTimer t;
    t.start();
    size_t heap = 0;
    for (int i = 0; i < n; ++i) {
        auto e = std::make_unique<QJSEngine>();
        QJSValue ns = e->importModule(url.toLocalFile());
        if (e->hasError() || ns.isError()) {
            std::fprintf(stderr, "engine %d: %s\n", i, qPrintable((e->hasError() ? e->catchError() : ns).toString()));
            return 1;
        }
        const QJSValue r = ns.property(QStringLiteral("default")).call();
        if (r.isError()) {
            std::fprintf(stderr, "engine %d: default(): %s\n", i, qPrintable(r.toString()));
            return 1;
        }
        if (qEnvironmentVariableIsSet("FIBER_COMPILE_GC"))
            e->collectGarbage();
        heap += e->handle()->memoryManager->getAllocatedMem() + e->handle()->memoryManager->getLargeItemsMem();
        engines.push_back(std::move(e));
    }
    const double ms = double(t.nsecsElapsed()) / 1e6;
    const Mem after = mem();
    const size_t blob = mode == QLatin1String("shared") ? size_t(shared().blobs.begin().value()->size()) : 0;
    std::printf("mode=%s vus=%d script_kb=%lld compile_once_ms=%.1f unit_kb=%zu init_ms_per_vu=%.2f"
                " rss_kib_per_vu=%.0f malloc_kib_per_vu=%.0f js_heap_kib_per_vu=%.0f\n",
                qPrintable(mode), n, (long long)(QFileInfo(script).size() / 1024), compileNs / 1e6, blob / 1024,
                ms / n, double(after.rssKiB - before.rssKiB) / n,
                double(after.mallocBytes - before.mallocBytes) / 1024.0 / n, double(heap) / 1024.0 / n);
    return 0;
}

// Imports every built-in k6 module from the binary (AOT) or from copies of the same files.
int runAot(int n, const QString &k6Dir, bool fromBinary)
{
    const QStringList names{QStringLiteral("k6"), QStringLiteral("http"), QStringLiteral("metrics"),
                            QStringLiteral("execution"), QStringLiteral("encoding"), QStringLiteral("crypto"),
                            QStringLiteral("data")};
    {
        QElapsedTimer t;
        const Mem before = mem();
        std::vector<std::unique_ptr<QJSEngine>> engines;
        t.start();
        for (int i = 0; i < n; ++i) {
            auto e = std::make_unique<QJSEngine>();
            for (const char *g : {"__throttle", "__throttleCodec", "__throttleData"})
                e->globalObject().setProperty(QLatin1String(g), e->newObject());
            for (const QString &m : names) {
                const QString path = fromBinary ? QStringLiteral(":/qt/qml/Throttle/K6/%1.mjs").arg(m)
                                                : QStringLiteral("%1/%2.mjs").arg(k6Dir, m);
                e->importModule(path);
                if (e->hasError()) {
                    std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(e->catchError().toString()));
                    return 1;
                }
            }
            engines.push_back(std::move(e));
        }
        const Mem after = mem();
        std::printf("k6 modules from %-7s: %.2f ms per engine, %.0f KiB RSS per engine\n",
                    fromBinary ? "binary" : "files", double(t.nsecsElapsed()) / 1e6 / n,
                    double(after.rssKiB - before.rssKiB) / n);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString mode = QStringLiteral("source"), script = QStringLiteral("/tmp/fiber-bundle.mjs");
    QString k6Dir = QStringLiteral(THROTTLE_K6_DIR);
    int n = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--mode") mode = QString::fromLocal8Bit(argv[i + 1]);
        else if (k == "--vus") n = std::atoi(argv[i + 1]);
        else if (k == "--script") script = QString::fromLocal8Bit(argv[i + 1]);
        else if (k == "--k6-dir") k6Dir = QString::fromLocal8Bit(argv[i + 1]);
    }
    if (mode.startsWith(QLatin1String("aot")))
        return runAot(n, k6Dir, mode == QLatin1String("aot-binary"));
    return runEngines(mode, n, script);
}
