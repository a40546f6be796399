// fiber_idlevus: what an idle VU costs with Throttle's real runtime (VuRuntime: its QJSEngine, the
// k6 modules the script imports, polyfills, bootstrap, HTTP transport), initialised the way a run
// does it, in one of two layouts (docs/vu-engine.md §6):
//   thread — today's engine: one thread per VU (2 MiB stack, as VuPool), init on that thread
//   fiber  — the next one: W FiberWorkers, each VU on a fiber, init on its fiber
// With --shared the entry module is compiled once and every VU engine instantiates that unit
// through a QQmlPrivate unit-cache hook (docs/vu-engine.md §5; needs qt6-declarative-private-dev).
// The VUs stay idle once initialised; the process then reports its growth per VU (RSS, mappings)
// and the init wall time. Run the two layouts in separate processes and compare (run.sh does).
//
// Usage: fiber_idlevus --script FILE --vus N --mode thread|fiber [--workers W] [--stack KiB] [--shared]
#include "core/exec/fiberworker.h"
#include "core/exec/memorytrim.h"
#include "core/metrics/metricsengine.h"
#include "core/script/logsink.h"
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJSEngine>
#include <QMutex>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#ifdef THROTTLE_BENCH_SHARED_COMPILE
#include <QtQml/qqmlprivate.h>
#include <private/qv4compileddata_p.h>
#include <private/qv4engine_p.h>
#include <private/qv4executablecompilationunit_p.h>
#endif

#include <atomic>
#include <condition_variable>
#include "procstats.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace throttle;

namespace {

using throttle::bench::mapCount;
using throttle::bench::statusKiB;

class StderrLog : public LogSink {
public:
    void log(LogLevel level, const QString &message, const LogFields &) override
    {
        if (level >= LogLevel::Warning)
            std::fprintf(stderr, "log: %s\n", qPrintable(message));
    }
};

struct Config {
    QString script;
    int vus = 100;
    bool fibers = true;
    int workers = QThread::idealThreadCount();
    std::size_t stackKiB = 8192;
    bool shared = false;
};

// Every VU reports here; the main thread waits for all of them, then releases them.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int initialised = 0;
    int failed = 0;
    int exited = 0;
    int reported = 0;                    // workers that summed their fibers' stacks
    std::atomic<bool> release{false};
    void arrive(int &counter)
    {
        std::lock_guard lock(mutex);
        ++counter;
        changed.notify_all();
    }
};



#ifdef THROTTLE_BENCH_SHARED_COMPILE
// One compiled unit per URL for every engine of the process (the one-compile hook).
struct SharedUnit {
    QByteArray blob;
    QQmlPrivate::CachedQmlUnit cached{};
    QString url;
};
SharedUnit g_unit;

const QQmlPrivate::CachedQmlUnit *lookupShared(const QUrl &url)
{
    return url.toString() == g_unit.url ? &g_unit.cached : nullptr;
}

bool compileOnce(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read ") + path;
        return false;
    }
    // importModule() resolves the file name to its canonical path: the key must match that URL.
    const QUrl url = QUrl::fromLocalFile(QFileInfo(path).canonicalFilePath());
    QJSEngine compiler;
    QV4::ExecutionEngine *v4 = compiler.handle();
    const auto cu = v4->compileModule(url, QString::fromUtf8(f.readAll()), QDateTime());
    if (!cu) {
        *error = QStringLiteral("compile failed");
        return false;
    }
    const QV4::CompiledData::Unit *unit = cu->unitData();
    g_unit.blob = QByteArray(reinterpret_cast<const char *>(unit), int(unit->unitSize));
    auto *copy = reinterpret_cast<QV4::CompiledData::Unit *>(g_unit.blob.data());
    copy->flags |= QV4::CompiledData::Unit::StaticData;   // the engines never free it
    g_unit.cached = QQmlPrivate::CachedQmlUnit{copy, nullptr, nullptr};
    g_unit.url = url.toString();
    static QQmlPrivate::RegisterQmlUnitCacheHook hook{0, &lookupShared};
    QQmlPrivate::qmlregister(QQmlPrivate::QmlUnitCacheHookRegistration, &hook);
    return true;
}
#endif

// The VU's life in either layout: init, report, wait to be released, destroy on this stack.
void vuLife(const ScriptContext &ctx, int id, Gate &gate, const std::function<void()> &waitForRelease)
{
    auto rt = std::make_unique<VuRuntime>(ctx, id, RuntimeKind::Vu);
    QString error;
    if (!rt->init(&error)) {
        std::fprintf(stderr, "VU %d: %s\n", id, qPrintable(error));
        gate.arrive(gate.failed);
    } else {
        gate.arrive(gate.initialised);
    }
    waitForRelease();
    rt.reset();
    gate.arrive(gate.exited);
}

bool parseArgs(int argc, char **argv, Config *cfg)
{
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (k == "--shared") {
            cfg->shared = true;
            continue;
        }
        if (i + 1 >= argc)
            return false;
        const char *v = argv[++i];
        if (k == "--script") cfg->script = QString::fromLocal8Bit(v);
        else if (k == "--vus") cfg->vus = std::atoi(v);
        else if (k == "--mode") cfg->fibers = std::string(v) == "fiber";
        else if (k == "--workers") cfg->workers = std::atoi(v);
        else if (k == "--stack") cfg->stackKiB = std::size_t(std::atol(v));
        else return false;
    }
    return !cfg->script.isEmpty() && cfg->vus > 0 && cfg->workers > 0;
}

} // namespace

