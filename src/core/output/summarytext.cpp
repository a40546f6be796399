#include "core/output/summarytext.h"

#include "core/output/jsonnumber.h"
#include "core/output/summaryformat.h"
#include "core/output/summarytextv1.h"

#include <QList>
#include <algorithm>
#include <cmath>

namespace throttle {

namespace {

const QString kPass = QStringLiteral("✓");
const QString kFail = QStringLiteral("✗");
enum Palette { Faint = 2, Red = 31, Green = 32, Cyan = 36 };

QString decorate(bool color, const QString &text, std::initializer_list<int> codes)
{
    if (!color)
        return text;
    QStringList parts;
    for (int c : codes)
        parts << QString::number(c);
    return QLatin1String("\x1b[") + parts.join(QLatin1Char(';')) + QLatin1Char('m') + text
           + QLatin1String("\x1b[0m");
}

// Display width: code points, so "✓" and "µ" count as one.
int width(const QString &s)
{
    return int(s.toUcs4().size());
}

QString spaces(int n)
{
    return QString(std::max(n, 0), QLatin1Char(' '));
}

// ASCII primary weights of the root collation: punctuation and symbols in DUCET order, then
// digits, then letters without case. Anything else sorts after, by code point.
int primaryWeight(QChar c)
{
    static const QString punctuation =
        QStringLiteral(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$");
    const ushort u = c.unicode();
    const qsizetype p = punctuation.indexOf(c);
    if (p >= 0)
        return int(p);
    if (u >= '0' && u <= '9')
        return 100 + (u - '0');
    if (u >= 'a' && u <= 'z')
        return 200 + (u - 'a');
    if (u >= 'A' && u <= 'Z')
        return 200 + (u - 'A');
    return 1000 + u;
}

QString parentOf(const QString &name)
{
    const qsizetype brace = name.indexOf(QLatin1Char('{'));
    return brace < 0 ? name : name.left(brace);
}

struct Row {
    const SummaryMetric *metric;
    QString indent;             // "  " for sub-metrics
    QString display;            // "http_reqs" or "{ expected_response:true }"
    bool trend = false;
    QStringList columns;        // trend: one per stat; others: value then extras
};

QStringList nonTrendColumns(const SummaryMetric &m, const SummaryOptions &o)
{
    auto fmt = [&](const char *key) {
        return SummaryFormat::value(m.values.value(QLatin1String(key)), m.type, m.contains,
                                    o.timeUnit);
    };
    auto integer = [&](const char *key) {
        return SummaryFormat::jsString(m.values.value(QLatin1String(key)));
    };
    switch (m.type) {
    case MetricType::Counter:
        return {fmt("count"), fmt("rate") + QLatin1String("/s")};
    case MetricType::Gauge:
        return {fmt("value"), QLatin1String("min=") + fmt("min"), QLatin1String("max=") + fmt("max")};
    case MetricType::Rate:
        if (o.rateOutOf)
            return {fmt("rate"), integer("passes") + QLatin1String(" out of ")
                                     + SummaryFormat::jsString(m.values.value(QStringLiteral("passes"))
                                                               + m.values.value(QStringLiteral("fails")))};
        return {fmt("rate"), kPass + QLatin1Char(' ') + integer("passes"),
                kFail + QLatin1Char(' ') + integer("fails")};
    case MetricType::Trend:
        break;
    }
    return {QStringLiteral("[no data]")};
}

QStringList trendColumns(const SummaryMetric &m, const SummaryOptions &o)
{
    QStringList cols;
    for (const QString &stat : o.trendStats) {
        const double v = m.values.value(stat);
        cols << (stat == QLatin1String("count")
                     ? SummaryFormat::jsString(v)
                     : SummaryFormat::value(v, m.type, m.contains, o.timeUnit));
    }
    return cols;
}

Row makeRow(const SummaryMetric &m, const SummaryOptions &o)
{
    Row row{&m, {}, m.name, m.type == MetricType::Trend, {}};
    const qsizetype brace = m.name.indexOf(QLatin1Char('{'));
    if (brace >= 0) {
        row.indent = QStringLiteral("  ");
        row.display = QLatin1String("{ ") + m.name.mid(brace + 1, m.name.size() - brace - 2)
                      + QLatin1String(" }");
    }
    row.columns = row.trend ? trendColumns(m, o) : nonTrendColumns(m, o);
    return row;
}

// Column widths shared by all rows, as k6 computes them (counters' rate widens the first
// extra column even though counter lines never pad it).
struct Widths {
    int name = 0;
    QList<int> trend;
    int value = 0;
    QList<int> extras;
};

Widths measure(const QList<Row> &rows, int trendStats)
{
    Widths w;
    w.trend = QList<int>(trendStats, 0);
    for (const Row &r : rows) {
        w.name = std::max(w.name, width(r.indent + r.display));
        if (r.trend) {
            for (int i = 0; i < r.columns.size() && i < trendStats; ++i)
                w.trend[i] = std::max(w.trend[i], width(r.columns[i]));
            continue;
        }
        w.value = std::max(w.value, width(r.columns[0]));
        for (int i = 1; i < r.columns.size(); ++i) {
            if (w.extras.size() < i)
                w.extras.append(0);
            w.extras[i - 1] = std::max(w.extras[i - 1], width(r.columns[i]));
        }
    }
    return w;
}

QString rowData(const Row &r, const Widths &w, const SummaryOptions &o)
{
    if (r.trend) {
        QStringList cols;
        for (int i = 0; i < r.columns.size(); ++i)
            cols << o.trendStats[i] + QLatin1Char('=') + decorate(o.color, r.columns[i], {Cyan})
                        + spaces(w.trend[i] - width(r.columns[i]));
        return cols.join(QLatin1Char(' '));
    }
    QString data = decorate(o.color, r.columns[0], {Cyan}) + spaces(w.value - width(r.columns[0]));
    if (r.columns.size() == 2)
        return data + QLatin1Char(' ') + decorate(o.color, r.columns[1], {Cyan, Faint});
    for (int i = 1; i < r.columns.size(); ++i)
        data += QLatin1Char(' ') + decorate(o.color, r.columns[i], {Cyan, Faint})
                + spaces(w.extras[i - 1] - width(r.columns[i]));
    return data;
}

QString rowLine(const Row &r, const Widths &w, const SummaryOptions &o)
{
    QString mark = QStringLiteral(" ");
    int markColor = 0;
    if (r.metric->thresholdsOk) {
        mark = *r.metric->thresholdsOk ? kPass : kFail;
        markColor = *r.metric->thresholdsOk ? Green : Red;
    }
    auto paint = [&](const QString &t) { return markColor ? decorate(o.color, t, {markColor}) : t; };
    const QString dots = QString(w.name - width(r.display) - width(r.indent) + 3, QLatin1Char('.'));
    const QString name = r.display + decorate(o.color, dots + QLatin1Char(':'), {Faint});
    return QLatin1String("   ") + r.indent + paint(mark) + QLatin1Char(' ') + paint(name)
           + QLatin1Char(' ') + rowData(r, w, o);
}

} // namespace

bool SummaryText::nameLess(const QString &a, const QString &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const int wa = primaryWeight(a[i]);
        const int wb = primaryWeight(b[i]);
        if (wa != wb)
            return wa < wb;
    }
    if (a.size() != b.size())
        return a.size() < b.size();
    for (qsizetype i = 0; i < n; ++i)   // tertiary level: lower case first
        if (a[i] != b[i])
            return a[i].isLower() && b[i].isUpper() ? true
                   : a[i].isUpper() && b[i].isLower() ? false
                                                       : a[i] < b[i];
    return false;
}

bool SummaryText::metricLess(const QString &a, const QString &b)
{
    const QString pa = parentOf(a);
    const QString pb = parentOf(b);
    if (pa != pb)
        return nameLess(pa, pb);
    return nameLess(a.mid(pa.size()), b.mid(pb.size()));
}

QString SummaryText::checkLine(const CheckNode &check, const QString &indent, bool color)
{
    if (check.fails == 0)
        return decorate(color, indent + kPass + QLatin1Char(' ') + check.name, {Green});
    const quint64 total = check.passes + check.fails;
    const auto pct = quint64(std::floor(100.0 * double(check.passes) / double(total)));
    const QString detail = QStringLiteral("↳  %1% — %2 %3 / %4 %5")
                               .arg(pct).arg(kPass).arg(check.passes).arg(kFail).arg(check.fails);
    return decorate(color, indent + kFail + QLatin1Char(' ') + check.name, {Red}) + QLatin1Char('\n')
           + indent + QLatin1Char(' ') + decorate(color, detail, {Red});
}

void SummaryText::groupLines(const GroupNode &group, const QString &indent, bool color,
                             QStringList *lines)
{
    QString inner = indent;
    if (!group.name.isEmpty()) {
        *lines << indent + QStringLiteral("█ ") + group.name << QString();
        inner += QLatin1String("  ");
    }
    for (const CheckNode &check : group.checks)
        *lines << checkLine(check, inner, color);
    if (!group.checks.isEmpty())
        *lines << QString();
    for (const GroupNode &child : group.children)
        groupLines(child, inner, color, lines);
}

QStringList SummaryText::metricLines(const SummaryData &data, const SummaryOptions &options)
{
    QList<Row> rows;
    for (const SummaryMetric &m : data.metrics)
        rows.append(makeRow(m, options));
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return metricLess(a.metric->name, b.metric->name);
    });
    const Widths widths = measure(rows, int(options.trendStats.size()));
    QStringList lines;
    for (const Row &r : rows)
        lines << rowLine(r, widths, options);
    return lines;
}

