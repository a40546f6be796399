#include "core/metrics/metricaggregate.h"

#include <cmath>

namespace throttle {

void MetricAggregate::add(double value, qint64 timeNs)
{
    if (!std::isfinite(value))
        return;
    switch (m_type) {
    case MetricType::Counter:
        m_count += value;
        break;
    case MetricType::Gauge:
        // Batches from different VUs arrive out of order: the latest sample by time wins,
        // arrival order breaks ties.
        if (m_samples == 0 || timeNs >= m_valueTimeNs) {
            m_value = value;
            m_valueTimeNs = timeNs;
        }
        if (m_samples == 0 || value < m_min)
            m_min = value;
        if (m_samples == 0 || value > m_max)
            m_max = value;
        break;
    case MetricType::Rate:
        if (value != 0.0)
            ++m_passes;
        break;
    case MetricType::Trend:
        m_trend.add(value);
        break;
    }
    ++m_samples;
}

double MetricAggregate::min() const
{
    return m_type == MetricType::Trend ? m_trend.min() : m_min;
}

double MetricAggregate::max() const
{
    return m_type == MetricType::Trend ? m_trend.max() : m_max;
}

double MetricAggregate::rate() const
{
    return m_samples ? double(m_passes) / double(m_samples) : 0.0;
}

} // namespace throttle
