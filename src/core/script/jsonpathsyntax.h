#pragma once
// JsonPathSyntax: how a GJSON path (k6's res.json(selector) syntax, gjson v1.18 as in k6 v1.3)
// splits into components: an object key (with `*`/`?` wildcards and `\` escapes), an array
// component (`#`, `#.rest`, an index, a `#(query)` or `#(query)#`), pipes `|`, multipath
// selectors `[a,b]`/`{name:a}`. Pure functions on the path text; any thread.

#include <QList>
#include <QString>
#include <QStringView>

namespace throttle {

struct JsonPathQuery {
    bool on = false;
    bool all = false;          // #(...)#: every match, not the first
    QStringView path;          // left of the operator ("" = the element itself)
    QString op;                // "", "=", "!=", "<", "<=", ">", ">=", "%", "!%"
    QString value;             // right of the operator, quotes removed
};

// One component and what follows it: `more` = the rest after a '.', `piped` = the rest after a
// '|' (or after a '.' that leads into a modifier or a multipath).
struct JsonPathComponent {
    QString part;              // object key (escapes resolved) or array part as written
    bool wild = false;         // the key has wildcards
    bool more = false;
    QStringView rest;
    bool piped = false;
    QStringView pipe;
    bool hash = false;         // array part contains '#'
    bool mapEach = false;      // "#.rest": rest applies to every element
    JsonPathQuery query;
};

struct JsonPathSubSelector {
    QStringView name;          // as written, may be quoted; empty = derived from the path
    QStringView path;
};

class JsonPathSyntax {
public:
    static JsonPathComponent objectComponent(QStringView path);
    static JsonPathComponent arrayComponent(QStringView path);
    // Splits at the first '|' that is not inside a query; false when there is none.
    static bool splitPipe(QStringView path, QStringView *left, QStringView *right);
    // path starts with '[' or '{': the comma separated selectors and what follows the closing bracket.
    static bool subSelectors(QStringView path, QList<JsonPathSubSelector> *out, QStringView *rest);
    static QStringView nameOfLast(QStringView path);
    static bool isSimpleName(QStringView name);
    // Wildcard match as tidwall/match: '*' any run, '?' one character, '\' escapes.
    static bool wildcardMatch(QStringView text, QStringView pattern);

private:
    static bool parseQuery(QStringView q, JsonPathQuery *out, qsizetype *end);
    static bool isDotPipe(QStringView afterDot);
    static void endAtDot(JsonPathComponent &c, QStringView path, qsizetype dot, bool mayPipe);
};

} // namespace throttle
