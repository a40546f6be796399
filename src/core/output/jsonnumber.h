#pragma once
// jsonNumber: the one number formatter behind every JSON writer (REST, summary export, JSON
// lines) and behind JavaScript-style number printing in the text summary. Same rules as Go's
// encoding/json and JavaScript's Number#toString (control-api.md §1.4): the shortest decimal
// that reads back as the same double, integral values without a decimal point, exponent form
// only when |x| < 1e-6 or |x| >= 1e21 ("1e-7", "1.5e+21").
// NaN and ±Inf are not JSON: they are written as 0 (k6 would fail the whole document; a
// monitoring endpoint is better served by a harmless zero). -0 is written as 0.

#include <QByteArray>

namespace throttle {

QByteArray jsonNumber(double value);

} // namespace throttle
