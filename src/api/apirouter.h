#pragma once
// ApiRouter: the route table of control-api.md §1.3, free of any HTTP library. Cheap reads are
// answered at once on the server's thread; state changes come back as a job for the control
// thread (ControlExecutor). Also Go's ServeMux manners: 301 for unclean paths and for /v1, plain 404
// under /v1/, 405 with an empty body, `ok` for everything else, the pprof notice. Const; the
// context it reads is thread-safe.

#include "api/apicontext.h"
#include "api/apirequest.h"
#include "api/apiresponse.h"
#include "core/exec/steeringsource.h"

#include <functional>
#include <optional>

namespace throttle {

class ApiRouter {
public:
    struct Route {
        std::optional<ApiResponse> now;           // answer at once, or
        std::function<ApiResponse()> job;         // run on the control thread
    };

    explicit ApiRouter(ApiContext ctx) : m_ctx(std::move(ctx)) {}
    Route route(const ApiRequest &request) const;
    // A request that must not wait for its turn: PATCH /v1/status with stopped:true is applied
    // here (RunControl::stop() never blocks) and answered; nullopt for every other request.
    std::optional<ApiResponse> applyAtOnce(const ApiRequest &request) const;
    // Who a PATCH steers for, in the run history's steering log: the CLI, the desktop app, or
    // another REST client (by User-Agent).
    static SteeringSource::Source steeringSourceOf(const ApiRequest &request);

private:
    Route v1(const QByteArray &method, const QString &rest, const QByteArray &body, SteeringSource::Source source) const;
    Route resource(const QByteArray &method, const QString &collection, const QString &id, bool hasId) const;

    ApiContext m_ctx;
};

} // namespace throttle
