#pragma once
// TimeSeriesSink: the one-second time series behind the GUI charts and the REST API
// (ARCHITECTURE §6). A SampleSink: per second and per metric (and per metric × `scenario` tag)
// it keeps count, sum, min, max, last and the per-second rate; trends also p50/p95/p99, from a
// Histogram kept only while the second is "open" (the newest kOpenSeconds seconds: VUs hand
// over batches late). After that the percentiles are frozen and the histogram freed, so a point
// is a few dozen bytes; each series is a ring of `capacity` points (default 3600 = 1 h) allocated
// when the series is created (~370 KiB), so memory does not grow while the rings fill during a
// long run. Samples older than the ring are dropped.
//
// Threads: consume() on the collecting thread (SampleSink); snapshot() from any thread — both
// take one mutex, held for the batch or the copy.

#include "core/metrics/histogram.h"
#include "core/metrics/samplesink.h"
#include "core/output/fixedring.h"
#include "core/output/timeseriessnapshot.h"

#include <QHash>
#include <QMutex>
#include <memory>
#include <vector>

namespace throttle {

class TimeSeriesSink : public SampleSink
{
public:
    static constexpr int kOpenSeconds = 3;
    explicit TimeSeriesSink(int capacity = 3600) : m_capacity(capacity > 0 ? capacity : 1) {}

    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    // Points with second >= sinceSecond (0 = all), as values.
    TimeSeriesSnapshot snapshot(qint64 sinceSecond = 0) const;
    int capacity() const { return m_capacity; }

private:
    struct Bucket {
        TimeSeriesPoint point;
        std::unique_ptr<Histogram> histogram;   // trends, while the second is open
    };
    struct Series {
        MetricId metric = 0;
        QString scenario;
        MetricType type = MetricType::Counter;
        explicit Series(int capacity) : buckets(std::size_t(capacity)) {}
        FixedRing<Bucket> buckets;    // ascending seconds
    };

    Series &seriesFor(MetricId metric, int scenario, const MetricsEngine &engine);
    int scenarioOf(TagSetId tags, const MetricsEngine &engine);
    void add(Series &series, const Sample &sample);
    void closeOldBuckets(Series &series);
    static void finishPoint(const Series &series, TimeSeriesPoint *point, const Histogram *histogram);

    const int m_capacity;
    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<Series>> m_series;   // creation order
    std::vector<std::vector<Series *>> m_byMetric;   // [metric][scenario + 1] -> series
    std::vector<int> m_scenarioOfTags;               // per TagSetId: -2 unknown, -1 none, else index
    QStringList m_scenarios;
    QHash<MetricId, QPair<QString, ValueType>> m_metricInfo;
    qint64 m_latestSecond = 0;
};

} // namespace throttle
