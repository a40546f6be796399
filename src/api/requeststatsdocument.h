#pragma once
// RequestStatsDocument: Throttle's extension resources (docs/rest-extensions.md), both ways.
// GET /v1/throttle/requests — one element per request name × method:
//   {"data":[{"type":"requests","id":"GET json","attributes":{"name":"json","method":"GET",
//    "count":120,"failed":0,"answered":120,"data_received":61440,"duration":{"avg":..,"p(50)":..,"p(90)":..,"p(95)":..,
//    "p(99)":..,"max":..}}}],"meta":{"elapsed":12.5,"truncated":false}}
// GET /v1/throttle/failures — one element per failure group, most frequent first:
//   {"data":[{"type":"failures","id":"1","attributes":{"kind":"request","error_code":"1212",
//    "status":0,"message":"dial: connection refused","count":3,
//    "first_seen":"2026-12-07T08:48:29.746Z","last_seen":"…","example":"http://127.0.0.1:1/"}}]}
// k6 has neither (its REST API carries no per-request data); a strict-k6 run answers 404 as for
// any unknown /v1 path. Stateless; any thread.

#include "core/metrics/requeststatssnapshot.h"

#include <QByteArray>

namespace throttle {

class RequestStatsDocument {
public:
    static QByteArray encodeRequests(const RequestStatsSnapshot &s, double elapsedSec);
    static QByteArray encodeFailures(const RequestStatsSnapshot &s);
    // false on a body that is not such a document.
    static bool decodeRequests(const QByteArray &body, QList<RequestStatsRow> *rows, double *elapsedSec,
                               bool *truncated);
    static bool decodeFailures(const QByteArray &body, QList<FailureGroup> *groups);
};

} // namespace throttle
