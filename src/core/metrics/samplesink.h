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
    // A batch whose samples carry metadata (never empty here). Sinks that write metadata
    // override this; the others see it as a plain batch.
    virtual void consumeWithMetadata(const std::vector<Sample> &batch, const TagList &metadata,
                                     const MetricsEngine &engine)
    {
        Q_UNUSED(metadata);
        consume(batch, engine);
    }
};

} // namespace throttle
