#include "core/metrics/metric.h"

namespace throttle {

QString metricTypeName(MetricType t)
{
    switch (t) {
    case MetricType::Counter: return QStringLiteral("counter");
    case MetricType::Gauge: return QStringLiteral("gauge");
    case MetricType::Rate: return QStringLiteral("rate");
    case MetricType::Trend: return QStringLiteral("trend");
    }
    return {};
}

QString valueTypeName(ValueType t)
{
    switch (t) {
    case ValueType::Default: return QStringLiteral("default");
    case ValueType::Time: return QStringLiteral("time");
    case ValueType::Data: return QStringLiteral("data");
    }
    return {};
}

} // namespace throttle
