#pragma once
// JsonPathModifiers: the `@name[:arg]` path components of GJSON v1.18 (the set k6 v1.3 has):
// @reverse, @ugly, @pretty, @this, @valid, @flatten, @join, @keys, @values, @tostr, @fromstr,
// @group, @dig. Each takes the current JSON text and returns new JSON text ("" = no value).
// Pure functions; any thread.

#include <QString>
#include <QStringView>

#include <optional>

namespace throttle {

class JsonPathModifiers {
public:
    struct Applied {
        QStringView rest;      // the path after the modifier and its argument
        QString output;
    };

    static bool has(QStringView name);
    // path starts with '@': runs the modifier it names on json; nullopt when there is no such modifier.
    static std::optional<Applied> apply(QStringView json, QStringView path);

private:
    static QString run(QStringView name, QStringView json, QStringView arg);
    static QString reverse(QStringView json);
    static QString ugly(QStringView json);
    static QString flatten(QStringView json, QStringView arg);
    static QString join(QStringView json, QStringView arg);
    static QString keys(QStringView json);
    static QString values(QStringView json);
    static QString fromStr(QStringView json);
    static QString group(QStringView json);
    static QString dig(QStringView json, QStringView arg);
};

} // namespace throttle
