// VuNative::batch: http.batch's native side. The elements arrive normalised by http.mjs as
// [method, url, body, params]; each becomes a PendingRequest as in request(), and the VU's
// transport runs them in parallel within the `batch` and `batchPerHost` limits. Every hop emits
// its own samples, exactly as a single request's hops do.

#include "core/script/vunative.h"

#include "core/http/httptransport.h"
#include "core/script/requestratelimiter.h"
#include "core/script/vuruntime.h"

#include <QJSEngine>

namespace throttle {

QJSValue VuNative::batch(const QJSValue &requests)
{
    if (inInit) {
        throwError(QStringLiteral("Using batch in the init context is not supported"));
        return {};
    }
    const int n = requests.property(QStringLiteral("length")).toInt();
    std::vector<PendingRequest> pending(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const QJSValue r = requests.property(quint32(i));
        if (!prepareRequest(r.property(0).toString(), r.property(1), r.property(2), r.property(3),
                            &pending[size_t(i)]))
            return {};
    }
    // Requests that cannot go out (bad URL) end at once; the rest go to the transport.
    std::vector<HttpRequest> toSend;
    std::vector<size_t> slotOf;
    for (size_t i = 0; i < pending.size(); ++i) {
        HttpResponse bad;
        if (hopRefused(pending[i], &bad)) {
            afterHop(pending[i], std::move(bad));
            continue;
        }
        toSend.push_back(pending[i].req);
        slotOf.push_back(i);
    }
    bool cancelled = false;
    BatchLimits limits{m_rt.m_ctx.http.batch, m_rt.m_ctx.http.batchPerHost, {}};
    if (const std::shared_ptr<RequestRateLimiter> rps = m_rt.m_ctx.rps)
        limits.pace = [rps](qint64 nowNs) { return rps->reserve(nowNs); };
    m_rt.m_transport->performBatch(toSend, limits, [&](int slot, HttpResponse &resp, HttpRequest *next) {
        PendingRequest &pr = pending[slotOf[size_t(slot)]];
        if (resp.cancelled || m_rt.interrupted()) {
            cancelled = true;
            bytesSent += resp.bytesSent;
            bytesReceived += resp.bytesReceived;
            interruptedRequests += resp.wentOut() ? 1 : 0;
            return false;
        }
        if (!afterHop(pr, std::move(resp)))
            return false;
        HttpResponse bad;
        if (hopRefused(pr, &bad)) {   // a redirect to somewhere unusable ends here
            afterHop(pr, std::move(bad));
            return false;
        }
        *next = pr.req;
        return true;
    });
    if (cancelled || m_rt.interrupted()) {
        throwError(QStringLiteral("context canceled"));
        return {};
    }
    QJSValue out = m_rt.m_engine->newArray(uint(n));
    for (int i = 0; i < n; ++i) {
        if (!reportError(pending[size_t(i)]))
            return {};
        out.setProperty(quint32(i), makeResponse(pending[size_t(i)]));
    }
    return out;
}

} // namespace throttle