int main(int argc, char **argv)
{
    limitHeapArenas();
    QCoreApplication app(argc, argv);
    Config cfg;
    if (!parseArgs(argc, argv, &cfg)) {
        std::fprintf(stderr, "usage: fiber_idlevus --script FILE --vus N --mode thread|fiber [--workers W]"
                             " [--stack KiB] [--shared]\n");
        return 2;
    }
    MetricsEngine metrics;
    StderrLog log;
    ScriptContext ctx;
    ctx.entryPath = QFileInfo(cfg.script).absoluteFilePath();
    ctx.metrics = &metrics;
    ctx.log = &log;
    ctx.env.insert(QStringLiteral("BASE_URL"), QStringLiteral("http://127.0.0.1:9"));
    QTemporaryDir cache;
    const LoadResult loaded = ScriptLoader::load(ctx, cache.path());
    if (!loaded.ok) {
        std::fprintf(stderr, "load: %s\n", qPrintable(loaded.error));
        return 1;
    }
    double compileMs = 0;
    if (cfg.shared) {
#ifdef THROTTLE_BENCH_SHARED_COMPILE
        const qint64 c0 = FiberWorker::nowNs();
        QString error;
        if (!compileOnce(ctx.importPath, &error)) {
            std::fprintf(stderr, "compile: %s\n", qPrintable(error));
            return 1;
        }
        compileMs = double(FiberWorker::nowNs() - c0) / 1e6;
#else
        std::fprintf(stderr, "--shared needs Qt's private QML headers (qt6-declarative-private-dev)\n");
        return 2;
#endif
    }
    const long rss0 = statusKiB("VmRSS:");
    const long maps0 = mapCount();
    Gate gate;
    const auto released = [&gate] { return gate.release.load(); };
    std::vector<std::unique_ptr<FiberWorker>> workers;
    std::vector<QThread *> threads;
    std::vector<FiberTask *> tasks(size_t(cfg.vus), nullptr);
    const qint64 t0 = FiberWorker::nowNs();
    if (cfg.fibers) {
        for (int w = 0; w < cfg.workers; ++w) {
            workers.push_back(std::make_unique<FiberWorker>(cfg.stackKiB * 1024));
            workers.back()->start();
        }
        for (int i = 0; i < cfg.vus; ++i) {
            FiberWorker &w = *workers[size_t(i % cfg.workers)];
            w.post([&, i, wp = &w] {
                tasks[size_t(i)] = wp->spawn([&, i] {
                    vuLife(ctx, i + 1, gate, [&] {
                        while (!gate.release)   // read on this worker after the posted wake
                            FiberWorker::current()->park();
                    });
                });
            });
        }
    } else {
        for (int i = 0; i < cfg.vus; ++i) {
            QThread *t = QThread::create([&, i] {
                setThreadCacheEnabled(i + 1 <= threadCacheVus());   // as Vu::runOnThread
                vuLife(ctx, i + 1, gate, [&] {
                    std::unique_lock lock(gate.mutex);
                    gate.changed.wait(lock, released);
                });
            });
            t->setStackSize(2 * 1024 * 1024);   // as VuPool
            t->start();
            threads.push_back(t);
        }
    }
    {
        std::unique_lock lock(gate.mutex);
        gate.changed.wait(lock, [&] { return gate.initialised + gate.failed == cfg.vus; });
    }
    const double initS = double(FiberWorker::nowNs() - t0) / 1e9;
    if (!usingJemalloc())
        releaseFreeHeapMemory();
    const long rss = statusKiB("VmRSS:");
    const long maps = mapCount();
    std::size_t stackKiB = 0;
    if (cfg.fibers) {
        // Each worker sums the resident stack pages of its fibers (they are parked).
        std::atomic<std::size_t> sum{0};
        for (auto &w : workers) {
            FiberWorker *wp = w.get();
            wp->post([&, wp] {
                for (FiberTask *t : tasks) {
                    if (t && t->worker == wp && wp->task(t->id))
                        sum += t->fiber->stack().residentBytes();
                }
                gate.arrive(gate.reported);
            });
        }
        std::unique_lock lock(gate.mutex);
        gate.changed.wait(lock, [&] { return gate.reported == cfg.workers; });
        stackKiB = sum.load() / 1024 / std::size_t(cfg.vus);
    }
    {
        std::lock_guard lock(gate.mutex);
        gate.release = true;
        gate.changed.notify_all();
    }
    for (auto &w : workers) {
        FiberWorker *wp = w.get();
        wp->post([wp] { wp->wakeAll(); });
    }
    {
        std::unique_lock lock(gate.mutex);
        gate.changed.wait(lock, [&] { return gate.exited == cfg.vus; });
    }
    for (QThread *t : threads) {
        t->wait();
        delete t;
    }
    workers.clear();
    std::printf("mode=%s shared=%d vus=%d workers=%d failed=%d compile_once_ms=%.1f init_s=%.3f init_ms_per_vu=%.2f"
                " rss_kib_per_vu=%.0f maps_per_vu=%.1f stack_kib_per_vu=%zu rss_base_mib=%.1f\n",
                cfg.fibers ? "fiber" : "thread", cfg.shared ? 1 : 0, cfg.vus, cfg.fibers ? cfg.workers : cfg.vus,
                gate.failed, compileMs, initS, initS * 1000.0 / cfg.vus, double(rss - rss0) / cfg.vus,
                double(maps - maps0) / cfg.vus, stackKiB, rss0 / 1024.0);
    return gate.failed == 0 ? 0 : 1;
}
