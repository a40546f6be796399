#include "executionsegment.h"

#include <QRegularExpression>
#include <limits>

namespace throttle {

namespace {

using Wide = __int128;

Rational reduce(Wide n, Wide d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    Wide a = n < 0 ? -n : n;
    Wide b = d;
    while (b != 0) {
        const Wide t = a % b;
        a = b;
        b = t;
    }
    if (a > 1) {
        n /= a;
        d /= a;
    }
    return Rational{qint64(n), qint64(d)};
}

QString invalidValue(const QString &text)
{
    return QStringLiteral("'%1' is not a valid percentage, decimal, fraction or interval value").arg(text);
}

// Decimal notation: [+-]digits[.digits][e[+-]digits]; at most 18 significant digits.
std::optional<Rational> parseDecimal(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d{1,3}))?$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch() || (m.captured(2).isEmpty() && m.captured(3).isEmpty()))
        return std::nullopt;
    QString digits = m.captured(2) + m.captured(3);
    while (digits.size() > 1 && digits.startsWith(QLatin1Char('0')))
        digits.remove(0, 1);
    if (digits.size() > 18)
        return std::nullopt;
    int exponent = m.captured(4).isEmpty() ? 0 : m.captured(4).toInt();
    exponent -= int(m.captured(3).size());
    Wide num = digits.toLongLong();
    Wide den = 1;
    for (; exponent > 0; --exponent) {
        num *= 10;
        if (num > Wide(std::numeric_limits<qint64>::max()))
            return std::nullopt;
    }
    for (; exponent < 0; ++exponent) {
        den *= 10;
        if (den > Wide(1000000000000000000LL))
            return std::nullopt;
    }
    if (m.captured(1) == QLatin1String("-"))
        num = -num;
    return reduce(num, den);
}

} // namespace

Rational Rational::of(qint64 n, qint64 d)
{
    return reduce(n, d);
}

std::optional<Rational> Rational::parse(const QString &text, QString *error)
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?\\d{1,18}$"));
    static const QRegularExpression fraction(QStringLiteral("^([+-]?\\d{1,18})/(\\d{1,18})$"));
    if (text.endsWith(QLatin1Char('%'))) {
        const QString number = text.chopped(1);
        if (!integer.match(number).hasMatch()) {
            *error = QStringLiteral("'%1' is not a valid percentage").arg(text);
            return std::nullopt;
        }
        return of(number.toLongLong(), 100);
    }
    const QRegularExpressionMatch m = fraction.match(text);
    if (m.hasMatch()) {
        const qint64 den = m.captured(2).toLongLong();
        if (den == 0) {
            *error = invalidValue(text);
            return std::nullopt;
        }
        return of(m.captured(1).toLongLong(), den);
    }
    if (std::optional<Rational> r = parseDecimal(text))
        return r;
    *error = invalidValue(text);
    return std::nullopt;
}

Rational Rational::operator+(const Rational &o) const
{
    return reduce(Wide(num) * o.den + Wide(o.num) * den, Wide(den) * o.den);
}

Rational Rational::operator-(const Rational &o) const
{
    return reduce(Wide(num) * o.den - Wide(o.num) * den, Wide(den) * o.den);
}

Rational Rational::operator*(const Rational &o) const
{
    return reduce(Wide(num) * o.num, Wide(den) * o.den);
}

int Rational::compare(const Rational &o) const
{
    const Wide a = Wide(num) * o.den;
    const Wide b = Wide(o.num) * den;
    return a < b ? -1 : (a > b ? 1 : 0);
}

QString Rational::toString() const
{
    if (den == 1)
        return QString::number(num);
    return QStringLiteral("%1/%2").arg(num).arg(den);
}

QString Rational::toFixed(int digits) const
{
    Wide scale = 1;
    for (int i = 0; i < digits; ++i)
        scale *= 10;
    const Wide absNum = num < 0 ? -Wide(num) : Wide(num);
    Wide whole = absNum / den;
    Wide frac = (absNum % den) * scale;
    const Wide rest = frac % den;
    frac /= den;
    if (2 * rest >= den && ++frac >= scale) {
        ++whole;
        frac -= scale;
    }
    QString out = num < 0 ? QStringLiteral("-") : QString();
    out += QString::number(qint64(whole));
    if (digits > 0)
        out += QLatin1Char('.') + QString::number(qint64(frac)).rightJustified(digits, QLatin1Char('0'));
    return out;
}

std::optional<ExecutionSegment> ExecutionSegment::create(const Rational &from, const Rational &to, QString *error)
{
    if (from.num < 0) {
        *error = QStringLiteral("segment start value must be at least 0 but was %1").arg(from.toFixed(2));
        return std::nullopt;
    }
    if (from.compare(to) >= 0) {
        *error = QStringLiteral("segment start(%1) must be less than its end(%2)").arg(from.toFixed(2), to.toFixed(2));
        return std::nullopt;
    }
    if (to.compare(Rational::of(1)) > 0) {
        *error = QStringLiteral("segment end value can't be more than 1 but was %1").arg(to.toFixed(2));
        return std::nullopt;
    }
    return unchecked(from, to);
}

std::optional<ExecutionSegment> ExecutionSegment::parse(const QString &text, QString *error)
{
    QString toText = text.isEmpty() ? QStringLiteral("1") : text;
    Rational from = Rational::of(0);
    const qsizetype colon = toText.indexOf(QLatin1Char(':'));
    if (colon >= 0) {
        const std::optional<Rational> f = Rational::parse(toText.left(colon), error);
        if (!f)
            return std::nullopt;
        from = *f;
        toText = toText.mid(colon + 1);
    }
    const std::optional<Rational> to = Rational::parse(toText, error);
    if (!to)
        return std::nullopt;
    return create(from, *to, error);
}

ExecutionSegment ExecutionSegment::unchecked(const Rational &from, const Rational &to)
{
    ExecutionSegment s;
    s.m_from = from;
    s.m_to = to;
    return s;
}

QString ExecutionSegment::toString() const
{
    return m_from.toString() + QLatin1Char(':') + m_to.toString();
}

} // namespace throttle
