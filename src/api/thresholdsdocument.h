#pragma once
// ThresholdsDocument: Throttle's GET /v1/throttle/thresholds (docs/rest-extensions.md), both ways —
// every threshold expression of the run with its state and the value it compares now:
//   {"data":[{"type":"thresholds","id":"http_req_duration{name:fast} p(95)<250",
//    "attributes":{"metric":"http_req_duration{name:fast}","threshold":"p(95)<250",
//    "abort_on_fail":false,"state":"pass","stat":"p(95)","observed":2.12,
//    "metric_type":"trend","contains":"time"}}]}
// k6 carries only a "tainted" flag per metric (/v1/metrics); a strict-k6 run answers 404 as for any
// unknown /v1 path. Stateless; any thread.

#include "core/metrics/thresholdreading.h"

#include <QByteArray>
#include <QList>

namespace throttle {

class ThresholdsDocument {
public:
    static QByteArray encode(const QList<ThresholdReading> &readings);
    // false on a body that is not such a document.
    static bool decode(const QByteArray &body, QList<ThresholdReading> *readings);
};

} // namespace throttle
