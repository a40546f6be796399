#include "core/output/summarymetriclines.h"

#include "core/output/summaryformat.h"
#include "core/output/summarytext.h"

#include <QRegularExpression>
#include <algorithm>
#include <optional>

namespace throttle {

namespace {

QString pad(int n)
{
    return QString(std::max(n, 0), QLatin1Char(' '));
}

QString human(const SummaryMetric &m, double v, const SummaryOptions &o)
{
    return SummaryFormat::value(v, m.type, m.contains, o.timeUnit);
}

QString trendValue(const SummaryMetric &m, const QString &stat, const SummaryOptions &o)
{
    const double v = m.values.value(stat);
    return stat == QLatin1String("count") ? SummaryFormat::jsString(v) : human(m, v, o);
}

QStringList nonTrendValues(const SummaryMetric &m, const SummaryOptions &o)
{
    const auto v = [&](const char *key) { return m.values.value(QLatin1String(key)); };
    switch (m.type) {
    case MetricType::Counter:
        return {human(m, v("count"), o), human(m, v("rate"), o) + QLatin1String("/s")};
    case MetricType::Gauge:
        return {human(m, v("value"), o), QLatin1String("min=") + human(m, v("min"), o),
                QLatin1String("max=") + human(m, v("max"), o)};
    case MetricType::Rate:
        return {human(m, v("rate"), o), SummaryFormat::jsString(v("passes")) + QLatin1String(" out of ")
                                            + SummaryFormat::jsString(v("passes") + v("fails"))};
    case MetricType::Trend:
        break;
    }
    return {QStringLiteral("[no data]")};
}

} // namespace

QString SummaryMetricLines::decorate(bool color, const QString &text, const char *color_, const char *style)
{
    if (!color)
        return text;
    const QString codes = style ? QLatin1String(style) + QLatin1Char(';') + QLatin1String(color_)
                                : QLatin1String(color_);
    return QLatin1String("\x1b[") + codes + QLatin1Char('m') + text + QLatin1String("\x1b[0m");
}

QString SummaryMetricLines::bold(bool color, const QString &text)
{
    return color ? QLatin1String("\x1b[1m") + text + QLatin1String("\x1b[0m") : text;
}

int SummaryMetricLines::width(const QString &text)
{
    return int(text.toUcs4().size());
}

QString SummaryMetricLines::displayName(const QString &name)
{
    const qsizetype brace = name.indexOf(QLatin1Char('{'));
    if (brace < 0)
        return name;
    return QLatin1String("  { ") + name.mid(brace + 1, name.size() - brace - 2) + QLatin1String(" }");
}

void SummaryMetricLines::sortByName(QList<const SummaryMetric *> *metrics)
{
    std::stable_sort(metrics->begin(), metrics->end(), [](const SummaryMetric *a, const SummaryMetric *b) {
        return SummaryText::metricLess(a->name, b->name);
    });
}

SummaryMetricLines::SummaryMetricLines(const QList<const SummaryMetric *> &metrics,
                                       const SummaryIndent &indent, const SummaryOptions &options,
                                       NameWidth nameWidth)
    : m_indent(indent), m_options(options), m_noDots(nameWidth == NameWidth::NoDots)
{
    m_trendColMax = QList<int>(options.trendStats.size(), 0);
    for (const SummaryMetric *m : metrics) {
        m_maxNameWidth = std::max(m_maxNameWidth, width(indent.apply(displayName(m->name))));
        if (m->type == MetricType::Trend) {
            QStringList cols;
            for (qsizetype i = 0; i < options.trendStats.size(); ++i) {
                cols << trendValue(*m, options.trendStats[i], options);
                m_trendColMax[i] = std::max(m_trendColMax[i], width(cols.last()));
            }
            m_trendCols.insert(m->name, cols);
            QHash<QString, QString> keys;
            for (auto it = m->values.cbegin(); it != m->values.cend(); ++it)
                if (!options.trendStats.contains(it.key()))
                    keys.insert(it.key(), trendValue(*m, it.key(), options));
            m_trendKeys.insert(m->name, keys);
            continue;
        }
        const QStringList values = nonTrendValues(*m, options);
        m_values.insert(m->name, values.first());
        m_maxValue = std::max(m_maxValue, width(values.first()));
        m_extras.insert(m->name, values.mid(1));
        for (qsizetype i = 1; i < values.size(); ++i) {
            if (m_extraMax.size() < i)
                m_extraMax.append(0);
            m_extraMax[i - 1] = std::max(m_extraMax[i - 1], width(values[i]));
        }
    }
}

QString SummaryMetricLines::trendData(const SummaryMetric &m) const
{
    const QStringList cols = m_trendCols.value(m.name);
    QStringList parts;
    for (qsizetype i = 0; i < cols.size(); ++i)
        parts << m_options.trendStats[i] + QLatin1Char('=') + decorate(m_options.color, cols[i], "36")
                     + pad(m_trendColMax[i] - width(cols[i]));
    return parts.join(QLatin1Char(' '));
}

QString SummaryMetricLines::nonTrendData(const SummaryMetric &m) const
{
    const QString value = m_values.value(m.name);
    const QStringList extras = m_extras.value(m.name);
    QString out = decorate(m_options.color, value, "36") + pad(m_maxValue - width(value));
    if (extras.size() == 1)
        return out + QLatin1Char(' ') + decorate(m_options.color, extras.first(), "36", "2");
    QStringList parts;
    for (qsizetype i = 0; i < extras.size(); ++i)
        parts << decorate(m_options.color, extras[i], "36", "2") + pad(m_extraMax[i] - width(extras[i]));
    return extras.isEmpty() ? out : out + QLatin1Char(' ') + parts.join(QLatin1Char(' '));
}

QString SummaryMetricLines::line(const SummaryMetric &m) const
{
    const QString shown = displayName(m.name);
    const int dots = m_noDots ? 0
                              : std::max(3, m_maxNameWidth - width(shown) - width(m_indent.level()) + 3);
    const QString dotted = shown + decorate(m_options.color, QString(dots, QLatin1Char('.')) + QLatin1Char(':'),
                                            "37", "2");
    const QString data = m.type == MetricType::Trend ? trendData(m) : nonTrendData(m);
    return m_indent.apply(dotted + QLatin1Char(' ') + data);
}

QString SummaryMetricLines::thresholdValue(const SummaryMetric &m, const QString &source) const
{
    static const QRegularExpression op(QStringLiteral("[=><]"));
    const QString agg = source.split(op).first().trimmed();
    std::optional<QString> value;
    switch (m.type) {
    case MetricType::Trend: {
        const qsizetype i = m_options.trendStats.indexOf(agg);
        if (i >= 0)
            value = m_trendCols.value(m.name).value(i);
        else if (m_trendKeys.value(m.name).contains(agg))
            value = m_trendKeys.value(m.name).value(agg);
        break;
    }
    case MetricType::Counter:
        value = agg == QLatin1String("count") ? m_values.value(m.name) : m_extras.value(m.name).value(0);
        break;
    default:
        value = m_values.value(m.name);
    }
    // JavaScript prints a missing value as "undefined" inside a template, "" in Array#join.
    const QString shown = value ? decorate(m_options.color, *value, "36")
                                : (m_options.color ? decorate(true, QStringLiteral("undefined"), "36") : QString());
    return decorate(m_options.color, agg, "37") + QLatin1Char('=') + shown;
}

} // namespace throttle
