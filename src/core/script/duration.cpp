#include "duration.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <optional>

namespace throttle {

namespace {

constexpr quint64 kOverflow = quint64(1) << 63;

QString quoted(const QByteArray &s)
{
    return QLatin1Char('"') + QString::fromUtf8(s) + QLatin1Char('"');
}

Duration::Parsed failure(const QString &error)
{
    Duration::Parsed p;
    p.error = error;
    return p;
}

Duration::Parsed success(qint64 ns)
{
    Duration::Parsed p;
    p.ok = true;
    p.ns = ns;
    return p;
}

// Nanoseconds per unit, as in Go's unitMap (both micro signs are accepted).
quint64 unitNs(const QByteArray &unit)
{
    if (unit == "ns")
        return 1;
    if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
        return 1000;
    if (unit == "ms")
        return 1000000;
    if (unit == "s")
        return 1000000000ULL;
    if (unit == "m")
        return 60ULL * 1000000000ULL;
    if (unit == "h")
        return 3600ULL * 1000000000ULL;
    return 0;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Leading digits as an integer; false on overflow (Go: "bad [0-9]*").
bool leadingInt(const QByteArray &s, int &pos, quint64 &value)
{
    value = 0;
    for (; pos < s.size() && isDigit(s[pos]); ++pos) {
        if (value > (kOverflow - 1) / 10)
            return false;
        value = value * 10 + quint64(s[pos] - '0');
        if (value > kOverflow)
            return false;
    }
    return true;
}

// Leading fraction digits; stops accumulating (but keeps consuming) once it would overflow.
void leadingFraction(const QByteArray &s, int &pos, quint64 &value, double &scale)
{
    value = 0;
    scale = 1;
    bool overflow = false;
    for (; pos < s.size() && isDigit(s[pos]); ++pos) {
        if (overflow)
            continue;
        if (value > (kOverflow - 1) / 10) {
            overflow = true;
            continue;
        }
        const quint64 next = value * 10 + quint64(s[pos] - '0');
        if (next > kOverflow) {
            overflow = true;
            continue;
        }
        value = next;
        scale *= 10;
    }
}

// A number of milliseconds as nanoseconds, or nothing when it lies beyond ±2^63 ns (292 years)
// or is not finite: the cast would be undefined there, and k6 wraps it into a negative duration.
std::optional<qint64> millisecondsToNs(double ms)
{
    const double ns = ms * 1e6;
    if (!std::isfinite(ns) || std::fabs(ns) >= 9.2e18)
        return std::nullopt;
    return qint64(ns);
}

QString rawJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    default:
        return QStringLiteral("undefined");
    }
}

// Go's fmtFrac: writes ".ddd" without trailing zeros into the front of `out`.
quint64 prependFraction(QString &out, quint64 v, int precision)
{
    bool print = false;
    QString digits;
    for (int i = 0; i < precision; ++i) {
        const quint64 digit = v % 10;
        print = print || digit != 0;
        if (print)
            digits.prepend(QChar('0' + int(digit)));
        v /= 10;
    }
    if (print)
        out.prepend(QLatin1Char('.') + digits);
    return v;
}

} // namespace

