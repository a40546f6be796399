// metrics_cost: what one recorded sample costs on the path a VU and the collector take —
// TagCache::intern per request, ~10 samples pushed into a local batch, MetricsEngine::ingest per
// batch, collect() every few batches (like the run thread's tick) — with no sink, with the JSON
// lines output (plain and gzipped) and with the time series. Prints ns/sample and the ratios.
// Also the cost of exact trend percentiles (Histogram keeps each series' first 4096 samples):
// many short runs whose series never leave the exact phase, against the same with it off.
// Usage: metrics_cost [requests] [output dir]   (defaults: 400000, a temporary directory)
#include "core/metrics/histogram.h"
#include "core/metrics/metricsengine.h"
#include "core/metrics/tagcache.h"
#include "core/output/jsonoutput.h"
#include "core/output/timeseriessink.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <cstdio>
#include <memory>

using namespace throttle;

namespace {

constexpr int kSamplesPerRequest = 10;
constexpr int kRequestsPerBatch = 8;    // a VU hands over its samples once per iteration
constexpr int kBatchesPerCollect = 64;  // the run thread collects a few times a second

TagList requestTags(int i)
{
    static const char *const paths[] = {"/", "/ok", "/json", "/api/items", "/login", "/bytes/64", "/gzip", "/echo"};
    const QString url = QStringLiteral("http://127.0.0.1:8080") + QLatin1String(paths[i % 8]);
    return {{"expected_response", "true"}, {"group", ""}, {"method", "GET"}, {"name", url},
            {"proto", "HTTP/1.1"}, {"scenario", "default"}, {"status", "200"}, {"url", url}};
}

// Returns ns per sample for `requests` requests through a fresh engine with `sink` (may be null).
double measure(int requests, SampleSink *sink)
{
    MetricsEngine engine;
    if (sink)
        engine.addSink(sink);
    TagCache cache(engine);
    std::vector<TagList> tagSets;
    for (int i = 0; i < 8; ++i)
        tagSets.push_back(requestTags(i));
    const MetricId metrics[kSamplesPerRequest] = {
        builtin::HttpReqs, builtin::HttpReqDuration, builtin::HttpReqBlocked, builtin::HttpReqConnecting,
        builtin::HttpReqTlsHandshaking, builtin::HttpReqSending, builtin::HttpReqWaiting,
        builtin::HttpReqReceiving, builtin::HttpReqFailed, builtin::DataReceived};
    QElapsedTimer timer;
    timer.start();
    std::vector<Sample> batch;
    int batches = 0;
    qint64 now = 1795658040LL * 1000000000LL;
    for (int r = 0; r < requests; ++r) {
        const TagList &tags = tagSets[size_t(r % 8)];
        const TagSetId id = cache.intern(tags);   // the VU builds its tags, the cache maps them
        now += 37000;
        for (int m = 0; m < kSamplesPerRequest; ++m)
            batch.push_back(Sample{metrics[m], id, 0.1 + double((r * 7 + m) % 1000) / 100.0, now});
        if ((r + 1) % kRequestsPerBatch == 0) {
            engine.ingest(std::move(batch));
            batch = {};
            if (++batches % kBatchesPerCollect == 0)
                engine.collect();
        }
    }
    engine.ingest(std::move(batch));
    engine.collect();
    return double(timer.nsecsElapsed()) / double(qint64(requests) * kSamplesPerRequest);
}

// ns per sample over `runs` fresh engines of `requests` requests each (short runs: every trend
// series stays small).
double measureShortRuns(int runs, int requests)
{
    double total = 0;
    for (int i = 0; i < runs; ++i)
        total += measure(requests, nullptr);
    return total / runs;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? std::max(1000, atoi(argv[1])) : 400000;
    QTemporaryDir tmp;
    const QString dir = argc > 2 ? QString::fromLocal8Bit(argv[2]) : tmp.path();

    measure(requests / 10, nullptr);   // warm up allocator and caches
    const double base = measure(requests, nullptr);
    QString error;
    auto json = JsonOutput::open(dir + QStringLiteral("/bench.json"), nullptr, &error);
    auto gz = JsonOutput::open(dir + QStringLiteral("/bench.json.gz"), nullptr, &error);
    if (!json || !gz) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double withJson = measure(requests, json.get());
    json->close(&error);
    const double withGzip = measure(requests, gz.get());
    gz->close(&error);
    TimeSeriesSink series;
    const double withSeries = measure(requests, &series);

    const int shortRuns = std::max(1, requests / 4000);
    const double exactOn = measureShortRuns(shortRuns, 4000);
    const quint32 limit = Histogram::exactLimit();
    Histogram::setExactLimit(0);
    const double exactOff = measureShortRuns(shortRuns, 4000);
    Histogram::setExactLimit(limit);

    std::printf("samples per run            %lld\n", qint64(requests) * kSamplesPerRequest);
    std::printf("no sink                    %8.1f ns/sample\n", base);
    std::printf("--out json=file            %8.1f ns/sample  ratio %.2fx\n", withJson, withJson / base);
    std::printf("--out json=file.gz         %8.1f ns/sample  ratio %.2fx\n", withGzip, withGzip / base);
    std::printf("time series sink           %8.1f ns/sample  ratio %.2fx\n", withSeries, withSeries / base);
    std::printf("short runs, exact off      %8.1f ns/sample  (%d runs of 4000 requests)\n", exactOff, shortRuns);
    std::printf("short runs, exact on       %8.1f ns/sample  ratio %.2fx\n", exactOn, exactOn / exactOff);
    return 0;
}
