#pragma once
// ApiResponse: one HTTP answer (status, headers, body) as the resources produce it; HttpConnection
// turns it into bytes. A plain value; crosses from the control thread to the server's thread.

#include <QByteArray>
#include <QList>
#include <QPair>

namespace throttle {

namespace mime {
inline constexpr char kJsonUtf8[] = "application/json; charset=utf-8";
inline constexpr char kJson[] = "application/json";
inline constexpr char kTextUtf8[] = "text/plain; charset=utf-8";
inline constexpr char kHtmlUtf8[] = "text/html; charset=utf-8";
} // namespace mime

struct ApiResponse {
    int status = 200;
    QByteArray contentType;                          // empty: no Content-Type header
    QList<QPair<QByteArray, QByteArray>> headers;    // extra headers
    QByteArray body;

    static ApiResponse ok(const QByteArray &body, const QByteArray &contentType);
    static ApiResponse empty(int status);            // no Content-Type, Content-Length: 0
    static ApiResponse text(int status, const QByteArray &body);
    static ApiResponse redirect(const QByteArray &location, bool withBody);   // Go's http.Redirect, 301
    static ApiResponse notFoundPlain();              // Go's NotFound: "404 page not found\n", nosniff
};

const char *reasonPhrase(int status);

} // namespace throttle
