#pragma once
// LocalSeriesFeed: turns a local run's per-second buckets (SecondSeriesSink) into chart rows, one
// per wall-clock second since the start, once the second is over. A second without requests has
// no latency and no failure share (NaN: the charts leave a gap); a second in which the run was
// seen paused is marked so the charts can shade it. The controller notes pauses as it polls the
// status (4 Hz), so every paused second is seen. GUI thread only.

#include "core/metrics/secondseriessink.h"
#include "ui/timeseriesmodel.h"

#include <QList>
#include <QSet>

namespace throttle {

class LocalSeriesFeed
{
public:
    static constexpr qint64 kMaxBackfill = 600;   // never fill more than 10 min of empty seconds at once

    void reset(qint64 startSecond);
    void notePaused(qint64 second);
    // Rows for the seconds before nowSecond - 1 (final: up to nowSecond, the run is over).
    QList<TimeSeriesRow> drain(SecondSeriesSink &sink, qint64 nowSecond, bool final);

    static TimeSeriesRow rowFor(const SecondBucket &b, double time, double lastVus, bool paused);

private:
    qint64 m_start = 0;
    qint64 m_next = 0;
    double m_lastVus = 0;
    QSet<qint64> m_paused;
};

} // namespace throttle
