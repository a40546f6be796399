#pragma once
// SummaryMetricLines: k6 v1's metric lines (script-api.md §11.1): for one block of metrics it
// formats every value once, measures the columns shared by the block (name width, trend
// columns, value and extra columns) and prints `name....: value extras` lines and threshold
// values from them. Also the ANSI decoration and indentation helpers the v1 layout shares.
// A value built per block; any thread.

#include "core/output/summarydata.h"
#include "core/output/summaryoptions.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace throttle {

// k6 v1's RenderContext: indentation in steps of two spaces.
struct SummaryIndent {
    int base = 0;
    QString level(int n = 1) const { return QString((base + n) * 2, QLatin1Char(' ')); }
    QString apply(const QString &text, int n = 1) const { return level(n) + text; }
    SummaryIndent deeper(int by = 1) const { return SummaryIndent{base + by}; }
};

class SummaryMetricLines
{
public:
    // How wide names are: measured on this block, or k6's quirk when the whole report has a
    // single metric name (its width turns into a string in k6's JavaScript: no dots at all).
    enum class NameWidth { Measure, NoDots };

    SummaryMetricLines(const QList<const SummaryMetric *> &metrics, const SummaryIndent &indent,
                       const SummaryOptions &options, NameWidth width = NameWidth::Measure);

    QString line(const SummaryMetric &metric) const;
    // "p(95)=1.2ms" for a threshold `source` on `metric` (k6's renderMetricValueForThresholds).
    QString thresholdValue(const SummaryMetric &metric, const QString &source) const;

    static QString decorate(bool color, const QString &text, const char *color_,
                            const char *style = nullptr);
    static QString bold(bool color, const QString &text);
    static int width(const QString &text);
    static QString displayName(const QString &name);   // "  { k:v }" for sub-metrics
    // k6's metric order: parent names with localeCompare, then each parent's sub-metrics.
    static void sortByName(QList<const SummaryMetric *> *metrics);

private:
    QString trendData(const SummaryMetric &metric) const;
    QString nonTrendData(const SummaryMetric &metric) const;

    SummaryIndent m_indent;
    SummaryOptions m_options;
    bool m_noDots = false;
    int m_maxNameWidth = 0;
    QHash<QString, QStringList> m_trendCols;
    QHash<QString, QHash<QString, QString>> m_trendKeys;   // stats beyond summaryTrendStats
    QList<int> m_trendColMax;
    QHash<QString, QString> m_values;
    QHash<QString, QStringList> m_extras;
    int m_maxValue = 0;
    QList<int> m_extraMax;
};

} // namespace throttle
