#pragma once
// RunSummary: the end-of-test summary step of `throttle run` as k6 v1.3 does it: which summary
// mode applies (--summary-mode, THROTTLE_SUMMARY_MODE / K6_SUMMARY_MODE, the deprecated
// --no-summary), and at the end --summary-export plus handleSummary() or the default text in
// that mode's layout. Runs on the main thread after the run finished.

#include "core/output/summaryoptions.h"

#include <QString>
#include <optional>

class QTextStream;

namespace throttle {

class LogSink;
class PreparedRun;
class SummaryScopeSink;

class RunSummary
{
public:
    struct Settings {
        SummaryMode mode = SummaryMode::Compact;
        QString exportPath;    // --summary-export; "" = none
        bool noColor = false;  // --no-color
    };

    // k6 v1.3: --no-summary wins and prints its deprecation notice on stdout; "legacy" logs a
    // deprecation warning; an unknown mode logs `invalid summary mode` and gives nullopt (exit 255).
    static std::optional<SummaryMode> resolveMode(bool noSummary, const QString &mode, QTextStream &out,
                                                  LogSink &log);
    // Nothing at all when the summary is disabled (k6 v1 then writes no export either).
    static void print(const Settings &settings, PreparedRun &prepared, const SummaryScopeSink &scopes,
                      QTextStream &out, QTextStream &err, LogSink &log);
};

} // namespace throttle
