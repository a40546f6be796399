#pragma once
// RunFlags: the flags of `throttle run` (and of `throttle archive`, which takes the same options),
// parsed from CommandTable's rows into the option keys the consolidation reads, and the
// RunRequest they describe. Plain data and functions; the main thread.

#include "api/apiaccess.h"
#include "cli/clilogsink.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <QTextStream>
#include <optional>

namespace throttle {

struct RunRequest;

struct RunFlags {
    QJsonObject cli;
    QMap<QString, QString> envVars;     // -e KEY=VALUE
    QString configFile;
    QString script;
    bool noSummary = false;       // --no-summary: k6 v1's deprecated alias of --summary-mode=disabled
    QString summaryMode;          // --summary-mode, else THROTTLE_SUMMARY_MODE / K6_SUMMARY_MODE
    bool quiet = false;
    bool verbose = false;   // -v: debug-level logs (console.debug) too, as k6's --verbose
    CliLogSink::Format logFormat = CliLogSink::Format::Text;
    bool demoTarget = false;
    bool includeSystemEnv = true;
    bool noThresholds = false;
    bool offline = false;         // --offline: remote modules from the cache only
    QString address;              // REST API; empty = disabled
    bool addressExplicit = false; // --address given: a bind failure is fatal (106)
    bool linger = false;
    QStringList outputs;          // --out type=argument, in order
    QStringList outputDescriptions;   // for the banner
    QString summaryExport;
    QString history;              // --history (else THROTTLE_HISTORY, HistoryPath)
    bool noHistory = false;       // --no-history
    bool noColor = false;
    bool strictK6 = false;        // --strict-k6 / THROTTLE_STRICT_K6=1: steer exactly as k6
    std::optional<qint64> maxVusCeiling;   // --max-vus-ceiling (else THROTTLE_MAX_VUS, PreparedRun)
    std::optional<qint64> maxMemoryBytes;  // --max-memory (else THROTTLE_MAX_MEMORY, PreparedRun)
    ApiAccessSettings apiAccess = ApiAccessSettings::fromEnvironment();   // --api-token, --api-read-only
    QString archiveOut;           // archive: -O/--archive-out ("-" = stdout)
    bool excludeEnvVars = false;  // archive: --exclude-env-vars
};

// Parses `args` with the flags of `command` ("run" or "archive"). False when the command must
// end now: *exitCode is 0 after --help, k6's 255 after a bad flag (message on err).
bool parseRunFlags(const QString &command, const QStringList &args, RunFlags *f, QTextStream &err, int *exitCode);

// The request the flags describe (script, options, __ENV: the system's unless
// --include-system-env-vars=false, then -e); false with the error logged and *exitCode set.
bool runRequestFromFlags(const RunFlags &f, RunRequest *req, CliLogSink &log, int *exitCode);

} // namespace throttle
