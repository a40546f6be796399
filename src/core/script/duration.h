#pragma once

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

namespace throttle {

// Duration: k6's duration values and Go's time.Duration text form.
//
// Owns no state: static helpers only, callable from any thread. Parsing follows k6
// (lib/types ParseExtendedDuration on top of Go's time.ParseDuration), so error texts are
// the ones users of k6 already know: Go's `time: invalid duration "abc"`, `time: missing
// unit in duration "1.5x"`..., and `'<raw json>' is not a valid duration value` for JSON
// values that are neither strings nor numbers.
class Duration
{
public:
    // Outcome of a parse; value in nanoseconds (Go's resolution) and milliseconds.
    struct Parsed
    {
        bool ok = false;
        qint64 ns = 0;
        QString error;
        qint64 ms() const { return ns / 1000000; }
    };

    // Go's time.ParseDuration: "300ms", "1m30s", "-1.5h", "0"; no days, no bare numbers.
    static Parsed parseGo(const QString &text);
    // k6's extended form: a decimal number = milliseconds, optional leading whole days
    // ("2d", "1d12h"), otherwise Go syntax.
    static Parsed parse(const QString &text);
    // A JSON option value: string -> parse(), number -> milliseconds, else k6's error.
    // A JSON null is reported as not ok with an empty error (the caller treats it as unset).
    static Parsed fromJson(const QJsonValue &value);

    // Go's time.Duration.String(): "0s", "300ms", "1.5s", "1m0s", "1h30m0s", "-2s".
    static QString formatNs(qint64 ns);
    static QString format(qint64 ms) { return formatNs(ms * 1000000); }
};

} // namespace throttle
