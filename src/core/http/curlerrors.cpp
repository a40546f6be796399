#include "core/http/curlerrors.h"

#include <cerrno>
#include <cstring>

namespace throttle {

namespace {

QString schemeOf(const QByteArray &url)
{
    const qsizetype colon = url.indexOf("://");
    return colon < 0 ? QString() : QString::fromLatin1(url.left(colon));
}

} // namespace

K6Error CurlErrors::map(CURLcode code, long osErrno, const char *detail, const QByteArray &url)
{
    switch (code) {
    case CURLE_OK:
        return {};
    case CURLE_UNSUPPORTED_PROTOCOL:
        // curl also says this about a status line it cannot parse ("Unsupported HTTP version in
        // response" even for a bad code); Go calls those malformed. curl keeps the line to itself.
        if (detail && (std::strstr(detail, "Unsupported HTTP version") || std::strstr(detail, "response code") ||
                       std::strstr(detail, "HTTP/0.9")))
            return {1000, QStringLiteral("malformed HTTP response")};
        return {1000, QStringLiteral("unsupported protocol scheme \"%1\"").arg(schemeOf(url))};
    case CURLE_URL_MALFORMAT:
        // curl also says "malformed" for a missing scheme ("not a url"); k6 reports 1000 there.
        if (!url.contains("://"))
            return {1000, QStringLiteral("unsupported protocol scheme \"\"")};
        return {1020, QStringLiteral("invalid URL")};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return {1101, QStringLiteral("lookup: no such host")};
    case CURLE_COULDNT_CONNECT:
        return mapConnect(osErrno);
    case CURLE_OPERATION_TIMEDOUT:
        return {1050, QStringLiteral("request timeout")};
    case CURLE_SEND_ERROR:
        return mapSocketIo("write", osErrno);
    case CURLE_RECV_ERROR:
        return mapSocketIo("read", osErrno);
    case CURLE_PARTIAL_FILE:
        // The server promised more body than it sent and closed: Go's io.ErrUnexpectedEOF.
        return {1000, QStringLiteral("unexpected EOF")};
    case CURLE_GOT_NOTHING:
        return {1000, QStringLiteral("EOF")};
    case CURLE_BAD_CONTENT_ENCODING:
        return {1701, QStringLiteral("response body decompression failed")};
    case CURLE_HTTP2:
        return {1650, QStringLiteral("http2: connection error")};
    case CURLE_HTTP2_STREAM:
        return {1630, QStringLiteral("http2: stream error")};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        return mapTls(code, detail);
    default:
        break;
    }
    const QString text = (detail && *detail) ? QString::fromUtf8(detail)
                                            : QString::fromUtf8(curl_easy_strerror(code));
    return {1000, text};
}

K6Error CurlErrors::reusedConnectionFailed(long osErrno)
{
    if (osErrno == ECONNRESET)
        return {1220, QStringLiteral("read: connection reset by peer")};
    return {1000, QStringLiteral("EOF")};
}

K6Error CurlErrors::mapConnect(long osErrno)
{
    switch (osErrno) {
    case ECONNREFUSED:
        return {1212, QStringLiteral("dial: connection refused")};
    case ETIMEDOUT:
        return {1211, QStringLiteral("dial: i/o timeout")};
    case ENETUNREACH:
    case EHOSTUNREACH:
        return {1210, QStringLiteral("dial: %1").arg(QString::fromUtf8(std::strerror(int(osErrno))))};
    default:
        return {1213, QStringLiteral("dial: unknown errno %1").arg(osErrno)};
    }
}

K6Error CurlErrors::mapSocketIo(const char *op, long osErrno)
{
    const QString o = QString::fromLatin1(op);
    if (osErrno == ECONNRESET)
        return {1220, o + QStringLiteral(": connection reset by peer")};
    if (osErrno == EPIPE)
        return {1201, o + QStringLiteral(": broken pipe")};
    if (osErrno == 0)
        return {1000, QStringLiteral("unexpected EOF")};
    return {1202, QStringLiteral("%1: unknown errno %2").arg(o).arg(osErrno)};
}

K6Error CurlErrors::mapTls(CURLcode code, const char *detail)
{
    const QByteArray d = detail ? QByteArray(detail) : QByteArray();
    // An alert from the server: Go says "remote error: tls: <alert>", which k6 counts as a
    // network error (1010). OpenSSL's alert names first, Go's after.
    static const std::pair<const char *, const char *> alerts[] = {
        {"alert handshake failure", "handshake failure"},
        {"alert protocol version", "protocol version not supported"},
        {"alert unknown ca", "unknown certificate authority"},
        {"alert bad certificate", "bad certificate"},
        {"alert certificate required", "certificate required"},
        {"alert certificate unknown", "unknown certificate"},
        {"alert unsupported certificate", "unsupported certificate"},
        {"alert certificate revoked", "revoked certificate"},
        {"alert certificate expired", "expired certificate"},
        {"alert access denied", "access denied"},
        {"alert insufficient security", "insufficient security level"},
        {"alert illegal parameter", "illegal parameter"},
        {"alert decrypt error", "error decrypting message"},
        {"alert internal error", "internal error"},
    };
    for (const auto &a : alerts) {
        if (d.contains(a.first))
            return {1010, QStringLiteral("remote error: tls: ") + QLatin1String(a.second)};
    }
    if (d.contains("subject name") || d.contains("does not match target host"))
        return {1311, QStringLiteral("x509: certificate doesn't match hostname")};
    if (code == CURLE_PEER_FAILED_VERIFICATION || d.contains("certificate"))
        return {1310, QStringLiteral("x509: unknown authority")};
    if (d.contains("wrong version number") || d.contains("record"))
        return {1301, QStringLiteral("tls: first record does not look like a TLS handshake")};
    return {1300, QStringLiteral("tls: ") + QString::fromUtf8(d)};
}

} // namespace throttle
