#include "api/apiresponse.h"

namespace throttle {

ApiResponse ApiResponse::ok(const QByteArray &body, const QByteArray &contentType)
{
    ApiResponse r;
    r.body = body;
    r.contentType = contentType;
    return r;
}

ApiResponse ApiResponse::empty(int status)
{
    ApiResponse r;
    r.status = status;
    return r;
}

ApiResponse ApiResponse::text(int status, const QByteArray &body)
{
    ApiResponse r;
    r.status = status;
    r.contentType = mime::kTextUtf8;
    r.body = body;
    return r;
}

ApiResponse ApiResponse::redirect(const QByteArray &location, bool withBody)
{
    // Go writes the HTML body for GET only and sets the type for GET and HEAD.
    ApiResponse r;
    r.status = 301;
    r.headers.append({QByteArrayLiteral("Location"), location});
    if (withBody) {
        QByteArray escaped = location;
        escaped.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;");
        r.contentType = mime::kHtmlUtf8;
        r.body = "<a href=\"" + escaped + "\">Moved Permanently</a>.\n\n";
    }
    return r;
}

ApiResponse ApiResponse::notFoundPlain()
{
    ApiResponse r = text(404, QByteArrayLiteral("404 page not found\n"));
    r.headers.append({QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff")});
    return r;
}

const char *reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Request Entity Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return status < 400 ? "OK" : "Error";
    }
}

} // namespace throttle
