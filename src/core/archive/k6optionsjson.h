#pragma once
// K6OptionsJson: writes test options the way k6 v1.3 marshals its lib.Options — every key in
// k6's order, null when the key was not given, values in k6's normal form ("1m30s", canonical
// execution segments, scenarios with their executor's fields). It is what `k6 archive` puts in
// metadata.json and what `k6 inspect` prints. Stateless; any thread.

#include <QJsonObject>

namespace throttle {

class JsonWriter;
struct Options;

class K6OptionsJson {
public:
    struct Input {
        const QJsonObject &given;   // the options as given (merged sources); absent or null = unset
        const Options &options;     // the same, parsed (and, for inspect's requirements, derived)
        bool derivedScenarios = false;   // print options.scenarios even when `given` has none
        bool defaults = false;      // systemTags and summaryTrendStats with k6's defaults when unset
    };
    // Writes the members (not the braces) into an object the caller has begun.
    static void writeMembers(JsonWriter &w, const Input &in);
    // A JSON value as Go marshals it: object keys sorted (Go maps), numbers as jsonNumber.
    static void writeValue(JsonWriter &w, const QJsonValue &v);
    // Removes null members, recursively (k6's "unset"), so an archive's options read as given.
    static QJsonObject withoutNulls(const QJsonObject &o);
};

} // namespace throttle
