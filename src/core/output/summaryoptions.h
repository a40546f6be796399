#pragma once
// SummaryOptions: what the end-of-test text summary needs besides the metrics (plain value).

#include <QMap>
#include <QString>
#include <QStringList>

namespace throttle {

struct SummaryOptions {
    // summaryTrendStats; k6's default when empty.
    QStringList trendStats = {QStringLiteral("avg"), QStringLiteral("min"), QStringLiteral("med"),
                              QStringLiteral("max"), QStringLiteral("p(90)"),
                              QStringLiteral("p(95)")};
    QString timeUnit;                   // summaryTimeUnit: "", "s", "ms" or "us"
    double elapsedSec = 0.0;            // test-run time without pauses, for counter rates
    QMap<QString, bool> thresholdOk;    // metric or sub-metric name -> all its thresholds passed
    bool color = false;                 // ANSI colours (stdout is a TTY and no --no-color)
};

} // namespace throttle
