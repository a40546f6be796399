#include "cli/historytable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>
#include <cmath>

namespace throttle {

namespace {

QString pad(const QString &s, int width, bool right)
{
    return right ? s.rightJustified(width) : s.leftJustified(width);
}

// Columns: each row a list of cells; `right` says which columns are numbers.
QString table(const QList<QStringList> &rows, const QList<bool> &right)
{
    QList<int> widths(right.size(), 0);
    for (const QStringList &r : rows)
        for (int i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(r.at(i).size()));
    QString out;
    for (const QStringList &r : rows) {
        QStringList cells;
        for (int i = 0; i < r.size(); ++i)
            cells << (i == r.size() - 1 && !right.at(i) ? r.at(i) : pad(r.at(i), widths.at(i), right.at(i)));
        out += cells.join(QStringLiteral("  ")) + QLatin1Char('\n');
    }
    return out;
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject runRef(const HistoryRun &r)
{
    return {{"id", r.id}, {"script", r.script}, {"started", HistoryTable::isoTime(r.startedMs)}};
}

}   // namespace

QString HistoryTable::localTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString HistoryTable::isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString HistoryTable::value(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'f', std::fabs(v) >= 100 ? 1 : (std::fabs(v) >= 1 ? 2 : 4));
}

QString HistoryTable::change(const std::optional<double> &pct)
{
    if (!pct)
        return QStringLiteral("-");
    return (*pct >= 0 ? QStringLiteral("+") : QString()) + QString::number(*pct, 'f', 1) + QStringLiteral(" %");
}

QString HistoryTable::runsText(const QList<HistoryRun> &runs, const QString &path, const QString &scriptFilter)
{
    if (runs.isEmpty() && !scriptFilter.isEmpty())
        return QStringLiteral("No runs of a script matching \"%1\" in %2\n").arg(scriptFilter, path);
    if (runs.isEmpty())
        return QStringLiteral("No runs recorded yet in %1\n").arg(path);
    QList<QStringList> rows{{"ID", "STARTED", "DURATION", "EXIT", "PEAK VUS", "REQUESTS", "FAILED", "SCRIPT"}};
    for (const HistoryRun &r : runs) {
        const bool ended = r.endedMs.has_value();
        rows.append(
            {QString::number(r.id), localTime(r.startedMs),
             ended ? QString::number(double(*r.endedMs - r.startedMs) / 1000.0, 'f', 1) + QLatin1Char('s') : QStringLiteral("-"),
             r.exitCode ? QString::number(*r.exitCode) : QStringLiteral("-"), value(r.peakVus), value(r.requests),
             value(r.failed), r.script + (ended ? QString() : QStringLiteral(" (did not finish)"))});
    }
    return table(rows, {true, false, true, true, true, true, true, false});
}

QJsonObject HistoryTable::runJson(const HistoryRun &r)
{
    return {{"id", r.id},
            {"script", r.script},
            {"script_sha256", r.scriptSha256},
            {"origin", r.origin},
            {"started", isoTime(r.startedMs)},
            {"ended", r.endedMs ? QJsonValue(isoTime(*r.endedMs)) : QJsonValue(QJsonValue::Null)},
            {"exit_code", r.exitCode ? QJsonValue(*r.exitCode) : QJsonValue(QJsonValue::Null)},
            {"peak_vus", r.peakVus},
            {"requests", r.requests},
            {"failed", r.failed}};
}

QString HistoryTable::comparisonText(const HistoryRun &a, const HistoryRun &b, const RunComparison &c)
{
    QString out = QStringLiteral("A: run %1, %2, %3\nB: run %4, %5, %6\n\n")
                      .arg(a.id)
                      .arg(localTime(a.startedMs), a.script)
                      .arg(b.id)
                      .arg(localTime(b.startedMs), b.script);
    QList<QStringList> rows{{"METRIC", "STAT", "A", "B", "CHANGE"}};
    QString last;
    for (const MetricChange &m : c.metrics) {
        rows.append({m.metric == last ? QString() : m.metric, m.stat, m.a ? value(*m.a) : QStringLiteral("-"),
                     m.b ? value(*m.b) : QStringLiteral("-"), change(m.changePct)});
        last = m.metric;
    }
    out += table(rows, {false, false, true, true, true});
    out += QLatin1Char('\n');
    if (c.flipped.isEmpty()) {
        out += QStringLiteral("No threshold changed its verdict.\n");
        return out;
    }
    out += QStringLiteral("Thresholds that flipped:\n");
    for (const ThresholdFlip &f : c.flipped)
        out += QStringLiteral("  %1 %2: %3 in A, %4 in B\n")
                   .arg(f.metric, f.threshold, f.aOk ? QStringLiteral("passed") : QStringLiteral("failed"),
                        f.bOk ? QStringLiteral("passed") : QStringLiteral("failed"));
    return out;
}

QJsonObject HistoryTable::comparisonJson(const HistoryRun &a, const HistoryRun &b, const RunComparison &c)
{
    QJsonArray metrics;
    for (const MetricChange &m : c.metrics)
        metrics.append(QJsonObject{{"metric", m.metric},
                                   {"stat", m.stat},
                                   {"a", optionalNumber(m.a)},
                                   {"b", optionalNumber(m.b)},
                                   {"change_pct", optionalNumber(m.changePct)}});
    QJsonArray flipped;
    for (const ThresholdFlip &f : c.flipped)
        flipped.append(QJsonObject{{"metric", f.metric}, {"threshold", f.threshold}, {"a_ok", f.aOk}, {"b_ok", f.bOk}});
    return {{"a", runRef(a)}, {"b", runRef(b)}, {"metrics", metrics}, {"thresholds_flipped", flipped}};
}

}   // namespace throttle
