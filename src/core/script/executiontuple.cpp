#include "executiontuple.h"

#include <algorithm>

namespace throttle {

namespace {
// The striping walks lcd elements once; a sequence of fine decimals could ask for billions.
constexpr qint64 kMaxLcd = 100'000'000;
}

ExecutionTuple::ExecutionTuple() : ExecutionTuple(ExecutionSegmentSequence({ExecutionSegment()}), 0) {}

ExecutionTuple::ExecutionTuple(ExecutionSegmentSequence sequence, int index)
    : m_sequence(std::move(sequence)), m_index(index), m_lcd(m_sequence.lcd())
{
    computeOffsets();
}

std::optional<ExecutionTuple> ExecutionTuple::create(const std::optional<ExecutionSegment> &segment,
                                                     const ExecutionSegmentSequence &sequence, QString *error)
{
    const ExecutionSegmentSequence filled = ExecutionSegmentSequence::filled(sequence, segment);
    const ExecutionSegment wanted = segment.value_or(ExecutionSegment());
    const int index = filled.indexOf(wanted);
    if (index < 0) {
        *error = QStringLiteral("couldn't find segment %1 in sequence %2").arg(wanted.toString(), filled.toString());
        return std::nullopt;
    }
    if (filled.lcd() > kMaxLcd) {
        *error = QStringLiteral("the execution segment sequence %1 is too fine-grained (lowest common "
                                "denominator %2)").arg(filled.toString()).arg(filled.lcd());
        return std::nullopt;
    }
    return ExecutionTuple(filled, index);
}

std::optional<ExecutionTuple> ExecutionTuple::fromOptions(const QString &segmentText, const QString &sequenceText,
                                                          QString *error)
{
    std::optional<ExecutionSegment> segment;
    if (!segmentText.isEmpty()) {
        segment = ExecutionSegment::parse(segmentText, error);
        if (!segment)
            return std::nullopt;
    }
    const std::optional<ExecutionSegmentSequence> sequence = ExecutionSegmentSequence::parse(sequenceText, error);
    if (!sequence)
        return std::nullopt;
    // k6's Options.Validate looks in the sequence as given, before it is filled.
    if (!sequence->isEmpty() && sequence->indexOf(segment.value_or(ExecutionSegment())) < 0) {
        *error = QStringLiteral("provided segment %1 can't be found in sequence %2")
                     .arg(segment.value_or(ExecutionSegment()).toString(), sequence->toString());
        return std::nullopt;
    }
    return create(segment, *sequence, error);
}

void ExecutionTuple::computeOffsets()
{
    // Each segment's share of one lcd block, biggest first (stable for equal shares).
    const int n = m_sequence.size();
    struct Share { qint64 numerator; int index; };
    QList<Share> shares;
    for (int i = 0; i < n; ++i) {
        const Rational length = m_sequence.at(i).length();
        shares.append({length.num * (m_lcd / length.den), i});
    }
    std::stable_sort(shares.begin(), shares.end(),
                     [](const Share &a, const Share &b) { return a.numerator > b.numerator; });

    // Element e of the block goes to the first segment (in that order) that is due: one whose
    // next element, at chosen * lcd / numerator, is at or before e. The last gap of a segment
    // wraps around to its first element in the next block.
    m_offsets = QList<QList<qint64>>(n);
    QList<qint64> previous(n, 0);
    QList<qint64> chosen(n, 0);
    for (qint64 e = 0; e < m_lcd; ++e) {
        for (int s = 0; s < n; ++s) {
            const qint64 due = chosen[s] * m_lcd;
            const qint64 numerator = shares[s].numerator;
            if (e > due / numerator || (e == due / numerator && due % numerator == 0)) {
                ++chosen[s];
                QList<qint64> &offsets = m_offsets[shares[s].index];
                offsets.append(e - previous[shares[s].index]);
                previous[shares[s].index] = e;
                if (offsets.size() == numerator)
                    offsets.append(offsets.first() + m_lcd - e);
                break;
            }
        }
    }
    // This segment's elements within the first block, for globalIndex() in O(1).
    const QList<qint64> &own = m_offsets[m_index];
    m_ownElements = {own.first()};
    for (qsizetype i = 1; i + 1 < own.size(); ++i)
        m_ownElements.append(m_ownElements.last() + own[i]);
}

qint64 ExecutionTuple::scaleAt(int index, qint64 value) const
{
    if (m_sequence.size() == 1)
        return value;
    const QList<qint64> &offsets = m_offsets[index];
    const qint64 perBlock = offsets.size() - 1;
    qint64 result = (value / m_lcd) * perBlock;
    const qint64 rest = value % m_lcd;
    qint64 element = offsets.first();
    for (qint64 gap = 1; element < rest; element += offsets[gap++])
        ++result;
    return result;
}

qint64 ExecutionTuple::globalIndex(qint64 local) const
{
    const qint64 perBlock = m_ownElements.size();
    return (local / perBlock) * m_lcd + m_ownElements[local % perBlock];
}

std::optional<ExecutionTuple> ExecutionTuple::resegmented(qint64 value) const
{
    if (value < 1)
        return std::nullopt;
    if (value % m_lcd == 0)
        return *this;
    QList<ExecutionSegment> segments;
    int newIndex = -1;
    qint64 previous = 0;
    for (int i = 0; i < m_sequence.size(); ++i) {
        const qint64 share = scaleAt(i, value);
        if (share == 0)
            continue;
        if (i == m_index)
            newIndex = int(segments.size());
        segments << ExecutionSegment::unchecked(Rational::of(previous, value), Rational::of(previous + share, value));
        previous += share;
    }
    if (newIndex < 0)
        return std::nullopt;
    return ExecutionTuple(ExecutionSegmentSequence(segments), newIndex);
}

} // namespace throttle
