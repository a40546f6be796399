#pragma once
// SampleSink: where MetricsEngine::collect() hands every merged batch after aggregating it
// (JSON lines, CSV, time series). Called on the thread that runs collect(), never concurrently.

#include "core/metrics/metric.h"

#include <vector>

namespace throttle {

class MetricsEngine;

class SampleSink
{
public:
    virtual ~SampleSink() = default;
    virtual void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) = 0;
};

} // namespace throttle
