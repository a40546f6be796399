#pragma once
// CurlTransport: the libcurl implementation of HttpTransport (ARCHITECTURE.md §4).
// Owns one CURL easy handle (so keep-alive connections are reused across requests) and one
// CURLM multi handle that drives it, so that cancel() can break curl_multi_poll from another
// thread. Lives on, and is used only by, the VU thread that created it; cancel() is the one
// method that may be called from any thread.

#include "core/http/httptransport.h"

#include <atomic>
#include <chrono>
#include <mutex>

#include <curl/curl.h>

namespace throttle {

class CurlTransport final : public HttpTransport {
public:
    CurlTransport();
    ~CurlTransport() override;
    CurlTransport(const CurlTransport &) = delete;
    CurlTransport &operator=(const CurlTransport &) = delete;

    HttpResponse perform(const HttpRequest &request) override;
    void cancel() override;
    void clearCancel() override;
    void closeIdleConnections() override;

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

private:
    using Clock = std::chrono::steady_clock;

    void configure(const HttpRequest &request);
    void configureMethodAndBody(const HttpRequest &request);
    curl_slist *headerList(const HttpRequest &request);
    CURLcode drive();
    void collectInfo(HttpResponse &response);
    void collectTimings(HttpResponse &response);
    void collectTlsVersion(HttpResponse &response);
    void fail(HttpResponse &response, CURLcode code);
    void failCancelled(HttpResponse &response);

    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    static size_t onBody(char *data, size_t size, size_t count, void *self);
    static int onProgress(void *self, curl_off_t dlTotal, curl_off_t dlNow, curl_off_t ulTotal,
                          curl_off_t ulNow);
    static int onConnectionReady(void *self, char *remoteIp, char *localIp, int remotePort,
                                 int localPort);
    void handleStatusLine(const QByteArray &line);
    double elapsedMs() const;

    CURL *m_easy = nullptr;
    CURLM *m_multi = nullptr;
    // Guards m_multi against closeIdleConnections() replacing it while cancel() wakes it.
    // Never taken by perform(), so the hot path stays lock-free.
    std::mutex m_multiMutex;
    std::atomic<bool> m_cancelled{false};

    // Header list cache: a load test sends the same headers on every iteration, so the curl
    // list is rebuilt only when the caller's headers change.
    curl_slist *m_headerList = nullptr;
    HttpHeaders m_cachedHeaders;
    bool m_headerListValid = false;

    // Last values seen, handed out as shared copies to spare an allocation per response.
    QByteArray m_lastStatusLine;
    QByteArray m_lastStatusText;
    int m_lastStatus = 0;
    QByteArray m_lastRemoteIp;

    // State of the transfer in flight (valid only inside perform()).
    HttpResponse *m_response = nullptr;
    bool m_discardBody = false;
    bool m_https = false;
    Clock::time_point m_startedAt;
    qint64 m_uploadTotal = 0;
    // Milliseconds since m_startedAt; -1 = not reached (see the timing map in the .cpp).
    double m_readyAtMs = -1;      // connection ready, request about to be written
    double m_sentAtMs = -1;       // last request body byte handed to the socket
    double m_firstByteAtMs = -1;  // first response header line
    double m_doneAtMs = 0;
    char m_errorBuffer[CURL_ERROR_SIZE] = {};
};

} // namespace throttle
