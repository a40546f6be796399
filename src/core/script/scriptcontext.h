#pragma once
// ScriptContext: what every VU runtime of one run shares, read-only once the run starts
// (the loaded script's paths, __ENV, HTTP defaults, run tags) plus the thread-safe services
// (metrics engine, log sink, the open() file cache). Built on the main thread by ScriptLoader.

#include "core/k6reference.h"
#include "core/metrics/metric.h"
#include "core/script/executiontuple.h"
#include "core/script/sharedarraystore.h"
#include "core/script/systemtags.h"
#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

namespace throttle {

class MetricsEngine;
class RequestStats;
class LogSink;
class RequestRateLimiter;
class NetworkPolicy;
class SourceMapper;
class LoadCancel;
class CompiledUnits;

// Files read by open(): read once per run, shared by all VUs (k6 reads them in the options pass).
class FileCache {
public:
    // Returns false and sets *error (OS text) when the file cannot be read.
    bool read(const QString &absPath, QByteArray *data, QString *error);
    // A file that reads come from instead of the disk (a run of an archive).
    void preload(const QString &absPath, const QByteArray &data);
    // Every file read so far: what `k6 archive` bundles.
    QHash<QString, QByteArray> contents() const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QByteArray> m_files;
};

struct HttpDefaults {
    QByteArray userAgent = k6reference::kUserAgent;
    int maxRedirects = 10;
    qint64 timeoutMs = 60000;
    bool discardResponseBodies = false;
    bool insecureSkipTLSVerify = false;
    bool noConnectionReuse = false;
    bool noVUConnectionReuse = false;
    bool noCookiesReset = false;
    bool throwErrors = false;
    int batch = 20;           // http.batch: requests in flight at once (0 = no limit)
    int batchPerHost = 6;     // ... and per host:port (0 = no limit)
    enum class Debug { Off, Headers, Full };
    Debug debug = Debug::Off; // options.httpDebug: log each hop's request and response
};

struct ScriptContext {
    QString entryPath;        // original absolute path of the entry script
    QString importPath;       // what importModule() loads (a transpiled mirror when needed)
    QString mirrorRoot;       // prefix of importPath to strip from file names in messages ("" = none)
    std::shared_ptr<const SourceMapper> sourceMaps;   // maps mirrored locations back (null = none)
    // The script's modules compiled once by the options pass, instantiated by every VU engine
    // (null = each engine compiles). Every runtime of the run must end before this does.
    std::shared_ptr<CompiledUnits> compiledUnits;
    // Lets another thread abandon loading (the desktop's second Open); null = not cancellable.
    std::shared_ptr<LoadCancel> cancelLoad;
    QMap<QString, QString> env;          // __ENV
    QList<QPair<QString, QString>> runTags;   // options.tags, added to every sample
    SystemTags systemTags;                    // options.systemTags: the system tags samples carry
    qint64 minIterationDurationMs = 0;        // options.minIterationDuration (0 = none)
    HttpDefaults http;
    QByteArray optionsJson;   // consolidated options as JSON (exec.test.options)
    QSet<QString> builtinModules;        // the k6 modules VUs load; empty = all of them
    bool offline = false;                // remote modules from the cache only, never fetched (--offline)
    // The script's exported functions (ScriptLoader); empty = not known. A run inits no runtime
    // for setup(), teardown() or handleSummary() when the script does not export it, as k6.
    QStringList functionExports;
    MetricsEngine *metrics = nullptr;
    // Keeps per-request bytes received for the desktop's Requests view (k6's data_received is per
    // iteration); null = not kept.
    RequestStats *requestStats = nullptr;
    LogSink *log = nullptr;
    // This instance's execution segment; nullptr = unsegmented. exec.vu.idInTest is the VU's
    // index in the test-wide striping of VUs (k6), so it is unique across instances.
    std::shared_ptr<const ExecutionTuple> segment;
    std::shared_ptr<FileCache> files = std::make_shared<FileCache>();
    std::shared_ptr<SharedArrayStore> sharedArrays = std::make_shared<SharedArrayStore>();   // k6/data
    std::shared_ptr<RequestRateLimiter> rps;   // options.rps > 0: every request waits for a slot
    std::shared_ptr<const NetworkPolicy> network;   // blockHostnames, blacklistIPs (null = none)

    // file:///<mirror>/abs/x.js:12 -> file:///abs/x.js:9:5 (through the source maps) in
    // messages shown to users.
    QString unmirror(const QString &text) const;
};

} // namespace throttle
