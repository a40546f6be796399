#pragma once
// SetupResource: /v1/setup (GET, PUT, POST) and POST /v1/teardown (control-api.md §6). get() runs
// on the server's thread; put/post/teardown on the control thread (setup() and teardown() run the
// script and may take long). Stateless.

#include "api/apicontext.h"
#include "api/apiresponse.h"

#include <optional>

namespace throttle {

class SetupResource {
public:
    static ApiResponse get(const ApiContext &ctx);
    static ApiResponse put(const ApiContext &ctx, const QByteArray &body);
    static ApiResponse post(const ApiContext &ctx);
    static ApiResponse teardown(const ApiContext &ctx);
    static QByteArray document(const std::optional<QByteArray> &data);
};

} // namespace throttle
