#pragma once
// CurlTransport: the libcurl implementation of HttpTransport (ARCHITECTURE.md §4).
// Owns one CurlTransfer (an easy handle, so keep-alive connections are reused across requests)
// and one CURLM multi handle that drives it — and, during http.batch, a few more transfers at
// once — so that cancel() can break curl_multi_poll from another thread. Lives on, and is used
// only by, the VU thread that created it; cancel() is the one method any thread may call.

#include "core/http/httptransport.h"

#include <atomic>
#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace throttle {

class CurlTransfer;
class DnsResolver;
class NetworkPolicy;

class CurlTransport final : public HttpTransport {
public:
    // policy: blacklisted address ranges refused at connect time (kept alive by the transport).
    explicit CurlTransport(std::shared_ptr<const NetworkPolicy> policy = {});
    ~CurlTransport() override;
    CurlTransport(const CurlTransport &) = delete;
    CurlTransport &operator=(const CurlTransport &) = delete;

    HttpResponse perform(const HttpRequest &request) override;
    void performBatch(const std::vector<HttpRequest> &requests, BatchLimits limits,
                      const BatchHopHandler &onHop) override;
    void cancel() override;
    void clearCancel() override;
    void closeIdleConnections() override;

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

private:
    // Runs the transfer until it ends or cancel() cuts it. *ran: curl ran it at all (false when
    // the cut came before the first curl_multi_perform).
    CURLcode drive(CurlTransfer &transfer, bool *ran);

    std::unique_ptr<CurlTransfer> newTransfer() const;

    std::shared_ptr<const NetworkPolicy> m_policy;
    std::unique_ptr<DnsResolver> m_resolver;   // options.dns; made with the policy
    std::unique_ptr<CurlTransfer> m_main;
    CURLM *m_multi = nullptr;
    // Guards m_multi against closeIdleConnections() replacing it while cancel() wakes it.
    // Never taken by perform(), so the hot path stays lock-free.
    std::mutex m_multiMutex;
    std::atomic<bool> m_cancelled{false};
};

} // namespace throttle
