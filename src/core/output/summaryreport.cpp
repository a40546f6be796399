#include "core/output/summaryreport.h"

#include <QRegularExpression>

namespace throttle {

namespace {

// k6 v1 adds the value of every percentile a trend's thresholds name (`p(99) < 300`).
QMap<QString, QMap<QString, double>> percentileStats(const MetricsSnapshot &snapshot,
                                                     const ThresholdSet::Evaluation &evaluation)
{
    static const QRegularExpression percentile(QStringLiteral("^p\\((\\d+(?:\\.\\d+)?)\\)\\s*[<>=]"));
    QMap<QString, QMap<QString, double>> out;
    for (auto it = evaluation.ordered.cbegin(); it != evaluation.ordered.cend(); ++it) {
        const MetricSnapshot *m = snapshot.find(it.key());
        if (!m || m->type != MetricType::Trend)
            continue;
        for (const auto &[source, ok] : it.value()) {
            const QRegularExpressionMatch match = percentile.match(source.trimmed());
            if (match.hasMatch()) {
                const QString stat = QLatin1String("p(") + match.captured(1) + QLatin1Char(')');
                out[it.key()].insert(stat, trendStat(*m, stat));
            }
        }
    }
    return out;
}

} // namespace

SummaryReport SummaryReport::build(const MetricsSnapshot &snapshot, const ThresholdSet::Evaluation &evaluation,
                                   SummaryOptions options, double testRunDurationMs,
                                   std::optional<QByteArray> setupData)
{
    SummaryReport r;
    options.thresholdOk = evaluation.ok;
    r.options = options;
    r.data = SummaryData::fromSnapshot(snapshot, options);
    r.thresholds = evaluation.expressions;
    r.thresholdOrder = evaluation.ordered;
    r.thresholdStats = percentileStats(snapshot, evaluation);
    r.testRunDurationMs = testRunDurationMs;
    r.setupData = std::move(setupData);
    return r;
}

} // namespace throttle
