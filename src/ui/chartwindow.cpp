#include "ui/chartwindow.h"

#include "core/output/summaryformat.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace throttle {

namespace {

constexpr double kMinimumWidth = 60;   // an empty or short run still shows a minute
constexpr double kMinimumZoom = 5;

} // namespace

ChartWindow::ChartWindow(QObject *parent) : QObject(parent) {}

void ChartWindow::setSeries(TimeSeriesModel *series)
{
    if (series == m_series)
        return;
    if (m_series)
        disconnect(m_series, nullptr, this, nullptr);
    m_series = series;
    if (m_series)
        connect(m_series, &TimeSeriesModel::rangesChanged, this, [this] {
            if (m_series && m_series->count() == 0)
                m_zoomed = false;   // a new run: forget the old zoom
            emit changed();
        });
    emit changed();
}

void ChartWindow::setSpan(double seconds)
{
    if (seconds == m_span && !m_zoomed)
        return;
    m_span = std::max(0.0, seconds);
    m_zoomed = false;
    emit changed();
}

double ChartWindow::to() const
{
    if (m_zoomed)
        return m_zoomTo;
    const double first = m_series && m_series->count() ? m_series->rows().first().time : 0.0;
    const double last = m_series ? m_series->lastTime() : 0.0;
    const double width = m_span > 0 ? m_span : std::max(kMinimumWidth, last - first);
    return std::max(last, first + width);
}

double ChartWindow::from() const
{
    if (m_zoomed)
        return m_zoomFrom;
    const double first = m_series && m_series->count() ? m_series->rows().first().time : 0.0;
    return m_span > 0 ? std::max(first, to() - m_span) : first;
}

void ChartWindow::zoomTo(double a, double b)
{
    if (b < a)
        std::swap(a, b);
    if (b - a < kMinimumZoom) {
        const double mid = (a + b) / 2;
        a = mid - kMinimumZoom / 2;
        b = mid + kMinimumZoom / 2;
    }
    m_zoomFrom = a;
    m_zoomTo = b;
    m_zoomed = true;
    emit changed();
}

void ChartWindow::resetZoom()
{
    if (!m_zoomed)
        return;
    m_zoomed = false;
    emit changed();
}

double ChartWindow::tickStep(double width)
{
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    for (double s : steps)
        if (width / s <= 6)
            return s;
    return 86400 * std::ceil(width / 86400 / 6);
}

QVariantList ChartWindow::ticks() const
{
    const double a = from(), b = to();
    const double step = tickStep(b - a);
    QVariantList out;
    for (double t = std::ceil(a / step) * step; t <= b + 1e-9; t += step)
        out.append(t);
    return out;
}

QString ChartWindow::timeLabel(double seconds)
{
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return QString::number(s) + QLatin1Char('s');
    const qint64 h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
    return h > 0 ? QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(sec, 2, 10, QLatin1Char('0'))
                 : QStringLiteral("%1:%2").arg(m).arg(sec, 2, 10, QLatin1Char('0'));
}

QString ChartWindow::valueText(double value, const QString &unit)
{
    if (std::isnan(value))
        return QStringLiteral("–");
    if (unit == QLatin1String("ms"))
        return SummaryFormat::duration(value);
    if (unit == QLatin1String("B/s"))
        return SummaryFormat::bytes(value) + QStringLiteral("/s");
    const QString n = SummaryFormat::fixedNoTrailingZeros(value, value < 10 ? 2 : value < 100 ? 1 : 0);
    return unit.isEmpty() ? n : n + (unit == QLatin1String("%") ? QString() : QStringLiteral(" ")) + unit;
}

double ChartWindow::niceCeil(double v, double floor)
{
    v = std::max(v, floor);
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (v <= m * p * (1 + 1e-9))
            return m * p;
    return 10 * p;
}

QVariantList ChartWindow::points(int column, int maxPoints) const
{
    QVariantList out;
    if (!m_series || maxPoints <= 0)
        return out;
    const QList<TimeSeriesRow> &rows = m_series->rows();
    const double a = from(), b = to();
    const double bucket = std::max(1.0, (b - a) / maxPoints);   // seconds per point
    double sum = 0, x = 0;
    int n = 0, inBucket = 0;
    qint64 current = LLONG_MIN;
    const auto flush = [&] {
        if (inBucket == 0)
            return;
        out << x << (n > 0 ? sum / n : TimeSeriesRow::kNone);
        sum = 0;
        n = inBucket = 0;
    };
    for (const TimeSeriesRow &r : rows) {
        if (r.time < a - 1 || r.time > b + 1)
            continue;
        const qint64 k = qint64(std::floor((r.time - a) / bucket));
        if (k != current) {
            flush();
            current = k;
            x = r.time;
        }
        const double v = TimeSeriesModel::value(r, column);
        ++inBucket;
        if (!std::isnan(v)) {
            sum += v;
            ++n;
        }
    }
    flush();
    return out;
}

QVariantList ChartWindow::pausedSpans() const
{
    QVariantList out;
    if (!m_series)
        return out;
    const double a = from(), b = to();
    double start = -1;
    double end = -1;
    for (const TimeSeriesRow &r : m_series->rows()) {
        if (r.time + 1 < a || r.time > b)
            continue;
        if (r.paused && start < 0)
            start = r.time;   // a row is the second [time, time + 1)
        if (r.paused)
            end = r.time + 1;
        if (!r.paused && start >= 0) {
            out << start << end;
            start = -1;
        }
    }
    if (start >= 0)
        out << start << end;
    return out;
}

double ChartWindow::yMax(const QVariantList &columns, double floor) const
{
    double m = 0;
    if (m_series) {
        const double a = from(), b = to();
        for (const TimeSeriesRow &r : m_series->rows()) {
            if (r.time < a || r.time > b)
                continue;
            for (const QVariant &c : columns) {
                const double v = TimeSeriesModel::value(r, c.toInt());
                if (!std::isnan(v))
                    m = std::max(m, v);
            }
        }
    }
    return niceCeil(m * 1.1, floor);
}

int ChartWindow::rowNear(double time) const
{
    return m_series ? m_series->rowNear(time) : -1;
}

} // namespace throttle
