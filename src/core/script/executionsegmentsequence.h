#pragma once

#include "executionsegment.h"

#include <QList>
#include <optional>

namespace throttle {

// ExecutionSegmentSequence: consecutive execution segments without gaps or overlaps, written
// "r1,r2,...,rn" for (r1,r2], (r2,r3], ... (script-api.md §2.2 `executionSegmentSequence`, k6
// semantics). Every runner of a distributed test gets the same sequence and its own segment of
// it. A plain value type; empty means "no sequence".
class ExecutionSegmentSequence
{
public:
    ExecutionSegmentSequence() = default;
    explicit ExecutionSegmentSequence(QList<ExecutionSegment> segments) : m_segments(std::move(segments)) {}

    // "" gives an empty sequence; otherwise at least two points, k6's messages on failure.
    static std::optional<ExecutionSegmentSequence> parse(const QString &text, QString *error);
    // The sequence padded to cover 0..1: the segment alone (or 0:1) when there is no sequence,
    // plus a leading 0:from and a trailing to:1 where needed (k6 GetFilledExecutionSegmentSequence).
    static ExecutionSegmentSequence filled(const ExecutionSegmentSequence &sequence,
                                           const std::optional<ExecutionSegment> &segment);

    const QList<ExecutionSegment> &segments() const { return m_segments; }
    bool isEmpty() const { return m_segments.isEmpty(); }
    int size() const { return int(m_segments.size()); }
    const ExecutionSegment &at(int i) const { return m_segments[i]; }
    int indexOf(const ExecutionSegment &segment) const { return int(m_segments.indexOf(segment)); }
    // Least common denominator of the segment lengths.
    qint64 lcd() const;
    QString toString() const;   // "0,1/3,2/3,1"

private:
    QList<ExecutionSegment> m_segments;
};

} // namespace throttle
