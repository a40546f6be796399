#pragma once
// CurlTransfer: one CURL easy handle and the state of the transfer it carries (the response
// being filled, the phase instants, the error buffer, the cached header list). CurlTransport
// owns one for single requests and borrows more for a parallel batch; all of them are driven
// by the transport's multi handle on the owning VU thread only. Setup, timings and errors:
// curltransfer.cpp; libcurl's callbacks: curltransfercallbacks.cpp.

#include "core/http/dnsresolver.h"
#include "core/http/httptransport.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include <curl/curl.h>

namespace throttle {

class NetworkPolicy;

class CurlTransfer {
public:
    // policy (may be null, must outlive the transfer): blacklisted ranges refused at connect time,
    // TLS settings, DNS. resolver (may be null, the transport's): options.dns for new connections;
    // cancelled: the transport's flag, which ends a DNS lookup wait early.
    explicit CurlTransfer(const NetworkPolicy *policy = nullptr, DnsResolver *resolver = nullptr,
                          const std::atomic<bool> *cancelled = nullptr);
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer &) = delete;
    CurlTransfer &operator=(const CurlTransfer &) = delete;

    CURL *easy() const { return m_easy; }
    // Sets the handle up for `request` and starts filling `response` (both must outlive the
    // transfer); the phase clock starts here.
    void begin(const HttpRequest &request, HttpResponse *response);
    // The transfer ended with `code` (after curl_multi_remove_handle): fill in what curl knows.
    void finish(CURLcode code);
    // The transfer was removed before curl ever ran it (cut by cancel()): nothing of it went out,
    // and the response is left as it is. Curl's counters are not read: it resets them only when
    // a transfer first runs, so they still describe the handle's previous transfer.
    void abandon() { m_response = nullptr; }
    static void failCancelled(HttpResponse &response);

private:
    using Clock = std::chrono::steady_clock;

    void setFixedOptions();
    void configure(const HttpRequest &request);
    void configureMethodAndBody(const HttpRequest &request);
    curl_slist *headerList(const HttpRequest &request);
    void collectInfo(HttpResponse &response);
    void collectTimings(HttpResponse &response);
    void collectTlsVersion(HttpResponse &response);
    void fail(HttpResponse &response, CURLcode code);

    static size_t onHeader(char *data, size_t size, size_t count, void *self);
    static size_t onBody(char *data, size_t size, size_t count, void *self);
    static int onProgress(void *self, curl_off_t dlTotal, curl_off_t dlNow, curl_off_t ulTotal,
                          curl_off_t ulNow);
    static int onConnectionReady(void *self, char *remoteIp, char *localIp, int remotePort,
                                 int localPort);
    // Go's Request.isReplayable: GET, HEAD, OPTIONS, TRACE, or an Idempotency-Key header.
    static bool replayable(const HttpRequest &request);
    void handleStatusLine(const QByteArray &line);
    void addHeader(const QPair<QByteArray, QByteArray> &header);
    static curl_socket_t onOpenSocket(void *self, curlsocktype purpose, curl_sockaddr *address);
    double elapsedMs() const;

    CURL *m_easy = nullptr;
    const NetworkPolicy *m_policy = nullptr;
    DnsResolver *m_resolver = nullptr;
    const std::atomic<bool> *m_cancelled = nullptr;
    std::shared_ptr<DnsResolver::Entry> m_dialEntry;   // the request host's addresses (options.dns)
    curl_slist *m_connectTo = nullptr;   // options.hosts, for the handle's life
    QString m_refusedAddress;   // the policy's error when it refused the connection in flight

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
    // The header lines of the previous response, raw and parsed, by position: a server answers a
    // load test with the same lines again and again, and a repeated line is appended as a shared
    // copy of its earlier parse, without allocating.
    struct ParsedLine {
        QByteArray line;
        QPair<QByteArray, QByteArray> header;
    };
    QList<ParsedLine> m_lastHeaderLines;

    // State of the transfer in flight (valid between begin() and finish()).
    HttpResponse *m_response = nullptr;
    // libcurl re-sends a request on a fresh connection when a reused one failed before any
    // response byte (Curl_retry_request; no option turns it off). Go, and so k6, replays only
    // idempotent requests: a second connection-ready callback for a request that is not replayable
    // aborts the transfer, which then fails with the error of the first attempt.
    bool m_replayable = true;
    int m_attempts = 0;
    long m_firstAttemptErrno = 0;
    bool m_retryRefused = false;
    // A response that is not HTTP (curl hands it over as an HTTP/0.9 body, CURLOPT_HTTP09_ALLOWED):
    // its first line, for k6's "malformed HTTP response" error, which then ends the transfer.
    bool m_statusSeen = false;
    QByteArray m_garbage;
    std::optional<QString> m_malformed;
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
