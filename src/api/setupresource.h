#pragma once
// SetupResource: /v1/setup (GET, PUT, POST) and POST /v1/teardown (control-api.md §6). get() runs
// on the server's thread; put/post/teardown on the control thread (setup() and teardown() run the
// script and may take long). Stateless.
//
// Beyond k6, PUT refuses data that VUs could not receive intact (400 Error parsing request body):
// invalid UTF-8 (k6 echoes the raw bytes back), and nesting deeper than kMaxDepth (the script
// engine's JSON.parse, which hands the data to every VU, gives up long before Go's 10000 levels).

#include "api/apicontext.h"
#include "api/apiresponse.h"

#include <optional>

namespace throttle {

class SetupResource {
public:
    static constexpr int kMaxDepth = 1024;   // measured: Qt 6.4's JSON.parse refuses 1025 levels
    static ApiResponse get(const ApiContext &ctx);
    static ApiResponse put(const ApiContext &ctx, const QByteArray &body);
    static ApiResponse post(const ApiContext &ctx);
    static ApiResponse teardown(const ApiContext &ctx);
    static QByteArray document(const std::optional<QByteArray> &data);
};

} // namespace throttle
