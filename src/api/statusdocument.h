#pragma once
// StatusDocument: the JSON:API status envelope of control-api.md §2 in both directions. The
// server encodes RunStatus and decodes PATCH bodies; the CLI encodes its PATCH and decodes the
// answer. Decoding copies k6 (json.Unmarshal into v1.StatusJSONAPI with guregu null types):
// case-insensitive keys, unknown keys ignored, numeric strings, "" = null, {"Int64":3,"Valid":true},
// and Go's error texts. Stateless; any thread.
//
// Throttle's additive attributes (README "Steering every executor"): GET answers carry
// "scenarios" after k6's seven attributes (not in strict-k6 mode); a PATCH may carry "rate",
// "mode" and "scenario". encode(StatusAttributes) writes them only when set, so k6's PATCH bodies
// stay byte-identical. A malformed additive attribute does not fail decode(): it is reported in
// extensionError, which the server turns into 400 Invalid data unless the run is strict-k6
// (k6 ignores unknown attributes whatever their type).

#include "api/jsonnode.h"
#include "core/exec/runcontrol.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace throttle {

struct StatusAttributes {
    qint64 status = 0;
    std::optional<bool> paused;
    std::optional<qint64> vus;
    std::optional<qint64> vusMax;
    bool stopped = false;
    bool running = false;
    bool tainted = false;
    // Throttle's additive attributes.
    std::optional<qint64> rate;
    std::optional<QString> mode;
    std::optional<QString> scenario;
    QList<ScenarioStatus> scenarios;
    QString extensionError;

    StatusPatch toPatch() const { return {paused, vus, vusMax, stopped, rate, mode, scenario}; }
};

class StatusDocument {
public:
    static QByteArray encode(const RunStatus &s);
    static QByteArray encode(const StatusAttributes &a);   // nulls for unset optionals
    // false + Go's message ("unexpected end of JSON input", "json: cannot unmarshal …").
    static bool decode(const QByteArray &body, StatusAttributes *out, QString *error);

private:
    static bool decodeData(const JsonNode &data, StatusAttributes *out, QString *error);
    static bool decodeAttributes(const JsonNode &attrs, StatusAttributes *out, QString *error);
    static bool decodeNullBool(const JsonNode &v, std::optional<bool> *out, QString *error);
    static bool decodeNullInt(const JsonNode &v, std::optional<qint64> *out, QString *error);
    static bool decodeBool(const JsonNode &v, const char *field, bool *out, QString *error);
    static bool decodeStatusCode(const JsonNode &v, qint64 *out, QString *error);
    static void decodeExtension(const QByteArray &key, const JsonNode &v, StatusAttributes *out);
    static QList<ScenarioStatus> decodeScenarios(const JsonNode &v);
    static QByteArray encodeScenarios(const QList<ScenarioStatus> &scenarios);
};

} // namespace throttle
