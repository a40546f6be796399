#pragma once
// PrometheusResource: GET /metrics, every observed metric in the Prometheus text exposition
// format 0.0.4 (an addition; k6's own /metrics serves Go process metrics).
//
// Naming (chosen to match k6's Prometheus remote-write output, so dashboards built for it fit):
// `k6_` + the metric name with characters outside [a-zA-Z0-9_] replaced by `_`.
//   counter -> k6_<name>_total (counter)     gauge -> k6_<name> (gauge)
//   rate    -> k6_<name>_rate (gauge, share of non-zero samples)
//   trend   -> k6_<name> (summary: quantile 0.5/0.9/0.95/0.99, _sum, _count), in the metric's own
//              unit (milliseconds for time metrics, as in the k6 summary).
// Sub-metrics are extra series of their parent's family, labelled with their selector tags
// (http_req_duration{expected_response:true} -> k6_http_req_duration{expected_response="true",…}).
// Runs on the server's thread. Stateless.

#include "api/apicontext.h"
#include "api/apiresponse.h"

namespace throttle {

class PrometheusResource {
public:
    static ApiResponse get(const ApiContext &ctx);
    static QByteArray exposition(const MetricsSnapshot &snapshot);
    static QByteArray familyName(const QString &metric, MetricType type);

private:
    static QByteArray labels(const TagList &tags, const QByteArray &extra = QByteArray());
    static QByteArray series(const MetricSnapshot &m, const QByteArray &family);
};

} // namespace throttle
