#pragma once
// Histogram: the aggregate of one Trend series. A log-linear (HDR-style) histogram with 128
// sub-buckets per power of two, so every bucket is at most 2^-7 (0.78 %) wide relative to its
// lower bound; count, min, max and sum are kept exactly. Memory depends on the range of values
// seen, never on their number (k6 keeps every sample and soak tests run out of memory).
//
// While a series is small (at most exactLimit() samples, 4096 by default) the samples are also
// kept as they are, so percentiles are exact, k6's interpolation over the sorted values: a short
// test prints what k6 prints (1..10 gives med=5.5, p(90)=9.1). The first sample past the limit
// frees them and the buckets take over. 4096 doubles cap the extra memory at 32 KiB per series
// (a run has a few dozen trend series and sub-metrics); a percentile then costs one copy and
// two nth_element passes over at most 4096 values (microseconds), and the hot path pays one
// push_back while the series is small and one branch afterwards.
//
// A plain value type, not thread-safe; const members never modify it (safe to read from several
// threads); the engine owns one per series.

#include <QString>
#include <QtGlobal>
#include <optional>
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
    // True while every sample is kept (percentiles exact).
    bool isExact() const { return m_exactOn; }

    // The per-series cap on kept samples; process-wide. Tests and benchmarks change it (0 turns
    // exact percentiles off); set it before any Histogram is filled.
    static quint32 exactLimit();
    static void setExactLimit(quint32 limit);
    static constexpr quint32 kDefaultExactLimit = 4096;

    // The whole state as plain values, to carry a histogram to another process and merge it
    // there exactly (a fleet of runners, docs/rest-extensions.md "aggregates"). Buckets are dense
    // runs of counters from an offset (bucket index = offset + position).
    struct Parts {
        quint64 count = 0;
        quint64 zero = 0;
        double min = 0.0;
        double max = 0.0;
        double sum = 0.0;
        quint32 positiveOffset = 0;
        std::vector<quint64> positive;
        quint32 negativeOffset = 0;
        std::vector<quint64> negative;
        bool exactOn = true;          // exact holds every sample (count of them)
        std::vector<double> exact;
    };
    Parts parts() const;
    // The histogram the parts describe; nullopt (and *error) when they cannot be one: counts
    // that disagree, buckets past the index range, non-finite values, exact samples over the
    // limit or not matching count.
    static std::optional<Histogram> fromParts(Parts parts, QString *error = nullptr);

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
    double exactPercentile(double position) const;
    void dropExact();

    Side m_pos;           // values > 0
    Side m_neg;           // magnitudes of values < 0
    quint64 m_zero = 0;   // values == 0 (common: connecting, tls_handshaking)
    quint64 m_count = 0;
    double m_min = 0.0;
    double m_max = 0.0;
    double m_sum = 0.0;
    bool m_exactOn = true;          // m_exact holds every sample added so far
    std::vector<double> m_exact;    // insertion order
};

} // namespace throttle
