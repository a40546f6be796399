#include "core/output/timeseriessink.h"

#include "core/metrics/metricsengine.h"

#include <algorithm>
#include <cmath>

namespace throttle {

namespace {

qint64 secondOf(qint64 ns)
{
    const qint64 q = ns / 1000000000;
    return (ns % 1000000000 < 0) ? q - 1 : q;
}

} // namespace

int TimeSeriesSink::scenarioOf(TagSetId tags, const MetricsEngine &engine)
{
    if (tags >= m_scenarioOfTags.size())
        m_scenarioOfTags.resize(size_t(tags) + 1, -2);
    int &index = m_scenarioOfTags[tags];
    if (index == -2) {
        index = -1;
        for (const auto &tag : engine.tags(tags)) {
            if (tag.first == QLatin1String("scenario")) {
                index = int(m_scenarios.indexOf(tag.second));
                if (index < 0) {
                    index = int(m_scenarios.size());
                    m_scenarios << tag.second;
                }
                break;
            }
        }
    }
    return index;
}

TimeSeriesSink::Series &TimeSeriesSink::seriesFor(MetricId metric, int scenario, const MetricsEngine &engine)
{
    if (metric >= m_byMetric.size())
        m_byMetric.resize(size_t(metric) + 1);
    auto &perScenario = m_byMetric[metric];
    const size_t slot = size_t(scenario + 1);
    if (slot >= perScenario.size())
        perScenario.resize(slot + 1, nullptr);
    if (Series *s = perScenario[slot])
        return *s;
    auto s = std::make_unique<Series>(m_capacity);
    s->metric = metric;
    s->scenario = scenario >= 0 ? m_scenarios[scenario] : QString();
    s->type = engine.type(metric);
    if (!m_metricInfo.contains(metric))
        m_metricInfo.insert(metric, {engine.name(metric), engine.contains(metric)});
    m_series.push_back(std::move(s));
    perScenario[slot] = m_series.back().get();
    return *m_series.back();
}

void TimeSeriesSink::add(Series &series, const Sample &sample)
{
    const qint64 second = secondOf(sample.timeNs);
    auto &buckets = series.buckets;
    auto before = [](const Bucket &b, qint64 s) { return b.point.second < s; };
    // Almost every sample falls in the newest second: check it before searching.
    std::size_t at = buckets.size();
    if (at > 0 && buckets[at - 1].point.second > second)
        at = buckets.lowerBound(second, before);
    else if (at > 0 && buckets[at - 1].point.second == second)
        --at;
    if (at == buckets.size() || buckets[at].point.second != second) {
        Bucket fresh;
        fresh.point.second = second;
        fresh.point.min = fresh.point.max = sample.value;
        if (series.type == MetricType::Trend)
            fresh.histogram = std::make_unique<Histogram>();
        at = buckets.insert(at, std::move(fresh));
        if (at == buckets.size())
            return;   // older than everything the full ring still holds
    }
    Bucket *it = &buckets[at];
    TimeSeriesPoint &p = it->point;
    ++p.samples;
    p.sum += sample.value;
    p.min = std::min(p.min, sample.value);
    p.max = std::max(p.max, sample.value);
    p.last = sample.value;
    switch (series.type) {
    case MetricType::Counter: p.rate = p.sum; break;
    case MetricType::Gauge: p.rate = p.last; break;
    case MetricType::Rate:
        p.passes += sample.value != 0.0 ? 1 : 0;
        p.rate = double(p.passes) / double(p.samples);
        break;
    case MetricType::Trend:
        p.rate = p.sum / double(p.samples);
        if (it->histogram)
            it->histogram->add(sample.value);
        break;
    }
    if (it->histogram && second < m_latestSecond - kOpenSeconds) {
        finishPoint(series, &p, it->histogram.get());   // a late second: freeze it at once
        it->histogram.reset();
    }
}

void TimeSeriesSink::finishPoint(const Series &series, TimeSeriesPoint *point, const Histogram *histogram)
{
    if (series.type != MetricType::Trend || !histogram)
        return;
    point->p50 = histogram->percentile(50);
    point->p95 = histogram->percentile(95);
    point->p99 = histogram->percentile(99);
}

void TimeSeriesSink::closeOldBuckets(Series &series)
{
    for (std::size_t i = series.buckets.size(); i-- > 0;) {
        Bucket &b = series.buckets[i];
        if (b.point.second >= m_latestSecond - kOpenSeconds)
            continue;
        if (!b.histogram)
            break;   // everything older is closed already
        finishPoint(series, &b.point, b.histogram.get());
        b.histogram.reset();
    }
}

void TimeSeriesSink::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    QMutexLocker lock(&m_mutex);
    const qint64 latestBefore = m_latestSecond;
    for (const Sample &s : batch)
        if (std::isfinite(s.value))
            m_latestSecond = std::max(m_latestSecond, secondOf(s.timeNs));
    for (const Sample &s : batch) {
        if (!std::isfinite(s.value))
            continue;
        add(seriesFor(s.metric, -1, engine), s);
        const int scenario = scenarioOf(s.tags, engine);
        if (scenario >= 0)
            add(seriesFor(s.metric, scenario, engine), s);
    }
    if (m_latestSecond != latestBefore) {   // seconds only close when the newest one moves on
        for (auto &series : m_series)
            if (series->type == MetricType::Trend)
                closeOldBuckets(*series);
    }
}

TimeSeriesSnapshot TimeSeriesSink::snapshot(qint64 sinceSecond) const
{
    QMutexLocker lock(&m_mutex);
    std::vector<const Series *> order;
    for (const auto &s : m_series)
        order.push_back(s.get());
    std::stable_sort(order.begin(), order.end(), [](const Series *a, const Series *b) {
        if (a->metric != b->metric)
            return a->metric < b->metric;
        return a->scenario.isEmpty() && !b->scenario.isEmpty();
    });
    TimeSeriesSnapshot out;
    out.latestSecond = m_latestSecond;
    for (const Series *s : order) {
        TimeSeries ts;
        const auto info = m_metricInfo.value(s->metric);
        ts.metric = info.first;
        ts.contains = info.second;
        ts.scenario = s->scenario;
        ts.type = s->type;
        std::size_t i = s->buckets.lowerBound(sinceSecond, [](const Bucket &b, qint64 sec) { return b.point.second < sec; });
        ts.points.reserve(qsizetype(s->buckets.size() - i));
        for (; i < s->buckets.size(); ++i) {
            ts.points.append(s->buckets[i].point);
            finishPoint(*s, &ts.points.last(), s->buckets[i].histogram.get());
        }
        out.series.append(ts);
    }
    return out;
}

} // namespace throttle
