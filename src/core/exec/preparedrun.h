#pragma once
// PreparedRun: everything one test run owns, built the same way for the CLI, the desktop app and
// tests — the metrics engine, the script context (after k6's options pass), the consolidated
// options, the thresholds and the LocalRun. prepare() runs the options pass (and a transpile when
// needed) synchronously on the calling thread, which then owns the LocalRun (a QObject): the CLI
// prepares on the main thread; the desktop app prepares on a worker and moves it to the GUI thread.
// Every run keeps RequestStats (per-request rows and failure groups) beside the time series.

#include "core/exec/iterationerrortap.h"
#include "core/exec/localrun.h"
#include "core/metrics/metricsengine.h"
#include "core/metrics/requeststats.h"
#include "core/metrics/thresholdset.h"
#include "core/output/summaryreport.h"
#include "core/output/timeseriessink.h"
#include "core/script/options.h"
#include "core/script/scriptcontext.h"

#include <QJsonObject>
#include <QMap>
#include <memory>

namespace throttle {

class LoadCancel;

struct RunRequest {
    QString scriptPath;
    QJsonObject cliOverrides;             // option keys set by flags (script option names)
    QJsonObject configFile;               // --config contents
    QMap<QString, QString> env;           // __ENV (system env and -e)
    QMap<QString, QString> systemEnv;     // where K6_* options are read from
    bool noThresholds = false;
    bool offline = false;                 // --offline: remote modules from the cache only
    bool strictK6 = false;                // RunSettings::strictK6
    // RunSettings::maxVusCeiling (--max-vus-ceiling); unset: THROTTLE_MAX_VUS from systemEnv,
    // else VuCapacity::kDefaultCeiling.
    std::optional<qint64> maxVusCeiling;
    // RunSettings::maxMemoryBytes (--max-memory); unset: THROTTLE_MAX_MEMORY from systemEnv, else 0.
    std::optional<qint64> maxMemoryBytes;
    std::shared_ptr<LoadCancel> cancel;   // lets another thread abandon the script load (may be null)
    // A run of a k6 archive: its options stand in for the script's exported ones (as in k6, the
    // script's own `options` are not read again), open() reads its files, and its remote modules
    // are used instead of fetching any.
    std::optional<QJsonObject> archiveOptions;
    QMap<QString, QByteArray> preloadedFiles;       // absolute original path -> contents
    QMap<QString, QByteArray> bundledRemoteModules; // URL -> source
    // Stop after the options pass (`k6 inspect` without --execution-requirements): scriptOptions()
    // is filled, the options are neither consolidated nor checked, and run() must not be used.
    bool optionsPassOnly = false;
};

class PreparedRun {
public:
    // On failure returns nullptr with k6's exit code and message.
    static std::unique_ptr<PreparedRun> prepare(const RunRequest &request, LogSink *log, int *exitCode,
                                                QString *error, QStringList *warnings = nullptr);

    MetricsEngine &metrics() { return *m_metrics; }
    ScriptContext &context() { return m_ctx; }
    const ScriptContext &context() const { return m_ctx; }
    const Options &options() const { return m_options; }
    LocalRun &run() { return *m_run; }
    ThresholdSet *thresholds() { return m_thresholds.get(); }
    const TimeSeriesSink &timeSeries() const { return *m_timeSeries; }
    // Per request name × method, and failures grouped by error (desktop views, /v1/throttle/*).
    const RequestStats &requestStats() const { return *m_requestStats; }
    bool transpiled() const { return m_transpiled; }
    // The end-of-test report of the run as it stands (what handleSummary receives): `so` with the
    // script's summaryTrendStats and summaryTimeUnit and the run clock filled in. The printed
    // summary and the run history both read it.
    SummaryReport summaryReport(SummaryOptions so);
    // What `k6 archive` and `k6 inspect` report: the script's options (or the archive's), the
    // option sources merged but not derived, the entry script and its local modules, the
    // remote modules and every file open() read during the options pass.
    const QJsonObject &scriptOptions() const { return m_scriptOptions; }
    const QJsonObject &givenOptions() const { return m_givenOptions; }
    const QStringList &localFiles() const { return m_localFiles; }
    const QMap<QString, QString> &remoteModules() const { return m_remoteModules; }

private:
    PreparedRun() = default;
    std::unique_ptr<TimeSeriesSink> m_timeSeries;   // outlives the engine that feeds it
    std::unique_ptr<RequestStats> m_requestStats;   // likewise
    std::unique_ptr<IterationErrorTap> m_errorTap;  // the VUs' log sink: records iteration errors
    std::unique_ptr<MetricsEngine> m_metrics;
    ScriptContext m_ctx;
    Options m_options;
    std::unique_ptr<ThresholdSet> m_thresholds;
    std::unique_ptr<LocalRun> m_run;
    bool m_transpiled = false;
    QJsonObject m_scriptOptions;
    QJsonObject m_givenOptions;
    QStringList m_localFiles;
    QMap<QString, QString> m_remoteModules;
};

} // namespace throttle
