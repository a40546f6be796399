#pragma once
// SummaryFormat: how k6 v0.49's end-of-test summary prints numbers, durations, bytes and rates
// (script-api.md §11.1). k6 formats these in JavaScript, so the helpers reproduce JavaScript's
// Number#toFixed (round half away from zero on the exact binary value) and Number#toString.
// Stateless; any thread.

#include "core/metrics/metric.h"

#include <QString>

namespace throttle {

class SummaryFormat
{
public:
    static QString jsString(double value);                    // Number#toString
    static QString toFixed(double value, int digits);         // Number#toFixed
    // parseFloat(v.toFixed(digits)).toString(): rounded, trailing zeros dropped.
    static QString fixedNoTrailingZeros(double value, int digits);
    // The same after truncating (not rounding) to `digits` decimals.
    static QString truncatedNoTrailingZeros(double value, int digits);

    // Milliseconds as 0s, 735ns, 3.79µs, 1.08ms, 1.5s, 2m5s, 1h0m0s; or, when timeUnit is
    // "s", "ms" or "us", fixed two decimals in that unit.
    static QString duration(double ms, const QString &timeUnit = QString());
    static QString bytes(double bytes);                       // 5.0 kB, 10 kB, 3 B
    static QString percent(double ratio);                     // 66.66% (truncated)
    // k6's humanizeValue: a value of a metric of this type/contents.
    static QString value(double value, MetricType type, ValueType contains,
                         const QString &timeUnit = QString());
};

} // namespace throttle
