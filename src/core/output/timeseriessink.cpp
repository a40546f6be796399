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
    const quint64 key = (quint64(metric) << 32) | quint64(scenario + 1);
    if (Series *s = m_index.value(key))
        return *s;
    auto s = std::make_unique<Series>();
    s->metric = metric;
    s->scenario = scenario >= 0 ? m_scenarios[scenario] : QString();
    s->type = engine.type(metric);
    if (!m_metricInfo.contains(metric))
        m_metricInfo.insert(metric, {engine.name(metric), engine.contains(metric)});
    m_series.push_back(std::move(s));
    m_index.insert(key, m_series.back().get());
    return *m_series.back();
}

void TimeSeriesSink::add(Series &series, const Sample &sample)
{
    const qint64 second = secondOf(sample.timeNs);
    auto &buckets = series.buckets;
    auto it = std::lower_bound(buckets.begin(), buckets.end(), second,
                               [](const Bucket &b, qint64 s) { return b.point.second < s; });
    if (it == buckets.end() || it->point.second != second) {
        if (it == buckets.begin() && int(buckets.size()) >= m_capacity)
            return;   // older than everything the ring still holds
        Bucket fresh;
        fresh.point.second = second;
        fresh.point.min = fresh.point.max = sample.value;
        if (series.type == MetricType::Trend)
            fresh.histogram = std::make_unique<Histogram>();
        it = buckets.insert(it, std::move(fresh));
        if (int(buckets.size()) > m_capacity) {
            buckets.pop_front();
            it = std::lower_bound(buckets.begin(), buckets.end(), second,
                                  [](const Bucket &b, qint64 s) { return b.point.second < s; });
        }
    }
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
    for (auto it = series.buckets.rbegin(); it != series.buckets.rend(); ++it) {
        if (it->point.second >= m_latestSecond - kOpenSeconds)
            continue;
        if (!it->histogram)
            break;   // everything older is closed already
        finishPoint(series, &it->point, it->histogram.get());
        it->histogram.reset();
    }
}

void TimeSeriesSink::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    QMutexLocker lock(&m_mutex);
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
    for (auto &series : m_series)
        closeOldBuckets(*series);
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
        auto it = std::lower_bound(s->buckets.begin(), s->buckets.end(), sinceSecond,
                                   [](const Bucket &b, qint64 sec) { return b.point.second < sec; });
        ts.points.reserve(qsizetype(s->buckets.end() - it));
        for (; it != s->buckets.end(); ++it) {
            ts.points.append(it->point);
            finishPoint(*s, &ts.points.last(), it->histogram.get());
        }
        out.series.append(ts);
    }
    return out;
}

} // namespace throttle
