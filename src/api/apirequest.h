#pragma once
// ApiRequest: one HTTP request as the router sees it, independent of the HTTP server library.
// A plain value; built on the server's thread, may be handed to the control thread.

#include <QByteArray>

namespace throttle {

struct ApiRequest {
    QByteArray method;   // "GET", "PATCH", ... as sent
    QByteArray target;   // request target as sent: path and query, percent-encoded
    QByteArray body;     // de-chunked body
};

} // namespace throttle
