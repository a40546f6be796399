#pragma once
// HttpRequestReader: reads HTTP/1.x requests from the bytes of one connection, incrementally and
// with hard limits, the way Go's net/http server does (k6's REST API is a Go server, so clients
// see the same answers): request line and headers ending in CRLF or a bare LF, obsolete line
// folding joined, `Host` required once in HTTP/1.1, Content-Length or chunked bodies (chunked
// wins when both are given; differing duplicate Content-Length values, a malformed length or
// chunk, and other transfer codings are refused), keep-alive per version and `Connection`, and
// `Expect: 100-continue`. Pipelined requests come out one by one, in order. Once it has failed it
// stays failed: the connection answers the failure and closes.
// Pure and single-threaded: fed by HttpConnection on the server's thread, and by a fuzz target.

#include "api/apiresponse.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <optional>

namespace throttle {

struct HttpRequestHead {
    QByteArray method;
    QByteArray target;                               // as sent: path (or absolute URL) and query
    bool http10 = false;
    QList<QPair<QByteArray, QByteArray>> headers;    // names as sent, values trimmed, in order
    bool keepAlive = true;
    bool expectContinue = false;
    qint64 contentLength = 0;                        // -1: chunked
    // The value of the first header called `name` (case-insensitive); null if absent.
    QByteArray header(const char *name) const;
    int headerCount(const char *name) const;
};

struct HttpParsedRequest {
    HttpRequestHead head;
    QByteArray body;                                 // de-chunked
};

// A request that cannot be read: answered with this status and plain-text reason (Go's wording,
// "400 Bad Request: missing required Host header"), then the connection closes.
struct HttpReadFailure {
    int status = 400;
    QByteArray detail;                               // appended to the reason phrase when set
    // The answer (Go's plain text; 413 as the API's JSON error document).
    ApiResponse response() const;
};

class HttpRequestReader {
public:
    static constexpr qsizetype kMaxHead = 64 * 1024;          // request line + headers: else 431
    static constexpr qint64 kMaxBody = 1024 * 1024;           // else 413
    static constexpr int kMaxHeaders = 256;                   // else 431

    void feed(const QByteArray &bytes);
    // The next complete request, in order; nullopt when more bytes are needed or after a failure.
    std::optional<HttpParsedRequest> next();
    bool failed() const { return m_failure.has_value(); }
    const HttpReadFailure &failure() const { return *m_failure; }
    // The head of the current request asked for `100 Continue` and its body has not arrived:
    // answer it once (takeContinue() returns true once per such request).
    bool takeContinue();
    // Bytes buffered that belong to no complete request yet.
    qsizetype pending() const { return m_buffer.size() - m_pos; }
    // A request has begun (some of its bytes arrived) but is not complete.
    bool inRequest() const { return pending() > 0 || m_head.has_value(); }

private:
    enum class Step { NeedMore, Done, Failed };
    Step readHead();
    Step readBody(QByteArray *body);
    Step readChunked(QByteArray *body);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaders(const QList<QByteArray> &lines);
    bool decideBody();
    std::optional<QByteArray> takeLine();
    Step fail(int status, const QByteArray &detail = QByteArray());
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0;                        // first unread byte of m_buffer
    qsizetype m_headScanned = 0;                // bytes after m_pos known to hold no head end
    std::optional<HttpRequestHead> m_head;      // head read, body pending
    QByteArray m_chunkedBody;                   // chunked body so far
    qint64 m_chunkLeft = -1;                    // -1: a chunk size line is next; -2: trailers
    bool m_continueOffered = false;
    std::optional<HttpReadFailure> m_failure;
};

} // namespace throttle
