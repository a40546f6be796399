#include "core/metrics/metricaggregate.h"

#include <algorithm>
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

MetricAggregate::Parts MetricAggregate::parts() const
{
    return {m_samples, m_count, m_value, m_min, m_max, m_passes, m_trend};
}

MetricAggregate MetricAggregate::fromParts(MetricType type, Parts p)
{
    MetricAggregate a(type);
    a.m_samples = type == MetricType::Trend ? p.trend.count() : p.samples;
    a.m_count = p.count;
    a.m_value = p.value;
    a.m_min = p.min;
    a.m_max = p.max;
    a.m_passes = std::min(p.passes, a.m_samples);
    a.m_trend = std::move(p.trend);
    return a;
}

void MetricAggregate::merge(const MetricAggregate &o, bool sumGauge)
{
    if (o.m_samples == 0)
        return;
    if (m_type == MetricType::Gauge) {
        m_value = m_samples == 0 ? o.m_value : sumGauge ? m_value + o.m_value : std::max(m_value, o.m_value);
        m_min = m_samples == 0 ? o.m_min : std::min(m_min, o.m_min);
        m_max = m_samples == 0 ? o.m_max : std::max(m_max, o.m_max);
    }
    m_count += o.m_count;
    m_passes += o.m_passes;
    m_trend.merge(o.m_trend);
    m_samples += o.m_samples;
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
