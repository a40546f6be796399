#pragma once
// JsonScan: reading JSON text in place, without building a tree, the way gjson (the library
// behind k6's res.json(selector)) reads it: a value is known by its first character and skipped
// by counting brackets. Stateless helpers for JsonPath and its modifiers; any thread.

#include <QString>
#include <QStringView>

#include <functional>

namespace throttle {

class JsonScan {
public:
    enum class Kind { None, Object, Array, String, Number, True, False, Null };

    static Kind kindAt(QStringView s, qsizetype i);
    static qsizetype skipSpace(QStringView s, qsizetype i);
    // End (exclusive) of the value that starts at i; lenient, as gjson: no validation.
    static qsizetype valueEnd(QStringView s, qsizetype i);
    // From an opening bracket (or any character, which then counts as one), to just after the
    // bracket that closes it, skipping strings; the rest of s when nothing closes it.
    static qsizetype squashEnd(QStringView s, qsizetype i);
    // i at an opening quote: just after the closing one (or s.size()).
    static qsizetype stringEnd(QStringView s, qsizetype i);

    // The first value in s, as gjson's Parse sees it: an object or array runs to the end of s,
    // other values to their end; empty when s holds no value.
    static QStringView firstValue(QStringView s);

    // The text of a JSON string given with its quotes (escapes resolved).
    static QString stringValue(QStringView raw);
    static QString unescape(QStringView inner);
    static void appendQuoted(QString &out, QStringView text);

    // Calls f(key, value) for each member of the object (key = raw key with quotes) or f({}, value)
    // for each element of the array that starts at or after i; f returns false to stop.
    static void forEach(QStringView s, const std::function<bool(QStringView key, QStringView value)> &f);

    // Strict RFC 8259 check of the whole text (one value, optional surrounding white space).
    static bool isValid(QStringView s);

    // The value as k6 hands it to JavaScript (gjson's Result.Value()), as compact JSON text:
    // objects keep the first of duplicated keys, numbers become plain JSON numbers.
    static QString valueText(QStringView raw);

    // The number gjson reads out of a raw number (Go's ParseFloat; 0 when it fails).
    static double toNumber(QStringView raw);

private:
    static void appendValue(QString &out, QStringView raw);
    static bool validValue(QStringView s, qsizetype &i, int depth);
    static bool validString(QStringView s, qsizetype &i);
    static bool validNumber(QStringView s, qsizetype &i);
};

} // namespace throttle
