#pragma once
// HistoryTable: how `throttle history` and `throttle compare` print runs and comparisons, as text
// tables and as JSON (README "Run history" shows both). Stateless; any thread.

#include "core/history/historyrecords.h"
#include "core/history/runcomparison.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace throttle {

class HistoryTable {
public:
    static QString runsText(const QList<HistoryRun> &runs, const QString &path, const QString &scriptFilter = QString());
    static QJsonObject runJson(const HistoryRun &run);
    static QString comparisonText(const HistoryRun &a, const HistoryRun &b, const RunComparison &c);
    static QJsonObject comparisonJson(const HistoryRun &a, const HistoryRun &b, const RunComparison &c);

    static QString localTime(qint64 ms);                       // "2026-12-07 21:40:12"
    static QString isoTime(qint64 ms);                         // "2026-12-07T21:40:12.345Z"
    static QString value(double v);                            // "12.5", "2345"
    static QString change(const std::optional<double> &pct);   // "+12.2 %", "-4.0 %", "-"
};

}   // namespace throttle
