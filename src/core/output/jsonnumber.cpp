#include "core/output/jsonnumber.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace throttle {

namespace {

// Lays out the shortest digits d1..dk with value 0.d1..dk x 10^n like ECMAScript's
// Number::toString (which Go's encoding/json matches for the range it prints).
QByteArray layout(const QByteArray &digits, int n)
{
    const int k = int(digits.size());
    if (k <= n && n <= 21)
        return digits + QByteArray(n - k, '0');
    if (0 < n && n <= 21)
        return digits.left(n) + '.' + digits.mid(n);
    if (-6 < n && n <= 0)
        return "0." + QByteArray(-n, '0') + digits;
    QByteArray out = digits.left(1);
    if (k > 1)
        out += '.' + digits.mid(1);
    const int e = n - 1;
    out += e < 0 ? "e-" : "e+";
    out += QByteArray::number(std::abs(e));
    return out;
}

} // namespace

QByteArray jsonNumber(double value)
{
    if (!std::isfinite(value) || value == 0.0)
        return QByteArrayLiteral("0");
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf, std::fabs(value),
                                      std::chars_format::scientific);
    const QByteArray text(buf, int(result.ptr - buf));   // "d.ddde+XX"
    const qsizetype ePos = text.indexOf('e');
    QByteArray digits = text.left(ePos);
    digits.replace(".", "");
    const int exponent = text.mid(ePos + 1).toInt();
    const QByteArray body = layout(digits, exponent + 1);
    return value < 0 ? '-' + body : body;
}

} // namespace throttle
