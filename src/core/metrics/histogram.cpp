#include "core/metrics/histogram.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>

namespace throttle {

namespace {
// 7 mantissa bits = 128 sub-buckets per octave. For positive doubles the IEEE bit pattern is
// monotonic in the value, so the top 1 + 11 + 7 bits (sign is 0) form an ordered bucket index.
constexpr int kDroppedBits = 52 - 7;
std::atomic<quint32> g_exactLimit{Histogram::kDefaultExactLimit};
}

quint32 Histogram::exactLimit()
{
    return g_exactLimit.load(std::memory_order_relaxed);
}

void Histogram::setExactLimit(quint32 limit)
{
    g_exactLimit.store(limit, std::memory_order_relaxed);
}

void Histogram::dropExact()
{
    m_exactOn = false;
    std::vector<double>().swap(m_exact);   // give the memory back
}

quint32 Histogram::bucketIndex(double magnitude)
{
    return quint32(std::bit_cast<quint64>(magnitude) >> kDroppedBits);
}

double Histogram::bucketLow(quint32 index)
{
    return std::bit_cast<double>(quint64(index) << kDroppedBits);
}

double Histogram::bucketHigh(quint32 index)
{
    return std::bit_cast<double>(quint64(index + 1) << kDroppedBits);
}

void Histogram::Side::add(quint32 index, quint64 n)
{
    if (bins.empty()) {
        offset = index;
        bins.assign(1, 0);
    } else if (index < offset) {
        bins.insert(bins.begin(), offset - index, 0);
        offset = index;
    } else if (index - offset >= bins.size()) {
        bins.resize(index - offset + 1, 0);
    }
    bins[index - offset] += n;
}

void Histogram::add(double value)
{
    if (!std::isfinite(value))
        return;
    if (m_exactOn) {
        if (m_exact.size() < exactLimit())
            m_exact.push_back(value);
        else
            dropExact();
    }
    if (value > 0)
        m_pos.add(bucketIndex(value), 1);
    else if (value < 0)
        m_neg.add(bucketIndex(-value), 1);
    else
        ++m_zero;
    if (m_count == 0 || value < m_min)
        m_min = value;
    if (m_count == 0 || value > m_max)
        m_max = value;
    m_sum += value;
    ++m_count;
}

void Histogram::merge(const Histogram &other)
{
    if (other.m_count == 0)
        return;
    if (m_exactOn && other.m_exactOn && m_exact.size() + other.m_exact.size() <= exactLimit())
        m_exact.insert(m_exact.end(), other.m_exact.begin(), other.m_exact.end());
    else if (m_exactOn)
        dropExact();
    for (size_t i = 0; i < other.m_pos.bins.size(); ++i)
        if (other.m_pos.bins[i])
            m_pos.add(other.m_pos.offset + quint32(i), other.m_pos.bins[i]);
    for (size_t i = 0; i < other.m_neg.bins.size(); ++i)
        if (other.m_neg.bins[i])
            m_neg.add(other.m_neg.offset + quint32(i), other.m_neg.bins[i]);
    m_zero += other.m_zero;
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = m_count ? std::max(m_max, other.m_max) : other.m_max;
    m_sum += other.m_sum;
    m_count += other.m_count;
}

Histogram::Parts Histogram::parts() const
{
    Parts p;
    p.count = m_count;
    p.zero = m_zero;
    p.min = min();
    p.max = max();
    p.sum = m_sum;
    p.positiveOffset = m_pos.offset;
    p.positive = m_pos.bins;
    p.negativeOffset = m_neg.offset;
    p.negative = m_neg.bins;
    p.exactOn = m_exactOn;
    p.exact = m_exact;
    return p;
}

namespace {

bool fail(QString *error, const char *why)
{
    if (error)
        *error = QString::fromLatin1(why);
    return false;
}

// A side's counters: a dense run that stays inside the 32-bit index space; adds up into *total.
bool checkSide(quint32 offset, const std::vector<quint64> &bins, quint64 *total, QString *error)
{
    if (bins.size() > (size_t(1) << (64 - kDroppedBits)) || quint64(offset) + bins.size() > (quint64(1) << (64 - kDroppedBits)))
        return fail(error, "bucket index out of range");
    for (const quint64 n : bins) {
        if (*total + n < *total)
            return fail(error, "bucket counts overflow");
        *total += n;
    }
    return true;
}

} // namespace

std::optional<Histogram> Histogram::fromParts(Parts p, QString *error)
{
    const auto bad = [error](const char *why) -> std::optional<Histogram> {
        fail(error, why);
        return std::nullopt;
    };
    quint64 total = p.zero;
    if (!checkSide(p.positiveOffset, p.positive, &total, error) || !checkSide(p.negativeOffset, p.negative, &total, error))
        return std::nullopt;
    if (total != p.count)
        return bad("bucket counts do not add up to count");
    if (!std::isfinite(p.min) || !std::isfinite(p.max) || !std::isfinite(p.sum) || (p.count && p.min > p.max))
        return bad("min, max or sum is not a finite range");
    if (p.exactOn && p.exact.size() != p.count)
        return bad("exact samples do not match count");
    for (const double v : p.exact)
        if (!std::isfinite(v))
            return bad("an exact sample is not finite");
    if (p.exact.size() > exactLimit())   // this process keeps fewer: the buckets take over, as in add()
        p.exactOn = false;
    Histogram h;
    h.m_count = p.count;
    h.m_zero = p.zero;
    h.m_min = p.min;
    h.m_max = p.max;
    h.m_sum = p.sum;
    h.m_pos.offset = p.positive.empty() ? 0 : p.positiveOffset;
    h.m_pos.bins = std::move(p.positive);
    h.m_neg.offset = p.negative.empty() ? 0 : p.negativeOffset;
    h.m_neg.bins = std::move(p.negative);
    h.m_exactOn = p.exactOn;
    if (p.exactOn)
        h.m_exact = std::move(p.exact);
    return h;
}

size_t Histogram::memoryBytes() const
{
    return sizeof(*this) + (m_pos.bins.capacity() + m_neg.bins.capacity()) * sizeof(quint64)
           + m_exact.capacity() * sizeof(double);
}

// Walks the buckets in ascending value order (negatives from the largest magnitude down, then
// zero, then positives) and estimates the rank's value as if the bucket's samples were spread
// evenly over it. The true value lies in the same bucket, so the error stays below its width.
double Histogram::valueAtRank(quint64 rank) const
{
    if (rank == 0)
        return m_min;
    if (rank + 1 >= m_count)
        return m_max;
    quint64 seen = 0;
    auto inBucket = [&](quint64 n, double low, double high) {
        const double k = double(rank - seen) + 0.5;
        return std::clamp(low + (high - low) * k / double(n), m_min, m_max);
    };
    for (size_t i = m_neg.bins.size(); i-- > 0;) {
        const quint64 n = m_neg.bins[i];
        if (rank < seen + n) {
            const quint32 index = m_neg.offset + quint32(i);
            return inBucket(n, -bucketHigh(index), -bucketLow(index));
        }
        seen += n;
    }
    if (rank < seen + m_zero)
        return 0.0;
    seen += m_zero;
    for (size_t i = 0; i < m_pos.bins.size(); ++i) {
        const quint64 n = m_pos.bins[i];
        if (rank < seen + n) {
            const quint32 index = m_pos.offset + quint32(i);
            return inBucket(n, bucketLow(index), bucketHigh(index));
        }
        seen += n;
    }
    return m_max;
}

double Histogram::percentile(double p) const
{
    if (m_count == 0)
        return 0.0;
    if (m_count == 1)
        return m_min;
    const double position = std::clamp(p, 0.0, 100.0) / 100.0 * double(m_count - 1);
    if (m_exactOn)
        return exactPercentile(position);
    const double lowRank = std::floor(position);
    const double fraction = position - lowRank;
    const double low = valueAtRank(quint64(lowRank));
    if (fraction == 0.0)
        return low;
    const double high = valueAtRank(quint64(std::ceil(position)));
    return low + (high - low) * fraction;
}

// k6's TrendSink.P over the kept samples: the values at floor(position) and ceil(position) of
// the sorted list, linearly interpolated. Selects on a copy, so the histogram stays unchanged.
double Histogram::exactPercentile(double position) const
{
    std::vector<double> v(m_exact);
    const auto low = size_t(std::floor(position));
    const auto high = size_t(std::ceil(position));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(low), v.end());
    const double lowValue = v[low];
    double highValue = lowValue;
    if (high != low)   // the next rank is the smallest value above the low one's partition
        highValue = *std::min_element(v.begin() + std::ptrdiff_t(low) + 1, v.end());
    return lowValue + (highValue - lowValue) * (position - std::floor(position));
}

} // namespace throttle
