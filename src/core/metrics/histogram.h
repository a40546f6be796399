#pragma once
// Histogram: the aggregate of one Trend series. A log-linear (HDR-style) histogram with 128
// sub-buckets per power of two, so every bucket is at most 2^-7 (0.78 %) wide relative to its
// lower bound; count, min, max and sum are kept exactly. Memory depends on the range of values
// seen, never on their number (no per-sample storage: k6 keeps every sample and soak tests run
// out of memory). A plain value type, not thread-safe; the engine owns one per series.

#include <QtGlobal>
#include <vector>

namespace throttle {

class Histogram
{
public:
    void add(double value);          // non-finite values are ignored
    void merge(const Histogram &other);

    quint64 count() const { return m_count; }
    double min() const { return m_count ? m_min : 0.0; }
    double max() const { return m_count ? m_max : 0.0; }
    double sum() const { return m_sum; }
    double mean() const { return m_count ? m_sum / double(m_count) : 0.0; }
    // k6's percentile: position = p/100 * (count-1) over the sorted values, linear interpolation
    // between the two neighbouring ranks; each rank's value is estimated inside its bucket.
    // p is clamped to [0, 100]; 0 when empty.
    double percentile(double p) const;

    size_t bucketCount() const { return m_pos.bins.size() + m_neg.bins.size(); }
    size_t memoryBytes() const;

private:
    // One sign's buckets: a dense run of counters for bucket indexes [offset, offset+size).
    struct Side {
        quint32 offset = 0;
        std::vector<quint64> bins;
        void add(quint32 index, quint64 n);
    };

    static quint32 bucketIndex(double magnitude);
    static double bucketLow(quint32 index);
    static double bucketHigh(quint32 index);
    double valueAtRank(quint64 rank) const;

    Side m_pos;           // values > 0
    Side m_neg;           // magnitudes of values < 0
    quint64 m_zero = 0;   // values == 0 (common: connecting, tls_handshaking)
    quint64 m_count = 0;
    double m_min = 0.0;
    double m_max = 0.0;
    double m_sum = 0.0;
};

} // namespace throttle
