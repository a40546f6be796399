#pragma once
// Threshold: one parsed threshold expression, `<aggregation> <op> <number>` (script-api.md
// §10.1), plus its abortOnFail / delayAbortEval settings. Parsing reproduces k6's error texts.
// A plain value; any thread.

#include "core/metrics/metric.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

class Threshold
{
public:
    static std::optional<Threshold> parse(const QString &expression, QString *error);
    // k6's aggregation names for a metric type: counter "count, rate", gauge "value", ...
    static QStringList methodsFor(MetricType type);

    QString source() const { return m_source; }
    QString method() const { return m_method; }        // count rate value avg min med max p
    QString stat() const;                               // "p(95)" for percentiles, else method
    bool supports(MetricType type) const;
    bool passes(double aggregated) const;

    bool abortOnFail = false;
    double delayAbortEvalSec = 0.0;

private:
    QString m_source;
    QString m_method;
    double m_percentile = 0.0;
    QString m_operator;
    double m_value = 0.0;
};

} // namespace throttle
