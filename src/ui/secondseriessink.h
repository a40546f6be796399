#pragma once
// SecondSeriesSink: a SampleSink that keeps per-second buckets (by sample time) of what the
// live charts need: requests, failed requests, iterations, the latest VU gauge and a histogram
// of http_req_duration (so p50/p95/p99 are per second, not cumulative). consume() runs on the
// engine's collecting thread (the run thread); the GUI thread takes closed seconds with
// takeBefore(). A sample for a second already taken goes into the next open second.

#include "core/metrics/histogram.h"
#include "core/metrics/samplesink.h"

#include <QList>
#include <QMutex>
#include <map>

namespace throttle {

struct SecondBucket {
    qint64 second = 0;          // Unix time in whole seconds
    double requests = 0;        // http_reqs
    quint64 failed = 0;         // http_req_failed non-zero samples
    quint64 failTotal = 0;      // http_req_failed samples
    double iterations = 0;
    double vus = -1;            // last vus gauge in this second, -1 = none
    Histogram durations;        // http_req_duration (ms)
};

class SecondSeriesSink : public SampleSink
{
public:
    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    // Removes and returns every bucket whose second is < `second`, oldest first.
    QList<SecondBucket> takeBefore(qint64 second);

private:
    QMutex m_mutex;
    std::map<qint64, SecondBucket> m_buckets;
    qint64 m_lastTaken = -1;
};

} // namespace throttle