QString SummaryText::render(const MetricsSnapshot &snapshot, const SummaryOptions &options)
{
    return render(SummaryData::fromSnapshot(snapshot, options), options);
}

QString SummaryText::render(const SummaryData &data, const SummaryOptions &options)
{
    QStringList lines;
    groupLines(data.rootGroup, QStringLiteral("     "), options.color, &lines);
    lines << metricLines(data, options);
    return lines.join(QLatin1Char('\n'));
}

QString SummaryText::forStdout(const MetricsSnapshot &snapshot, const SummaryOptions &options)
{
    return QLatin1Char('\n') + render(snapshot, options) + QLatin1String("\n\n");
}

QString SummaryText::forReport(const SummaryReport &report)
{
    QString text;
    switch (report.options.mode) {
    case SummaryMode::Disabled:
        return QString();
    case SummaryMode::Legacy: {
        SummaryOptions options = report.options;
        options.rateOutOf = true;   // what k6 v1.3 prints in its legacy mode
        text = render(report.data, options);
        break;
    }
    case SummaryMode::Compact:
    case SummaryMode::Full:
        text = SummaryTextV1::render(report);
        break;
    }
    text = QLatin1Char('\n') + text + QLatin1String("\n\n");
    if (report.stdoutTty)
        text.replace(QLatin1Char('\n'), QStringLiteral("\x1b[0K\n"));
    return text;
}

std::optional<SummaryMode> SummaryText::parseMode(const QString &text)
{
    if (text == QLatin1String("compact") || text.isEmpty())
        return SummaryMode::Compact;
    if (text == QLatin1String("full"))
        return SummaryMode::Full;
    if (text == QLatin1String("legacy"))
        return SummaryMode::Legacy;
    if (text == QLatin1String("disabled"))
        return SummaryMode::Disabled;
    return std::nullopt;
}

} // namespace throttle