Duration::Parsed Duration::parseGo(const QString &text)
{
    const QByteArray orig = text.toUtf8();
    QByteArray s = orig;
    bool negative = false;
    if (!s.isEmpty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s = s.mid(1);
    }
    if (s == "0")
        return success(0);
    const QString invalid = QStringLiteral("time: invalid duration ") + quoted(orig);
    if (s.isEmpty())
        return failure(invalid);

    quint64 total = 0;
    int pos = 0;
    while (pos < s.size()) {
        if (!(s[pos] == '.' || isDigit(s[pos])))
            return failure(invalid);
        quint64 whole = 0;
        const int wholeStart = pos;
        if (!leadingInt(s, pos, whole))
            return failure(invalid);
        const bool pre = pos != wholeStart;
        quint64 frac = 0;
        double scale = 1;
        bool post = false;
        if (pos < s.size() && s[pos] == '.') {
            ++pos;
            const int fracStart = pos;
            leadingFraction(s, pos, frac, scale);
            post = pos != fracStart;
        }
        if (!pre && !post)
            return failure(invalid);
        const int unitStart = pos;
        while (pos < s.size() && !(s[pos] == '.' || isDigit(s[pos])))
            ++pos;
        if (pos == unitStart)
            return failure(QStringLiteral("time: missing unit in duration ") + quoted(orig));
        const QByteArray unitText = s.mid(unitStart, pos - unitStart);
        const quint64 unit = unitNs(unitText);
        if (unit == 0)
            return failure(QStringLiteral("time: unknown unit ") + quoted(unitText)
                           + QStringLiteral(" in duration ") + quoted(orig));
        if (whole > kOverflow / unit)
            return failure(invalid);
        quint64 v = whole * unit;
        if (frac > 0) {
            v += quint64(double(frac) * (double(unit) / scale));
            if (v > kOverflow)
                return failure(invalid);
        }
        total += v;
        if (total > kOverflow)
            return failure(invalid);
    }
    if (negative)
        return success(qint64(0 - total));
    if (total > kOverflow - 1)
        return failure(invalid);
    return success(qint64(total));
}

Duration::Parsed Duration::parse(const QString &text)
{
    // k6 first tries a plain number (strconv.ParseFloat) and reads it as milliseconds.
    static const QRegularExpression number(
        QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    if (number.match(text).hasMatch()) {
        if (const std::optional<qint64> ns = millisecondsToNs(text.toDouble()))
            return success(*ns);
        return failure(QStringLiteral("time: invalid duration ") + quoted(text.toUtf8()));
    }

    const int dayPos = text.indexOf(QLatin1Char('d'));
    if (dayPos < 0)
        return parseGo(text);

    qint64 rest = 0;
    if (dayPos + 1 < text.size()) {
        const QString tail = text.mid(dayPos + 1);
        const Parsed hours = parseGo(tail);
        if (!hours.ok)
            return hours;
        if (hours.ns < 0)
            return failure(QStringLiteral("invalid time format '%1'").arg(tail));
        rest = hours.ns;
    }
    const QString dayText = text.left(dayPos);
    static const QRegularExpression integer(QStringLiteral("^[+-]?\\d+$"));
    bool ok = integer.match(dayText).hasMatch();
    const qint64 days = ok ? dayText.toLongLong(&ok) : 0;
    if (!ok)
        return failure(QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(dayText));
    if (days < 0)
        rest = -rest;
    return success(days * 24 * 3600 * qint64(1000000000) + rest);
}

Duration::Parsed Duration::fromJson(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return Parsed{};
    if (value.isString())
        return parse(value.toString());
    if (value.isDouble()) {
        if (const std::optional<qint64> ns = millisecondsToNs(value.toDouble()))
            return success(*ns);
    }
    return failure(QStringLiteral("'%1' is not a valid duration value").arg(rawJson(value)));
}

QString Duration::formatNs(qint64 ns)
{
    if (ns == 0)
        return QStringLiteral("0s");
    const bool negative = ns < 0;
    quint64 u = negative ? 0 - quint64(ns) : quint64(ns);
    QString out;
    if (u < 1000000000ULL) {
        // Sub-second values use the largest unit that keeps a non-zero integer part.
        if (u < 1000) {
            out = QString::number(u) + QStringLiteral("ns");
        } else if (u < 1000000) {
            out = QStringLiteral("\u00B5s");
            u = prependFraction(out, u, 3);
            out.prepend(QString::number(u));
        } else {
            out = QStringLiteral("ms");
            u = prependFraction(out, u, 6);
            out.prepend(QString::number(u));
        }
    } else {
        out = QStringLiteral("s");
        u = prependFraction(out, u, 9);
        out.prepend(QString::number(u % 60));
        u /= 60;
        if (u > 0) {
            out.prepend(QString::number(u % 60) + QLatin1Char('m'));
            u /= 60;
            if (u > 0)
                out.prepend(QString::number(u) + QLatin1Char('h'));
        }
    }
    return negative ? QLatin1Char('-') + out : out;
}

} // namespace throttle
