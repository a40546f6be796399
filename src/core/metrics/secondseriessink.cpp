#include "core/metrics/secondseriessink.h"

#include "core/metrics/metricsengine.h"

namespace throttle {

bool SecondSeriesSink::answered(TagSetId tags, const MetricsEngine &engine)
{
    const auto hit = m_answered.constFind(tags);
    if (hit != m_answered.cend())
        return *hit;
    bool yes = true;
    for (const auto &tag : engine.tags(tags))
        if (tag.first == QLatin1String("status"))
            yes = tag.second != QLatin1String("0");
    m_answered.insert(tags, yes);
    return yes;
}

void SecondSeriesSink::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    QMutexLocker lock(&m_mutex);
    for (const Sample &s : batch) {
        switch (s.metric) {
        case builtin::HttpReqs:
        case builtin::HttpReqFailed:
        case builtin::HttpReqDuration:
        case builtin::Iterations:
        case builtin::DataSent:
        case builtin::DataReceived:
        case builtin::Vus:
            break;
        default:
            continue;
        }
        qint64 second = s.timeNs / 1000000000;
        if (second <= m_lastTaken)
            second = m_lastTaken + 1;
        SecondBucket &b = m_buckets[second];
        b.second = second;
        switch (s.metric) {
        case builtin::HttpReqs: b.requests += s.value; break;
        case builtin::HttpReqFailed:
            ++b.failTotal;
            if (s.value != 0)
                ++b.failed;
            break;
        case builtin::HttpReqDuration:
            if (answered(s.tags, engine))
                b.durations.add(s.value);
            break;
        case builtin::Iterations: b.iterations += s.value; break;
        case builtin::DataSent: b.sent += s.value; break;
        case builtin::DataReceived: b.received += s.value; break;
        case builtin::Vus: b.vus = s.value; break;
        default: break;
        }
    }
}

QList<SecondBucket> SecondSeriesSink::takeBefore(qint64 second)
{
    QMutexLocker lock(&m_mutex);
    QList<SecondBucket> out;
    auto it = m_buckets.begin();
    while (it != m_buckets.end() && it->first < second) {
        out.append(std::move(it->second));
        it = m_buckets.erase(it);
    }
    if (second - 1 > m_lastTaken)
        m_lastTaken = second - 1;
    return out;
}

} // namespace throttle
