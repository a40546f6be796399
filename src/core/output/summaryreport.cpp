#include "core/output/summaryreport.h"

namespace throttle {

SummaryReport SummaryReport::build(const MetricsSnapshot &snapshot, const ThresholdSet::Evaluation &evaluation,
                                   SummaryOptions options, double testRunDurationMs,
                                   std::optional<QByteArray> setupData)
{
    SummaryReport r;
    options.thresholdOk = evaluation.ok;
    r.options = options;
    r.data = SummaryData::fromSnapshot(snapshot, options);
    r.thresholds = evaluation.expressions;
    r.testRunDurationMs = testRunDurationMs;
    r.setupData = std::move(setupData);
    return r;
}

} // namespace throttle
