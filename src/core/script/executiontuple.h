#pragma once

#include "executionsegmentsequence.h"

#include <QList>
#include <optional>

namespace throttle {

// ExecutionTuple: one instance's segment within its (filled) segment sequence, and k6's
// striping arithmetic over it (lib/execution_segment.go: ExecutionSegmentSequenceWrapper and
// ExecutionTuple). The elements 0, 1, 2, ... of anything countable (VUs, iterations, arrival
// times) are dealt to the segments of the sequence in a fixed pattern that repeats every
// lcd() elements; segment i takes length(i) * lcd of each block, spread as evenly as possible
// (the biggest segments choose first). So every instance computes, from the sequence and its
// own segment alone, exactly which elements are its own, and the shares of all instances add
// up to the whole: scale(v) summed over the segments is v for every v.
//
// Immutable after construction; share it between threads freely.
class ExecutionTuple
{
public:
    ExecutionTuple();   // unsegmented: the one segment 0:1, nothing is scaled

    // k6's NewExecutionTuple: the segment's position in the filled sequence, or an error.
    static std::optional<ExecutionTuple> create(const std::optional<ExecutionSegment> &segment,
                                                const ExecutionSegmentSequence &sequence, QString *error);
    // From the option strings: parse errors as k6 words them, then k6's option check
    // "provided segment <s> can't be found in sequence <q>" when a sequence is given.
    static std::optional<ExecutionTuple> fromOptions(const QString &segment, const QString &sequence,
                                                     QString *error);

    const ExecutionSegment &segment() const { return m_sequence.at(m_index); }
    const ExecutionSegmentSequence &sequence() const { return m_sequence; }
    int index() const { return m_index; }
    qint64 lcd() const { return m_lcd; }
    bool isSegmented() const { return m_sequence.size() > 1; }

    // This segment's share of `value` (k6 ExecutionTuple.ScaleInt64).
    qint64 scale(qint64 value) const { return scaleAt(m_index, value); }
    // The first element of this segment, and the gaps to each next one over one lcd block
    // (k6 GetStripedOffsets); the gaps sum to lcd().
    qint64 stripeStart() const { return m_offsets[m_index].first(); }
    QList<qint64> stripeOffsets() const { return m_offsets[m_index].mid(1); }
    // The global (whole-test) index of this segment's element `local`, both 0-based.
    qint64 globalIndex(qint64 local) const;
    // k6 GetNewExecutionTupleFromValue: the sequence re-cut so that segment i has length
    // scaleAt(i, value) / value (empty ones dropped), and this segment in it. The arrival-rate
    // and shared-iterations executors stripe their work with the tuple re-cut by their VUs.
    // nullopt when this segment's share of value is 0.
    std::optional<ExecutionTuple> resegmented(qint64 value) const;

private:
    ExecutionTuple(ExecutionSegmentSequence sequence, int index);
    qint64 scaleAt(int index, qint64 value) const;
    void computeOffsets();

    ExecutionSegmentSequence m_sequence;   // filled: covers 0..1
    int m_index = 0;
    qint64 m_lcd = 1;
    QList<QList<qint64>> m_offsets;        // per segment: start, then lcd-block gaps
    QList<qint64> m_ownElements;           // this segment's elements in 0..lcd-1
};

} // namespace throttle
