#pragma once
// SummaryReport: everything the end of a run hands to handleSummary() and --summary-export
// (script-api.md §1.5, §11.2): the summary values, the per-expression threshold verdicts, the
// options and state handleSummary sees, and the setup data. A plain value built on the thread
// that ends the run (build() reads a snapshot, never the live engine).

#include "core/metrics/thresholdset.h"
#include "core/output/summarydata.h"
#include "core/output/summaryoptions.h"
#include "core/output/summaryscope.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <optional>

namespace throttle {

struct SummaryReport {
    SummaryData data;
    SummaryOptions options;                              // trend stats, time unit, elapsed
    QMap<QString, QMap<QString, bool>> thresholds;       // metric -> expression -> passed
    QMap<QString, QList<QPair<QString, bool>>> thresholdOrder;   // the same, as options list them
    // Trend metrics with percentile thresholds: "p(99)" -> value, for each percentile a
    // threshold names (k6 v1's THRESHOLDS block shows them even beyond summaryTrendStats).
    QMap<QString, QMap<QString, double>> thresholdStats;
    SummaryScopes scopes;                                // checks by name; full mode: groups, scenarios
    bool noColor = false;
    bool stdoutTty = false;
    bool stderrTty = false;
    double testRunDurationMs = 0.0;
    std::optional<QByteArray> setupData;                 // compact JSON; nullopt = undefined

    // options.thresholdOk is filled from the evaluation too.
    static SummaryReport build(const MetricsSnapshot &snapshot, const ThresholdSet::Evaluation &evaluation,
                               SummaryOptions options, double testRunDurationMs,
                               std::optional<QByteArray> setupData);
};

} // namespace throttle
