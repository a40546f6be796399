#include "api/apiaccess.h"

#include "api/apierror.h"

#include <QCryptographicHash>

namespace throttle {

namespace {

ApiResponse forbidden(const QString &detail)
{
    return ApiError{403, QStringLiteral("Forbidden"), detail}.response(mime::kJsonUtf8);
}

bool envTrue(const QString &v)
{
    return v == QLatin1String("1") || v.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

// Compares without an early exit, so the time taken says nothing about the token.
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    const QByteArray ha = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    uchar diff = 0;
    for (qsizetype i = 0; i < ha.size(); ++i)
        diff |= uchar(ha[i] ^ hb[i]);
    return diff == 0;
}

} // namespace

ApiAccessSettings ApiAccessSettings::fromEnvironment(const QProcessEnvironment &env)
{
    ApiAccessSettings s;
    s.token = env.value(QStringLiteral("THROTTLE_API_TOKEN")).toUtf8();
    s.readOnly = envTrue(env.value(QStringLiteral("THROTTLE_API_READ_ONLY")));
    return s;
}

ApiAccess::ApiAccess(ApiAccessSettings settings, const QHostAddress &listenAddress)
    : m_settings(std::move(settings)), m_listen(listenAddress)
{
    if (listenAddress == QHostAddress::Any || listenAddress == QHostAddress::AnyIPv4 || listenAddress == QHostAddress::AnyIPv6)
        m_listener = Listener::Wildcard;
    else if (listenAddress.isLoopback())
        m_listener = Listener::Loopback;
    else
        m_listener = Listener::Specific;
}

QByteArray ApiAccess::hostName(const QByteArray &hostHeader)
{
    QByteArray h = hostHeader.trimmed().toLower();
    if (h.startsWith('[')) {
        const qsizetype close = h.indexOf(']');
        return close < 0 ? h : h.mid(1, close - 1);
    }
    if (const qsizetype colon = h.lastIndexOf(':'); colon >= 0 && h.indexOf(':') == colon)
        h.truncate(colon);
    if (h.endsWith('.'))   // "localhost." is localhost
        h.chop(1);
    return h;
}

bool ApiAccess::isLoopbackName(const QByteArray &host)
{
    if (host == "localhost" || host.endsWith(".localhost"))
        return true;   // RFC 6761: never resolved by DNS, so no page can rebind it
    QHostAddress a;
    return a.setAddress(QString::fromLatin1(host)) && a.isLoopback();
}

std::optional<ApiResponse> ApiAccess::refusal(const ApiRequest &request) const
{
    if (auto r = hostRefusal(request))
        return r;
    if (auto r = browserRefusal(request))
        return r;
    if (auto r = tokenRefusal(request))
        return r;
    if (m_settings.readOnly && request.method != "GET" && request.method != "HEAD")
        return forbidden(QStringLiteral("the API is read-only (--api-read-only): only GET requests are accepted"));
    return std::nullopt;
}

std::optional<ApiResponse> ApiAccess::hostRefusal(const ApiRequest &request) const
{
    if (m_listener == Listener::Wildcard || !request.hasHeader("Host"))
        return std::nullopt;   // HTTP/1.0 without Host: no browser sends that
    const QByteArray raw = request.header("Host");
    const QByteArray host = hostName(raw);
    bool ok = false;
    if (m_listener == Listener::Loopback) {
        ok = isLoopbackName(host);
    } else {
        QHostAddress a;
        ok = a.setAddress(QString::fromLatin1(host)) && a.isEqual(m_listen, QHostAddress::TolerantConversion);
    }
    if (ok)
        return std::nullopt;
    return forbidden(QStringLiteral("the Host header \"%1\" does not name the address this API listens on (%2)")
                         .arg(QString::fromLatin1(raw),
                              m_listener == Listener::Loopback ? QStringLiteral("a loopback name is required")
                                                               : m_listen.toString()));
}

std::optional<ApiResponse> ApiAccess::browserRefusal(const ApiRequest &request) const
{
    if (request.hasHeader("Origin")) {
        const QByteArray origin = request.header("Origin").trimmed();
        const QByteArray self = "http://" + request.header("Host").trimmed().toLower();
        if (origin.toLower() != self)
            return forbidden(QStringLiteral("cross-origin requests are refused (Origin: %1)").arg(QString::fromLatin1(origin)));
    }
    const QByteArray site = request.header("Sec-Fetch-Site").trimmed().toLower();
    if (site == "cross-site" || site == "same-site")
        return forbidden(QStringLiteral("cross-site requests are refused (Sec-Fetch-Site: %1)").arg(QString::fromLatin1(site)));
    return std::nullopt;
}

std::optional<ApiResponse> ApiAccess::tokenRefusal(const ApiRequest &request) const
{
    if (m_settings.token.isEmpty())
        return std::nullopt;
    const QByteArray auth = request.header("Authorization").trimmed();
    const bool bearer = auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (bearer && sameSecret(auth.mid(7).trimmed(), m_settings.token))
        return std::nullopt;
    ApiResponse r = ApiError{401, QStringLiteral("Unauthorized"),
                             bearer ? QStringLiteral("the bearer token is not valid")
                                    : QStringLiteral("this API requires a bearer token (Authorization: Bearer <token>, "
                                                     "set by --api-token or THROTTLE_API_TOKEN)")}
                        .response(mime::kJsonUtf8);
    r.headers.append({QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer realm=\"throttle\"")});
    return r;
}

} // namespace throttle
