#pragma once
// The one seam for all HTTP that the engine makes. A transport is owned by one VU and used only
// on that VU's thread; cancel() is the single exception and may be called from any thread.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>
#include <functional>
#include <vector>

namespace throttle {

// Steady-clock nanoseconds: the time base of BatchLimits::pace and of options.rps.
inline qint64 steadyNowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method = "GET";
    QByteArray url;            // absolute http:// or https:// URL
    HttpHeaders headers;       // sent as given, in order (User-Agent is added by the caller)
    QByteArray body;           // sent when non-empty, or when sendBody is set
    bool sendBody = false;     // send an empty body with Content-Length: 0 (POST "")
    qint64 timeoutMs = 60000;  // whole transfer; expiry -> errorCode 1050 "request timeout"
    bool discardBody = false;  // read and drop the body (responseType "none")
    bool insecureSkipTLSVerify = false;
    bool noConnectionReuse = false;
};

// k6's timing phases in milliseconds (float), from the transport's own clocks.
struct HttpTimings {
    double blocked = 0;         // waiting for a connection incl. DNS/connect/TLS of a new one
    double connecting = 0;
    double tlsHandshaking = 0;
    double sending = 0;
    double waiting = 0;         // time to first byte after sending
    double receiving = 0;
    double duration() const { return sending + waiting + receiving; }
};

// One hop: the transport never follows redirects and never decodes cookies (the layer above
// does both, so that each hop is its own k6 request with its own metrics).
struct HttpResponse {
    int status = 0;                // 0 on transport error
    QByteArray statusText;         // "200 OK"
    QByteArray proto;              // "HTTP/1.1", "HTTP/2.0"; empty on transport error
    HttpHeaders headers;           // as received, in order (names as the server wrote them)
    QByteArray body;               // decoded (gzip/deflate) unless discardBody
    QByteArray remoteIp;
    int remotePort = 0;
    QByteArray tlsVersion;         // "tls1.3" for https, empty otherwise
    QByteArray tlsCipherSuite;     // IANA name, "TLS_AES_128_GCM_SHA256" for https (as Go names it)
    HttpTimings timings;
    int errorCode = 0;             // k6 error code (script-api.md §5.6), 0 if none; not 1000+status
    QString error;                 // k6 error text, e.g. "dial: connection refused"
    qint64 bytesSent = 0;          // bytes written on the wire for this hop (headers + body)
    qint64 bytesReceived = 0;      // bytes read on the wire for this hop (headers + body)
    bool cancelled = false;        // cut by cancel(): the caller treats the iteration as interrupted
    bool requestSent = false;      // cancelled after request bytes went out (http_reqs_interrupted)
    // The request reached the wire: a cut one that had sent bytes, or any that was not cut (also
    // one whose answer came just as the VU was interrupted, and is dropped with the iteration).
    bool wentOut() const { return cancelled ? requestSent : bytesSent > 0; }
};

// Limits of one batch (k6's `batch` and `batchPerHost` options); 0 or less = no limit.
struct BatchLimits {
    int total = 20;
    int perHost = 6;
    // options.rps: asked once per slot, before it first starts, with the steady-clock time now
    // (ns); answers when the slot may start. Unset = at once.
    std::function<qint64(qint64 nowNs)> pace;
};

// Called on the owning thread each time one transfer of a batch ends. Returning true with
// *next filled issues a follow-up request for the same slot (a redirect or auth hop); false
// ends the slot. After cancel() every unfinished slot ends with a cancelled response.
using BatchHopHandler = std::function<bool(int slot, HttpResponse &response, HttpRequest *next)>;

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    // Blocking; runs on the owning thread. Never throws; transport problems are reported in the
    // response (status 0, errorCode, error).
    virtual HttpResponse perform(const HttpRequest &request) = 0;
    // Blocking; runs requests[i] as slot i, several at once within `limits`, and reports every
    // finished hop through onHop. cancel() cuts all of them.
    virtual void performBatch(const std::vector<HttpRequest> &requests, BatchLimits limits,
                              const BatchHopHandler &onHop) = 0;
    // Thread-safe. Cuts the transfer in flight (if any) within milliseconds, and every later
    // perform() returns at once with cancelled = true until clearCancel() is called.
    virtual void cancel() = 0;
    // Called on the owning thread before the VU runs again.
    virtual void clearCancel() = 0;
    // Close idle keep-alive connections (noVUConnectionReuse, end of iteration).
    virtual void closeIdleConnections() = 0;
};

} // namespace throttle
