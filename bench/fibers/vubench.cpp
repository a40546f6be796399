// fiber_vus: the many-VUs-per-thread prototype under load (docs/vu-engine.md §6). W FiberWorkers
// (default: one per core) run N VUs; each VU is a fiber with its own QJSEngine, made on the fiber,
// calling a native http.get() that goes through its worker's shared curl multi handle (with
// Throttle's own CurlTransfer: same curl options, header parsing and phase timings as a run), a
// check(), and sleep() on the worker's timer heap. The response is a JS object with status,
// proto, headers and timings, and each request leaves a sample in the VU's buffer, so the
// request path does comparable work to k6/http's — but not all of it (no tags, no metrics
// engine, no k6 module code): read req/s as the scheduler's ceiling with a lean request path.
//
// Usage: fiber_vus --url URL [--vus N] [--workers W] [--duration S | --iterations K]
//                  [--sleep S] [--stack KiB] [--pool vu|worker]
// Prints one line of key=value figures (bench/fibers/run.sh parses it).
#include "core/exec/fiberworker.h"
#include "core/http/curltransfer.h"

#include <QCoreApplication>
#include <QJSEngine>
#include <QThread>

#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include "procstats.h"

#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

using namespace throttle;

namespace {

using throttle::bench::mapCount;
using throttle::bench::statusKiB;

struct Config {
    QByteArray url;
    int vus = 10;
    int workers = QThread::idealThreadCount();
    double duration = 10;
    long iterations = 0;     // > 0: each VU runs this many, then ends (init + iterations timing)
    double sleep = 0;
    std::size_t stackKiB = 256;
    bool poolPerVu = true;   // each VU its own connections (k6's rule), through a CURLSH
};

struct Shared {
    std::atomic<bool> stop{false};
    std::atomic<long> requests{0};
    std::atomic<long> failed{0};
    std::atomic<int> initialised{0};
    std::atomic<int> finished{0};
    std::atomic<long> stackSumKiB{0};   // each VU's touched stack when it ends
    std::atomic<long> stackMaxKiB{0};
    std::mutex mutex;
    std::condition_variable changed;
    void bump(std::atomic<int> &counter)
    {
        counter.fetch_add(1);
        std::lock_guard lock(mutex);
        changed.notify_all();
    }
};

struct Sample {
    qint64 at;
    double duration;
    int status;
};

class BenchNative : public QObject {
    Q_OBJECT
public:
    BenchNative(QJSEngine &engine, Shared &shared, bool ownPool) : m_engine(engine), m_shared(shared)
    {
        if (ownPool) {
            m_share = curl_share_init();
            curl_share_setopt(m_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
            curl_easy_setopt(m_transfer.easy(), CURLOPT_SHARE, m_share);
        }
        m_samples.reserve(256);
    }
    ~BenchNative() override
    {
        curl_easy_setopt(m_transfer.easy(), CURLOPT_SHARE, nullptr);
        if (m_share)
            curl_share_cleanup(m_share);
    }

    Q_INVOKABLE QJSValue get(const QString &url)
    {
        HttpRequest req;
        req.url = url.toUtf8();
        req.discardBody = true;
        HttpResponse resp;
        m_transfer.begin(req, &resp);
        const CURLcode code = FiberWorker::current()->perform(m_transfer.easy());
        m_transfer.finish(code);
        m_shared.requests.fetch_add(1, std::memory_order_relaxed);
        if (resp.status != 200 && !m_shared.stop.load() && m_shared.failed.fetch_add(1, std::memory_order_relaxed) < 3)
            std::fprintf(stderr, "request failed: %d %s\n", resp.errorCode, qPrintable(resp.error));
        m_samples.push_back(Sample{FiberWorker::nowNs(), resp.timings.duration(), resp.status});
        if (m_samples.size() >= 256)
            m_samples.clear();   // a run hands batches to the metrics engine here
        QJSValue r = m_engine.newObject();
        r.setProperty(QStringLiteral("status"), resp.status);
        r.setProperty(QStringLiteral("proto"), QString::fromLatin1(resp.proto));
        QJSValue headers = m_engine.newObject();
        for (const auto &h : resp.headers)
            headers.setProperty(QString::fromLatin1(h.first), QString::fromLatin1(h.second));
        r.setProperty(QStringLiteral("headers"), headers);
        QJSValue t = m_engine.newObject();
        t.setProperty(QStringLiteral("duration"), resp.timings.duration());
        t.setProperty(QStringLiteral("waiting"), resp.timings.waiting);
        r.setProperty(QStringLiteral("timings"), t);
        return r;
    }
    Q_INVOKABLE bool check(bool ok) { return ok; }
    Q_INVOKABLE void sleep(double seconds)
    {
        if (seconds > 0 && !m_shared.stop.load(std::memory_order_relaxed))
            FiberWorker::current()->sleepUntil(FiberWorker::nowNs() + qint64(seconds * 1e9));
    }

private:
    QJSEngine &m_engine;
    Shared &m_shared;
    CurlTransfer m_transfer;
    CURLSH *m_share = nullptr;
    std::vector<Sample> m_samples;
};

const char *kScript =
    "(function (url, pause) {"
    "  var res = http.get(url);"
    "  http.check(res.status === 200 && res.timings.duration >= 0);"
    "  if (pause > 0) http.sleep(pause);"
    "})";

void vuBody(const Config &cfg, Shared &shared)
{
    QJSEngine engine;
    BenchNative native(engine, shared, cfg.poolPerVu);
    QJSEngine::setObjectOwnership(&native, QJSEngine::CppOwnership);
    engine.globalObject().setProperty(QStringLiteral("http"), engine.newQObject(&native));
    QJSValue fn = engine.evaluate(QString::fromLatin1(kScript));
    const QJSValueList args{QString::fromUtf8(cfg.url), cfg.sleep};
    shared.bump(shared.initialised);
    for (long i = 0; !shared.stop.load(std::memory_order_relaxed); ++i) {
        if (cfg.iterations > 0 && i >= cfg.iterations)
            break;
        const QJSValue r = fn.call(args);
        if (r.isError()) {
            std::fprintf(stderr, "iteration error: %s\n", qPrintable(r.toString()));
            break;
        }
    }
    const long kib = long(Fiber::current()->stack().residentBytes() / 1024);
    shared.stackSumKiB.fetch_add(kib);
    long m = shared.stackMaxKiB.load();
    while (kib > m && !shared.stackMaxKiB.compare_exchange_weak(m, kib)) {
    }
    shared.bump(shared.finished);
}



double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

bool parseArgs(int argc, char **argv, Config *cfg)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const char *v = argv[i + 1];
        if (k == "--url") cfg->url = v;
        else if (k == "--vus") cfg->vus = std::atoi(v);
        else if (k == "--workers") cfg->workers = std::atoi(v);
        else if (k == "--duration") cfg->duration = std::atof(v);
        else if (k == "--iterations") cfg->iterations = std::atol(v);
        else if (k == "--sleep") cfg->sleep = std::atof(v);
        else if (k == "--stack") cfg->stackKiB = std::size_t(std::atol(v));
        else if (k == "--pool") cfg->poolPerVu = std::string(v) != "worker";
        else return false;
    }
    return !cfg->url.isEmpty() && cfg->vus > 0 && cfg->workers > 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Config cfg;
    if (!parseArgs(argc, argv, &cfg)) {
        std::fprintf(stderr, "usage: fiber_vus --url URL [--vus N] [--workers W] [--duration S | --iterations K]"
                             " [--sleep S] [--stack KiB] [--pool vu|worker]\n");
        return 2;
    }
    const long rssBefore = statusKiB("VmRSS:");
    Shared shared;
    std::vector<std::unique_ptr<FiberWorker>> workers;
    for (int w = 0; w < cfg.workers; ++w) {
        workers.push_back(std::make_unique<FiberWorker>(cfg.stackKiB * 1024));
        workers.back()->start();
    }
    const qint64 t0 = FiberWorker::nowNs();
    for (int i = 0; i < cfg.vus; ++i) {
        FiberWorker &w = *workers[size_t(i % cfg.workers)];
        w.post([&w, &cfg, &shared] { w.spawn([&cfg, &shared] { vuBody(cfg, shared); }); });
    }
    std::unique_lock lock(shared.mutex);
    shared.changed.wait(lock, [&] { return shared.initialised.load() == cfg.vus || shared.finished.load() == cfg.vus; });
    const qint64 tInit = FiberWorker::nowNs();
    double window = 0;
    long reqs = 0;
    long rssRun = 0, maps = 0;
    const double cpu0 = cpuSeconds();
    if (cfg.iterations > 0) {
        shared.changed.wait(lock, [&] { return shared.finished.load() == cfg.vus; });
        reqs = shared.requests.load();
        window = double(FiberWorker::nowNs() - t0) / 1e9;
        rssRun = statusKiB("VmRSS:");
        maps = mapCount();
    } else {
        const long r0 = shared.requests.load();
        const qint64 w0 = FiberWorker::nowNs();
        shared.changed.wait_for(lock, std::chrono::duration<double>(cfg.duration / 2), [] { return false; });
        rssRun = statusKiB("VmRSS:");
        maps = mapCount();
        shared.changed.wait_for(lock, std::chrono::duration<double>(cfg.duration / 2), [] { return false; });
        reqs = shared.requests.load() - r0;
        window = double(FiberWorker::nowNs() - w0) / 1e9;
        shared.stop.store(true);
        lock.unlock();
        for (auto &w : workers) {   // wake the sleepers so they see the stop
            FiberWorker *wp = w.get();
            wp->post([wp] { wp->wakeAll(); });
        }
        lock.lock();
        shared.changed.wait(lock, [&] { return shared.finished.load() == cfg.vus; });
    }
    const double cpu = cpuSeconds() - cpu0;
    lock.unlock();
    workers.clear();
    std::printf("vus=%d workers=%d init_s=%.3f total_s=%.3f reqs=%ld failed=%ld rps=%.0f cpu_s=%.2f"
                " req_per_cpu_s=%.0f rss_run_mib=%.1f rss_base_mib=%.1f hwm_mib=%.1f kib_per_vu=%.0f maps=%ld stack_avg_kib=%ld stack_max_kib=%ld\n",
                cfg.vus, cfg.workers, double(tInit - t0) / 1e9, double(FiberWorker::nowNs() - t0) / 1e9, reqs,
                shared.failed.load(), double(reqs) / window, cpu, double(reqs) / std::max(cpu, 1e-9), rssRun / 1024.0,
                rssBefore / 1024.0, statusKiB("VmHWM:") / 1024.0, double(rssRun - rssBefore) / cfg.vus, maps,
                shared.stackSumKiB.load() / cfg.vus, shared.stackMaxKiB.load());
    return shared.failed.load() == 0 ? 0 : 1;
}

#include "vubench.moc"
