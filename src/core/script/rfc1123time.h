#pragma once
// Rfc1123Time: Go's time.Parse(time.RFC1123, s), as k6's CookieJar.set parses `expires`: the same
// strictness and, on failure, Go's *time.ParseError text ("parsing time ... cannot parse ...").

#include <QDateTime>
#include <QString>

namespace throttle {

namespace Rfc1123Time {

// The time, or an invalid QDateTime with *error set to Go's message.
QDateTime parse(const QString &value, QString *error);

} // namespace Rfc1123Time

} // namespace throttle
