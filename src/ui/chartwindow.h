#pragma once
// ChartWindow: the stretch of the run the live charts show and what they need to draw it — shared
// by every chart of the pane, so zooming one zooms all. The x axis is wall-clock time since the
// start ("time since start"; pauses are part of it and come back shaded); the window is the last
// minute, the last five minutes or the whole run, or a range picked by dragging (zoom), which
// stays put while the run goes on until reset. Ticks fall on round steps (5 s, 10 s, 30 s, 1 min,
// …) whatever the width. Lines are handed to QML as flat [x, y, x, y, …] lists with NaN where a
// second has nothing to draw, so a chart leaves a gap instead of drawing 0; long windows are
// averaged down to about one point per pixel. GUI thread only; drawing stays in QML (LiveChart).

#include "ui/timeseriesmodel.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace throttle {

class ChartWindow : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(TimeSeriesModel *series READ series WRITE setSeries NOTIFY changed)
    Q_PROPERTY(double span READ span WRITE setSpan NOTIFY changed)   // seconds; 0 = the whole run
    Q_PROPERTY(bool zoomed READ zoomed NOTIFY changed)
    Q_PROPERTY(double from READ from NOTIFY changed)
    Q_PROPERTY(double to READ to NOTIFY changed)
    Q_PROPERTY(QVariantList ticks READ ticks NOTIFY changed)
public:
    explicit ChartWindow(QObject *parent = nullptr);

    TimeSeriesModel *series() const { return m_series; }
    void setSeries(TimeSeriesModel *series);
    double span() const { return m_span; }
    void setSpan(double seconds);
    bool zoomed() const { return m_zoomed; }
    double from() const;
    double to() const;
    QVariantList ticks() const;   // x positions of the round steps inside [from, to]

    Q_INVOKABLE void zoomTo(double a, double b);   // at least 5 s wide
    Q_INVOKABLE void resetZoom();
    // One line: [x0, y0, x1, y1, …], NaN y = gap; at most about maxPoints points.
    Q_INVOKABLE QVariantList points(int column, int maxPoints) const;
    // Paused stretches inside the window: [from0, to0, from1, to1, …].
    Q_INVOKABLE QVariantList pausedSpans() const;
    // A round axis maximum above every value of `columns` in the window, at least `floor`.
    Q_INVOKABLE double yMax(const QVariantList &columns, double floor) const;
    Q_INVOKABLE int rowNear(double time) const;

    static double tickStep(double width);            // 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1 h…
    Q_INVOKABLE static QString timeLabel(double seconds);   // "45s", "1:30", "1:02:03"
    // A value with its unit: "ms" (as durations), "B/s" (kB/s, MB/s), "%", "/s" or "".
    Q_INVOKABLE static QString valueText(double value, const QString &unit);
    static double niceCeil(double v, double floor);

signals:
    void changed();

private:
    QPointer<TimeSeriesModel> m_series;
    double m_span = 300;
    bool m_zoomed = false;
    double m_zoomFrom = 0, m_zoomTo = 0;
};

} // namespace throttle
