#pragma once
// SummaryOptions: what the end-of-test text summary needs besides the metrics (plain value).

#include <QMap>
#include <QString>
#include <QStringList>

namespace throttle {

// --summary-mode / K6_SUMMARY_MODE: k6 v1's layouts (compact is the default), v0.49's layout
// (legacy), or no summary at all (disabled; --no-summary is its deprecated alias).
enum class SummaryMode { Compact, Full, Legacy, Disabled };

struct SummaryOptions {
    // summaryTrendStats; k6's default when empty.
    QStringList trendStats = {QStringLiteral("avg"), QStringLiteral("min"), QStringLiteral("med"),
                              QStringLiteral("max"), QStringLiteral("p(90)"),
                              QStringLiteral("p(95)")};
    QString timeUnit;                   // summaryTimeUnit: "", "s", "ms" or "us"
    double elapsedSec = 0.0;            // test-run time without pauses, for counter rates
    QMap<QString, bool> thresholdOk;    // metric or sub-metric name -> all its thresholds passed
    bool color = false;                 // ANSI colours (stdout is a TTY and no --no-color)
    SummaryMode mode = SummaryMode::Compact;
    // Rates as "7 out of 10" (k6 v1.3's legacy mode) instead of v0.49's "✓ 7 ✗ 3".
    bool rateOutOf = false;
};

} // namespace throttle
