#pragma once
// MetricsResource: GET /v1/metrics and /v1/metrics/<id> (control-api.md §4), from one metrics
// snapshot: sample keys by type, counter rate over the run clock (never NaN/Inf), tainted from
// the last threshold evaluation. Runs on the server's thread. Stateless.

#include "api/apicontext.h"
#include "api/apiresponse.h"

namespace throttle {

class MetricsResource {
public:
    static ApiResponse list(const ApiContext &ctx);
    static ApiResponse one(const ApiContext &ctx, const QString &id);
    static QByteArray element(const MetricSnapshot &m, double elapsedSec, const QMap<QString, bool> &thresholdsOk);
    static QByteArray sample(const MetricSnapshot &m, double elapsedSec);   // {"count":…,"rate":…}
};

} // namespace throttle
