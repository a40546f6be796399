#pragma once
// StatusResource: GET and PATCH /v1/status (control-api.md §2). get() runs on the server's
// thread; patch() on the control thread, since RunControl may block (a pause waits for the
// in-flight iterations). Stateless.

#include "api/apicontext.h"
#include "api/apiresponse.h"
#include "core/exec/steeringsource.h"

namespace throttle {

class StatusResource {
public:
    static ApiResponse get(const ApiContext &ctx);
    // source: who steers (the run history's steering log records it).
    static ApiResponse patch(const ApiContext &ctx, const QByteArray &body,
                             SteeringSource::Source source = SteeringSource::Source::Rest);
};

} // namespace throttle
