#pragma once
// SummaryTextV1: renders k6 v1's end-of-test text summary (script-api.md §11.1), the `compact`
// and `full` summary modes: █ THRESHOLDS (each thresholded metric with its expressions and the
// value each one judged), █ TOTAL RESULTS (checks_total / checks_succeeded / checks_failed, the
// checks by name, then the metrics in sections CUSTOM, HTTP, EXECUTION, NETWORK, ...), and in
// `full` mode a █ GROUP block per group and a █ SCENARIO block per named scenario. Byte for byte
// what k6 v1.3's summary.js prints for the same numbers, including its spacing quirks.
// Stateless; any thread.

#include "core/output/summaryreport.h"

#include <QString>
#include <QStringList>

namespace throttle {

class SummaryTextV1
{
public:
    // The text k6's textSummary returns (starts with "\n", no trailing newline of its own).
    static QString render(const SummaryReport &report);

    // The section a metric is listed under ("http", "execution", ...; "custom" for the rest),
    // or "" for metrics the mode leaves out (checks, group_duration; compact: the HTTP phases).
    static QString sectionOf(const QString &name, SummaryMode mode);
};

} // namespace throttle
