#pragma once
// maskSummary(): an end-of-test summary with the numbers that depend on timing replaced, so
// that Throttle's output and k6's can be compared character for character otherwise. Masked:
// every rate ("123.4/s", "9.4 kB/s"); all numbers on the lines of metrics that measure time,
// bytes or live VUs (http_req_* phases, iteration_duration, group_duration, data_*, vus*), on
// their sub-metric lines and on their threshold lines (but not a trend's count=N). Then runs of
// spaces inside a line become one space and trailing spaces go, because column widths follow
// the masked values. Counts,
// checks, percentages and custom metrics fed fixed values stay as they are. The rows of vus and
// vus_max are dropped (sampled once a second, so present or not depending on the run's length).
// Used by tst_summaryk6 and by summary_mask (tests/e2e/summary/compare.sh).

#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace summarymask {

inline bool isVolatile(const QString &name)
{
    static const QRegularExpression re(QStringLiteral(
        "^(http_req_(blocked|connecting|duration|receiving|sending|tls_handshaking|waiting)|"
        "iteration_duration|group_duration|data_received|data_sent|vus|vus_max)(\\{.*\\})?$"));
    return re.match(name).hasMatch();
}

// The metric a line talks about: "    http_reqs......: 3" -> "http_reqs"; a threshold header
// "    http_req_duration{status:200}" -> the same; "" for anything else.
inline QString metricOf(const QString &plain)
{
    static const QRegularExpression row(QStringLiteral("^\\s*(?:[✓✗]\\s+)?([A-Za-z_][\\w]*(?:\\{[^}]*\\})?)\\.*:"));
    static const QRegularExpression header(QStringLiteral("^\\s*([A-Za-z_][\\w]*(?:\\{[^}]*\\})?)\\s*$"));
    QRegularExpressionMatch m = row.match(plain);
    if (!m.hasMatch())
        m = header.match(plain);
    return m.hasMatch() ? m.captured(1) : QString();
}

inline QString maskSummary(const QString &text)
{
    static const QRegularExpression ansi(QStringLiteral("\\x1b\\[[0-9;]*[A-Za-z]"));
    static const QRegularExpression rate(QStringLiteral("\\d+(?:\\.\\d+)?(?: ?[kMGT]?B)?/s"));
    static const QRegularExpression number(QStringLiteral(
        "(?<!count=)(?<!count=\\x1b\\[36m)(?:(?<![\\w(.\\[;])|(?<=\\x1b\\[36m)|(?<=\\x1b\\[2;36m))(?:\\d+h)?(?:\\d+m)?\\d+(?:\\.\\d+)?(?:ns|µs|ms|s|%| [kMGT]?B)?"));
    static const QRegularExpression spaces(QStringLiteral("(\\S) {2,}"));
    QStringList out;
    bool volatileBlock = false;   // this line belongs to a volatile metric
    bool parentVolatile = false;  // the last metric named in full was volatile
    for (QString line : text.split(QLatin1Char('\n'))) {
        QString plain = line;
        plain.remove(ansi);
        const QString trimmed = plain.trimmed();
        QString unmarked = trimmed;
        if (unmarked.startsWith(QStringLiteral("✓ ")) || unmarked.startsWith(QStringLiteral("✗ ")))
            unmarked = unmarked.mid(2);
        const QString metric = metricOf(plain);
        if (!metric.isEmpty())
            volatileBlock = parentVolatile = isVolatile(metric);
        else if (unmarked.startsWith(QLatin1Char('{')))
            volatileBlock = parentVolatile;   // a sub-metric row or threshold header: its parent's
        else if (!unmarked.startsWith(QLatin1Char('\'')))
            volatileBlock = false;            // anything but a threshold line ends the block
        // vus and vus_max are sampled once a second: whether a short run has them depends on
        // how long it took. Their rows go.
        if (metric == QLatin1String("vus") || metric == QLatin1String("vus_max"))
            continue;
        line.replace(rate, QStringLiteral("<rate>/s"));
        static const QRegularExpression separator(QStringLiteral(":(?:\\x1b\\[0m)? "));   // "name....: values"
        const QRegularExpressionMatch sep = separator.match(line);
        const qsizetype colon = sep.hasMatch() ? sep.capturedEnd() - 1 : -1;
        const bool thresholdLine = trimmed.startsWith(QStringLiteral("✓ '")) || trimmed.startsWith(QStringLiteral("✗ '"));
        if (volatileBlock && thresholdLine) {
            const qsizetype eq = line.lastIndexOf(QLatin1Char('='));
            line = line.left(eq + 1) + line.mid(eq + 1).replace(number, QStringLiteral("<n>"));
        } else if (volatileBlock && colon >= 0 && !trimmed.isEmpty()) {
            line = line.left(colon + 1) + line.mid(colon + 1).replace(number, QStringLiteral("<n>"));
        }
        // On a terminal every line ends with ESC[0K; the padding before it is timing-dependent too.
        const QString eraseLine = QStringLiteral("\x1b[0K");
        const bool erased = line.endsWith(eraseLine);
        if (erased)
            line.chop(eraseLine.size());
        const qsizetype indent = line.size() - QString(line).remove(QRegularExpression(QStringLiteral("^ +"))).size();
        QString rest = line.mid(indent);
        rest.replace(spaces, QStringLiteral("\\1 "));
        while (rest.endsWith(QLatin1Char(' ')))
            rest.chop(1);
        out << line.left(indent) + rest + (erased ? eraseLine : QString());
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace summarymask
