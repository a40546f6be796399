#pragma once
// SummaryText: renders k6 v0.49's end-of-test text summary (script-api.md §11.1) from a
// metrics snapshot: the group/check tree, then one line per metric sorted by name with its
// sub-metrics under it. Stateless; any thread.
//
// render() returns the lines joined by "\n" without a trailing newline, like k6's textSummary();
// `k6 run` writes "\n" + text + "\n\n" to stdout (forStdout()). forReport() picks the layout
// by summary mode: k6 v1's compact/full (SummaryTextV1), this one for legacy, nothing when disabled.

#include "core/metrics/groupnode.h"
#include "core/metrics/metricssnapshot.h"
#include "core/output/summarydata.h"
#include "core/output/summaryoptions.h"
#include "core/output/summaryreport.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

class SummaryText
{
public:
    static QString render(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    // Prints precomputed values (what handleSummary receives); options.thresholdOk is unused here.
    static QString render(const SummaryData &data, const SummaryOptions &options);
    static QString forStdout(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    // What `throttle run` prints to stdout at the end for report.options.mode; on a terminal
    // (report.stdoutTty) every line ends in "\x1b[0K" (erase to end of line), as k6 does.
    static QString forReport(const SummaryReport &report);
    // --summary-mode / K6_SUMMARY_MODE values: compact, full, legacy, disabled.
    static std::optional<SummaryMode> parseMode(const QString &text);

    // k6 sorts names with JavaScript's localeCompare (Unicode root collation); this is the
    // same order for ASCII: punctuation < digits < letters, case-insensitive first, then
    // lower case before upper case.
    static bool nameLess(const QString &a, const QString &b);
    // Parent names first, then each parent's sub-metric suffixes.
    static bool metricLess(const QString &a, const QString &b);

private:
    static void groupLines(const GroupNode &group, const QString &indent, bool color,
                           QStringList *lines);
    static QString checkLine(const CheckNode &check, const QString &indent, bool color);
    static QStringList metricLines(const SummaryData &data, const SummaryOptions &options);
};

} // namespace throttle
