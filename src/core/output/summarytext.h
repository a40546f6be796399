#pragma once
// SummaryText: renders k6 v0.49's end-of-test text summary (script-api.md §11.1) from a
// metrics snapshot: the group/check tree, then one line per metric sorted by name with its
// sub-metrics under it. Stateless; any thread.
//
// render() returns the lines joined by "\n" without a trailing newline, like k6's textSummary();
// `k6 run` writes "\n" + text + "\n\n" to stdout (forStdout()).

#include "core/metrics/groupnode.h"
#include "core/metrics/metricssnapshot.h"
#include "core/output/summarydata.h"
#include "core/output/summaryoptions.h"

#include <QString>
#include <QStringList>

namespace throttle {

class SummaryText
{
public:
    static QString render(const MetricsSnapshot &snapshot, const SummaryOptions &options);
    // Prints precomputed values (what handleSummary receives); options.thresholdOk is unused here.
    static QString render(const SummaryData &data, const SummaryOptions &options);
    static QString forStdout(const MetricsSnapshot &snapshot, const SummaryOptions &options);

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
