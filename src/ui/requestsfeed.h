#pragma once
// RequestsFeed: fills the Requests and Failures views, from a local run's RequestStats (at most
// once a second: a snapshot computes every row's percentiles) or from an attached run's polled
// /v1/throttle/* resources; for an attached k6 (or strict-k6) API, which has no per-request
// data, both views stay empty and carry a note that says so. GUI thread only.

#include "core/metrics/requeststats.h"
#include "ui/attachedrun.h"
#include "ui/failuresmodel.h"
#include "ui/requestsmodel.h"

#include <QElapsedTimer>

namespace throttle {

class RequestsFeed
{
public:
    static const QString kNotExposed;   // the note for a k6 / strict-k6 API

    RequestsFeed(RequestsModel &requests, FailuresModel &failures) : m_requests(requests), m_failures(failures) {}

    void local(const RequestStats &stats, double elapsedSec, bool force);
    void attached(const AttachedRequests &remote);
    void clear();

private:
    RequestsModel &m_requests;
    FailuresModel &m_failures;
    QElapsedTimer m_last;
};

} // namespace throttle
