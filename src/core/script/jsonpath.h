#pragma once
// JsonPath: k6's res.json(selector) — a GJSON path (gjson v1.18, the version in k6 v1.3) evaluated
// on the JSON text itself, as gjson does: keys with wildcards and escapes, `#` over arrays,
// `#(...)`/`#(...)#` queries (==, !=, <, <=, >, >=, %, !%, and ~true/~false/~null/~*), pipes,
// multipaths, `!` literals and the @ modifiers. Pure functions; any thread (each VU calls it
// on its own thread).

#include "core/script/jsonpathsyntax.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace throttle {

class JsonPath {
public:
    // The raw JSON text the path selects (gjson's Get), or nullopt when it selects nothing.
    static std::optional<QString> get(QStringView json, QStringView path);
    // The selected value as k6 gives it to JavaScript (gjson's Result.Value()), as compact JSON
    // text; nullopt when nothing matches (res.json(selector) is then undefined).
    static std::optional<QString> select(QStringView json, QStringView path);

private:
    using Result = std::optional<QString>;
    static Result parsed(QStringView text);
    static Result step(QStringView json, QStringView path);
    static Result objectStep(QStringView json, QStringView path);
    static Result arrayStep(QStringView json, QStringView path, bool lines);
    static Result queryStep(QStringView json, const JsonPathComponent &c, bool lines);
    static Result eachStep(QStringView json, const JsonPathComponent &c, bool lines);
    static Result multipath(QStringView json, QStringView path, bool *handled);
    static Result literal(QStringView path, bool *handled);
    static bool queryMatches(const JsonPathQuery &q, const Result &value);
};

} // namespace throttle
