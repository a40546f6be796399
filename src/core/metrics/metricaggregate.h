#pragma once
// MetricAggregate: what one metric or sub-metric has accumulated so far, for its type:
// counter {count}, gauge {value (latest), min, max}, rate {passes (non-zero), total},
// trend {Histogram: count, min, max, sum, percentiles}. A plain value type; the engine owns
// one per series and updates it on its collecting thread, snapshots copy it.

#include "core/metrics/histogram.h"
#include "core/metrics/metric.h"

namespace throttle {

class MetricAggregate
{
public:
    explicit MetricAggregate(MetricType type = MetricType::Counter) : m_type(type) {}

    void add(double value, qint64 timeNs);   // non-finite values are dropped (never NaN out)

    MetricType type() const { return m_type; }
    quint64 samples() const { return m_samples; }

    double count() const { return m_count; }          // counter: sum of the values
    double value() const { return m_value; }          // gauge: the latest value
    double min() const;                               // gauge or trend
    double max() const;                               // gauge or trend
    quint64 passes() const { return m_passes; }       // rate: non-zero samples
    quint64 fails() const { return m_samples - m_passes; }
    quint64 total() const { return m_samples; }
    double rate() const;                              // rate: passes/total, 0 when empty
    const Histogram &trend() const { return m_trend; }

    // The state as plain values, to carry it to another process (a fleet of runners).
    struct Parts {
        quint64 samples = 0;
        double count = 0.0;
        double value = 0.0;
        double min = 0.0;
        double max = 0.0;
        quint64 passes = 0;   // at most samples
        Histogram trend;
    };
    Parts parts() const;
    static MetricAggregate fromParts(MetricType type, Parts parts);
    // Adds another runner's aggregate of the same metric: counts, rates and trends exactly
    // (the sums of what each saw); a gauge's value is summed when sumGauge (vus, vus_max: the
    // fleet's total) and otherwise the larger one is kept; min and max span both.
    void merge(const MetricAggregate &other, bool sumGauge);

private:
    MetricType m_type;
    quint64 m_samples = 0;
    double m_count = 0.0;
    double m_value = 0.0;
    double m_min = 0.0;
    double m_max = 0.0;
    qint64 m_valueTimeNs = 0;
    quint64 m_passes = 0;
    Histogram m_trend;
};

} // namespace throttle
