#pragma once
// Plain value types passed between the demo server's parser, router and connections.
// No behaviour, no thread affinity.

#include <QByteArray>
#include <QList>
#include <QPair>

namespace throttle {

using DemoHeaders = QList<QPair<QByteArray, QByteArray>>;

struct DemoRequest {
    QByteArray method;
    QByteArray target;   // as on the request line: path plus "?query"
    QByteArray path;     // target without the query
    QByteArray query;    // after '?', still percent-encoded
    QByteArray version;  // "HTTP/1.1"
    DemoHeaders headers;
    QByteArray body;     // de-chunked
    bool keepAlive = true;

    QByteArray header(const char *name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

struct DemoResponse {
    // What the connection does besides (or instead of) answering at once.
    enum class Action { Reply, Delay, Hang, Truncate };

    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    DemoHeaders headers;      // extra headers (Location, Set-Cookie, Content-Encoding, ...)
    QByteArray body;
    QList<QByteArray> chunks; // non-empty: sent with Transfer-Encoding: chunked instead of body
    Action action = Action::Reply;
    int delayMs = 0;          // Action::Delay
    qint64 declaredLength = -1; // Action::Truncate: the Content-Length promised
};

} // namespace throttle
