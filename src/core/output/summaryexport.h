#pragma once
// SummaryExport: the two JSON shapes of the end-of-test summary, written in k6's key order
// (JsonWriter): handleSummary's `data` argument (script-api.md §1.5, compact) and the
// `--summary-export` file (§11.2: JSON.stringify(…, null, 4) of k6's "old" layout — groups and
// checks keyed by name, each metric its flattened values, a Rate's `rate` renamed `value`,
// thresholds as expression -> failed). Stateless; any thread.

#include "core/output/summaryreport.h"

#include <QByteArray>
#include <QString>

namespace throttle {

class JsonWriter;

class SummaryExport
{
public:
    static QByteArray handleSummaryData(const SummaryReport &report);
    static QByteArray exportJson(const SummaryReport &report);
    // Writes exportJson() to path (created/truncated); false with the OS error text.
    static bool write(const QString &path, const SummaryReport &report, QString *error);

    // The names of a metric's values in k6's order (trend: summaryTrendStats).
    static QStringList valueKeys(const SummaryMetric &metric, const SummaryOptions &options);

private:
    static void writeGroup(JsonWriter &w, const GroupNode &group, bool keyedByName);
    static QList<const SummaryMetric *> sortedMetrics(const SummaryReport &report);
};

} // namespace throttle
