#include "ui/localseriesfeed.h"

#include <algorithm>

namespace throttle {

void LocalSeriesFeed::reset(qint64 startSecond)
{
    m_start = m_next = startSecond;
    m_lastVus = 0;
    m_paused.clear();
}

void LocalSeriesFeed::notePaused(qint64 second)
{
    m_paused.insert(second);
}

TimeSeriesRow LocalSeriesFeed::rowFor(const SecondBucket &b, double time, double lastVus, bool paused)
{
    TimeSeriesRow row;
    row.time = time;
    row.paused = paused;
    row.vus = b.vus >= 0 ? b.vus : lastVus;
    row.rps = b.requests;
    row.iterations = b.iterations;
    row.sent = b.sent;
    row.received = b.received;
    if (b.failTotal > 0)
        row.failureRate = 100.0 * double(b.failed) / double(b.failTotal);
    if (b.durations.count() > 0) {
        row.p50 = b.durations.percentile(50);
        row.p90 = b.durations.percentile(90);
        row.p95 = b.durations.percentile(95);
        row.p99 = b.durations.percentile(99);
    }
    return row;
}

QList<TimeSeriesRow> LocalSeriesFeed::drain(SecondSeriesSink &sink, qint64 nowSecond, bool final)
{
    const qint64 cutoff = final ? nowSecond + 1 : nowSecond - 1;   // a second is charted once it is over
    const QList<SecondBucket> buckets = sink.takeBefore(cutoff);
    QList<TimeSeriesRow> rows;
    qsizetype b = 0;
    m_next = std::max(m_next, cutoff - kMaxBackfill);
    for (qint64 sec = m_next; sec < cutoff; ++sec) {
        while (b < buckets.size() && buckets[b].second < sec)
            ++b;
        SecondBucket empty;
        empty.second = sec;
        const SecondBucket &k = b < buckets.size() && buckets[b].second == sec ? buckets[b] : empty;
        const bool paused = m_paused.remove(sec);
        TimeSeriesRow row = rowFor(k, double(sec - m_start), paused ? 0.0 : m_lastVus, paused);
        if (k.vus >= 0)
            m_lastVus = k.vus;
        rows.append(row);
    }
    m_next = std::max(m_next, cutoff);
    return rows;
}

} // namespace throttle
