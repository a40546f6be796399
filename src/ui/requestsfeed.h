#pragma once
// RequestsFeed: fills the Requests and Failures views from a run's RequestsReading (RunView):
// a local run's RequestStats or an attached run's polled /v1/throttle/* resources; for an
// attached k6 (or strict-k6) API, which has no per-request data, both views stay empty and carry
// a note that says so. GUI thread only.

#include "core/exec/runview.h"
#include "ui/failuresmodel.h"
#include "ui/requestsmodel.h"

namespace throttle {

class RequestsFeed
{
public:
    static const QString kNotExposed;   // the note for a k6 / strict-k6 API

    RequestsFeed(RequestsModel &requests, FailuresModel &failures) : m_requests(requests), m_failures(failures) {}

    void show(const RequestsReading &reading);
    void clear();

private:
    RequestsModel &m_requests;
    FailuresModel &m_failures;
};

} // namespace throttle
