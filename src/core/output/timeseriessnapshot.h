#pragma once
// TimeSeriesSnapshot: the one-second time series as GUI charts and REST read them (a value copy
// made by TimeSeriesSink::snapshot(); any thread). One series per metric, plus one per metric and
// `scenario` tag value. Points are ordered by second; a second without samples has no point.

#include "core/metrics/metric.h"

#include <QList>
#include <QString>

namespace throttle {

struct TimeSeriesPoint {
    qint64 second = 0;      // Unix time, whole seconds (the samples' time, floored)
    quint64 samples = 0;    // number of samples in that second
    double sum = 0.0;
    double min = 0.0;
    double max = 0.0;
    double last = 0.0;      // the latest sample (a gauge's value)
    quint64 passes = 0;     // rate metrics: non-zero samples
    // counter: sum per second; rate: non-zero samples / samples; gauge: last; trend: sum / samples
    double rate = 0.0;
    double p50 = 0.0, p95 = 0.0, p99 = 0.0;   // trends only
};

struct TimeSeries {
    QString metric;
    QString scenario;       // "" = all samples of the metric
    MetricType type = MetricType::Counter;
    ValueType contains = ValueType::Default;
    QList<TimeSeriesPoint> points;
};

struct TimeSeriesSnapshot {
    QList<TimeSeries> series;    // metric registration order, each metric before its scenarios
    qint64 latestSecond = 0;     // the newest second any sample fell in (0 = none yet)

    const TimeSeries *find(const QString &metric, const QString &scenario = QString()) const
    {
        for (const TimeSeries &s : series)
            if (s.metric == metric && s.scenario == scenario)
                return &s;
        return nullptr;
    }
};

} // namespace throttle
