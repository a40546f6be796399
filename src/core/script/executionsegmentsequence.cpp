#include "executionsegmentsequence.h"

#include <numeric>

namespace throttle {

std::optional<ExecutionSegmentSequence> ExecutionSegmentSequence::parse(const QString &text, QString *error)
{
    if (text.isEmpty())
        return ExecutionSegmentSequence();
    const QStringList points = text.split(QLatin1Char(','));
    if (points.size() < 2) {
        *error = QStringLiteral("at least 2 points are needed for an execution segment sequence, %1 given")
                     .arg(points.size());
        return std::nullopt;
    }
    QList<ExecutionSegment> segments;
    std::optional<Rational> start;
    for (const QString &point : points) {
        const std::optional<Rational> value = Rational::parse(point, error);
        if (!value)
            return std::nullopt;
        if (start) {
            const std::optional<ExecutionSegment> segment = ExecutionSegment::create(*start, *value, error);
            if (!segment)
                return std::nullopt;
            segments << *segment;
        }
        start = value;
    }
    // Built from consecutive points, so the segments always join up (k6 checks it again).
    return ExecutionSegmentSequence(segments);
}

ExecutionSegmentSequence ExecutionSegmentSequence::filled(const ExecutionSegmentSequence &sequence,
                                                          const std::optional<ExecutionSegment> &segment)
{
    QList<ExecutionSegment> result = sequence.m_segments;
    if (result.isEmpty()) {
        if (!segment || segment->isFull())
            return ExecutionSegmentSequence({ExecutionSegment()});
        result << *segment;
    }
    const Rational zero = Rational::of(0);
    const Rational one = Rational::of(1);
    if (result.first().from() != zero)
        result.prepend(ExecutionSegment::unchecked(zero, result.first().from()));
    if (result.last().to() != one)
        result.append(ExecutionSegment::unchecked(result.last().to(), one));
    return ExecutionSegmentSequence(result);
}

qint64 ExecutionSegmentSequence::lcd() const
{
    qint64 acc = 1;
    for (const ExecutionSegment &s : m_segments)
        acc = std::lcm(acc, s.length().den);
    return acc;
}

QString ExecutionSegmentSequence::toString() const
{
    QStringList points;
    for (const ExecutionSegment &s : m_segments) {
        if (points.isEmpty())
            points << s.from().toString();
        points << s.to().toString();
    }
    return points.join(QLatin1Char(','));
}

} // namespace throttle
