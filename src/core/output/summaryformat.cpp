#include "core/output/summaryformat.h"

#include "core/output/jsonnumber.h"

#include <QByteArray>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace throttle {

namespace {

// Adds one unit in the last place to a decimal string such as "12.34" -> "12.35", "9.99" -> "10.00".
QByteArray incrementLastDigit(QByteArray s)
{
    qsizetype i = s.size() - 1;
    for (; i >= 0; --i) {
        if (s[i] == '.')
            continue;
        if (s[i] != '9') {
            s[i] = char(s[i] + 1);
            return s;
        }
        s[i] = '0';
    }
    return '1' + s;
}

// glibc's printf prints the exact binary value, correctly rounded (ties to even).
QByteArray printFixed(double value, int digits)
{
    char buf[400];
    const int n = std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return QByteArray(buf, std::clamp(n, 0, int(sizeof buf) - 1));
}

} // namespace

QString SummaryFormat::jsString(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::fromLatin1(jsonNumber(value));
}

QString SummaryFormat::toFixed(double value, int digits)
{
    if (!std::isfinite(value) || std::fabs(value) >= 1e21)
        return jsString(value);
    if (value == 0.0)
        value = 0.0;   // -0 prints without a sign in JavaScript
    const double magnitude = std::fabs(value);
    // A tie (exactly ...5 after `digits` decimals) needs at most digits+1 binary fraction bits;
    // printf breaks ties to even, JavaScript away from zero.
    const double scaled = std::ldexp(magnitude, digits + 1);
    if (std::floor(scaled) == scaled) {
        QByteArray longer = printFixed(magnitude, digits + 1);
        if (longer.endsWith('5')) {
            longer.chop(1);
            if (longer.endsWith('.'))
                longer.chop(1);
            const QByteArray rounded = incrementLastDigit(longer);
            return QString::fromLatin1(value < 0 ? '-' + rounded : rounded);
        }
    }
    return QString::fromLatin1(printFixed(value, digits));
}

QString SummaryFormat::fixedNoTrailingZeros(double value, int digits)
{
    return jsString(toFixed(value, digits).toDouble());
}

QString SummaryFormat::truncatedNoTrailingZeros(double value, int digits)
{
    const double mult = std::pow(10.0, digits);
    return fixedNoTrailingZeros(std::trunc(mult * value) / mult, digits);
}

QString SummaryFormat::duration(double ms, const QString &timeUnit)
{
    if (timeUnit == QLatin1String("s"))
        return toFixed(ms * 0.001, 2) + QLatin1String("s");
    if (timeUnit == QLatin1String("ms"))
        return toFixed(ms, 2) + QLatin1String("ms");
    if (timeUnit == QLatin1String("us"))
        return toFixed(ms * 1000, 2) + QStringLiteral("µs");
    if (ms == 0.0)
        return QStringLiteral("0s");
    if (ms < 0.001)
        return jsString(std::trunc(ms * 1000000)) + QLatin1String("ns");
    if (ms < 1)
        return truncatedNoTrailingZeros(ms * 1000, 2) + QStringLiteral("µs");
    if (ms < 1000)
        return truncatedNoTrailingZeros(ms, 2) + QLatin1String("ms");
    QString result = truncatedNoTrailingZeros(std::fmod(ms, 60000) / 1000, ms > 60000 ? 0 : 2)
                     + QLatin1Char('s');
    double rest = std::trunc(ms / 60000);
    if (rest < 1)
        return result;
    result = jsString(std::fmod(rest, 60)) + QLatin1Char('m') + result;
    rest = std::trunc(rest / 60);
    if (rest < 1)
        return result;
    return jsString(rest) + QLatin1Char('h') + result;
}

QString SummaryFormat::bytes(double bytes)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    if (bytes < 10)
        return jsString(bytes) + QLatin1String(" B");
    const int e = std::clamp(int(std::floor(std::log(bytes) / std::log(1000.0))), 0, 8);
    const double v = std::floor(bytes / std::pow(1000.0, e) * 10 + 0.5) / 10;
    return toFixed(v, v < 10 ? 1 : 0) + QLatin1Char(' ') + QLatin1String(units[e]);
}

QString SummaryFormat::percent(double ratio)
{
    // Same operation order as k6's JavaScript: trunc(v * 100 * 100) / 100.
    return toFixed(std::trunc(ratio * 100 * 100) / 100, 2) + QLatin1Char('%');
}

QString SummaryFormat::value(double value, MetricType type, ValueType contains,
                             const QString &timeUnit)
{
    if (type == MetricType::Rate)
        return percent(value);
    switch (contains) {
    case ValueType::Data: return bytes(value);
    case ValueType::Time: return duration(value, timeUnit);
    case ValueType::Default: break;
    }
    return fixedNoTrailingZeros(value, 6);
}

} // namespace throttle
