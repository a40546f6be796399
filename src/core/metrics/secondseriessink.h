#pragma once
// SecondSeriesSink: a SampleSink that keeps per-second buckets (by sample time) of what the
// live charts need: requests, failed requests, iterations, bytes sent and received, the latest VU
// gauge and a histogram of the http_req_duration of requests that got a response (a refused
// connection has no response time: it counts as a failure, not as a 0 ms request), so
// p50/p90/p95/p99 are per second, not cumulative. consume() runs on the engine's collecting thread
// (the run thread); a reader (the GUI thread, the run history's writer thread) takes closed seconds
// with takeBefore(); each reader has its own sink. A sample for a second
// already taken goes into the next open second.

#include "core/metrics/histogram.h"
#include "core/metrics/metric.h"
#include "core/metrics/samplesink.h"

#include <QHash>
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
    double sent = 0;            // data_sent bytes
    double received = 0;        // data_received bytes
    double vus = -1;            // last vus gauge in this second, -1 = none
    Histogram durations;        // http_req_duration (ms) of answered requests (status ≠ 0)
};

class SecondSeriesSink : public SampleSink
{
public:
    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    // Removes and returns every bucket whose second is < `second`, oldest first.
    QList<SecondBucket> takeBefore(qint64 second);

private:
    bool answered(TagSetId tags, const MetricsEngine &engine);   // collecting thread only

    QMutex m_mutex;
    std::map<qint64, SecondBucket> m_buckets;
    qint64 m_lastTaken = -1;
    QHash<TagSetId, bool> m_answered;   // tag set -> status tag is not "0"
};

} // namespace throttle
