#pragma once

#include <QString>
#include <QtGlobal>
#include <optional>

namespace throttle {

// Rational: an exact fraction num/den (den > 0, always reduced), the number type of the
// execution-segment arithmetic. 64-bit parts with 128-bit intermediates: segment values come
// from short user strings, so they stay far from the limits.
struct Rational
{
    qint64 num = 0;
    qint64 den = 1;

    static Rational of(qint64 n, qint64 d = 1);
    // k6's accepted spellings of one value: "1/3", "0.25", "1e-1", "25%". nullopt when invalid.
    static std::optional<Rational> parse(const QString &text, QString *error);

    Rational operator+(const Rational &o) const;
    Rational operator-(const Rational &o) const;
    Rational operator*(const Rational &o) const;
    int compare(const Rational &o) const;
    bool operator==(const Rational &o) const { return num == o.num && den == o.den; }
    bool operator!=(const Rational &o) const { return !(*this == o); }
    bool operator<(const Rational &o) const { return compare(o) < 0; }

    // "1/3", or "2" when whole (Go's big.Rat RatString).
    QString toString() const;
    // Decimal with `digits` places, the last rounded half away from zero (big.Rat FloatString).
    QString toFixed(int digits) const;
    double toDouble() const { return double(num) / double(den); }
};

// ExecutionSegment: the (from, to] share of a test's work that one instance runs
// (script-api.md §2.2 `executionSegment`, k6's lib/execution_segment.go semantics), with
// 0 <= from < to <= 1. A plain value type.
class ExecutionSegment
{
public:
    ExecutionSegment() = default;   // the full 0:1 segment
    // Validated construction: k6's messages on failure.
    static std::optional<ExecutionSegment> create(const Rational &from, const Rational &to, QString *error);
    // "a:b" (each a fraction, decimal or percentage) or a single "b" meaning "0:b"; "" is 0:1.
    static std::optional<ExecutionSegment> parse(const QString &text, QString *error);
    // No validation; for segments that the arithmetic itself derives.
    static ExecutionSegment unchecked(const Rational &from, const Rational &to);

    const Rational &from() const { return m_from; }
    const Rational &to() const { return m_to; }
    Rational length() const { return m_to - m_from; }
    bool isFull() const { return m_from.num == 0 && m_to == Rational::of(1); }
    bool operator==(const ExecutionSegment &o) const { return m_from == o.m_from && m_to == o.m_to; }
    QString toString() const;   // "1/3:2/3"

private:
    Rational m_from = Rational::of(0);
    Rational m_to = Rational::of(1);
};

} // namespace throttle
