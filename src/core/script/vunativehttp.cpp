// VuNative::request: k6/http's request path. Arguments are turned into an HttpRequest, each hop
// (redirects are followed here, not by the transport) is its own k6 request with its own samples,
// and the final hop becomes the JS Response object.

#include "core/script/vunative.h"

#include "core/http/bodycompression.h"
#include "core/http/cookiejar.h"
#include "core/http/digestauth.h"
#include "core/http/httptransport.h"
#include "core/http/networkpolicy.h"
#include "core/metrics/metricsengine.h"
#include "core/script/jscookiejar.h"
#include "core/script/logsink.h"
#include "core/script/requestratelimiter.h"
#include "core/script/responsememo.h"
#include "core/script/vuruntime.h"

#include <QJSEngine>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

namespace throttle {

namespace {

// k6's URL.Clean(): "http://u:p@h/x" -> "http://****:****@h/x" ("****@" without a password).
QString maskedUrl(const QString &url)
{
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return url;
    const qsizetype at = url.indexOf(u'@', scheme + 3);
    if (at < 0)
        return url;
    const qsizetype slash = url.indexOf(u'/', scheme + 3);
    if (slash >= 0 && slash < at)
        return url;
    const bool password = url.mid(scheme + 3, at - scheme - 3).contains(u':');
    return url.left(scheme + 3) + (password ? QLatin1String("****:****") : QLatin1String("****")) + url.mid(at);
}

QByteArray headerValue(const HttpHeaders &headers, const char *name)
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QByteArray digestChallenge(const HttpHeaders &headers)
{
    for (const auto &h : headers)
        if (h.first.compare("www-authenticate", Qt::CaseInsensitive) == 0 &&
            h.second.trimmed().left(6).compare("digest", Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool isExpectedStatus(const QList<QPair<int, int>> &expected, int status)
{
    for (const auto &r : expected)
        if (status >= r.first && status <= r.second)
            return true;
    return false;
}

} // namespace

bool VuNative::prepareRequest(const QString &method, const QJSValue &urlArg, const QJSValue &body,
                              const QJSValue &params, PendingRequest *out)
{
    PendingRequest &pr = *out;
    QString urlStr;
    if (urlArg.isObject() && urlArg.property(QStringLiteral("__throttleUrl")).toBool()) {
        urlStr = urlArg.property(QStringLiteral("url")).toString();
        pr.nameTag = urlArg.property(QStringLiteral("name")).toString();
    } else {
        urlStr = urlArg.toString();
    }
    RequestParams &p = pr.p;
    if (!parseParams(params, &p, &pr.nameTag))
        return false;

    HttpRequest &req = pr.req;
    pr.method = method;
    req.method = method.toUtf8();
    req.timeoutMs = p.timeoutMs >= 0 ? p.timeoutMs : m_rt.m_ctx.http.timeoutMs;
    req.insecureSkipTLSVerify = m_rt.m_ctx.http.insecureSkipTLSVerify;
    req.noConnectionReuse = m_rt.m_ctx.http.noConnectionReuse;
    pr.responseType = !p.responseType.isEmpty()
        ? p.responseType
        : (m_rt.m_ctx.http.discardResponseBodies ? QStringLiteral("none") : QStringLiteral("text"));
    req.discardBody = pr.responseType == QLatin1String("none");
    req.headers = p.headers;
    if (!p.hasUserAgent && !m_rt.m_ctx.http.userAgent.isEmpty())
        req.headers.append(qMakePair(QByteArrayLiteral("User-Agent"), m_rt.m_ctx.http.userAgent));
    if (!encodeBody(body, p.hasContentType, &req))
        return false;
    if (!p.compression.isEmpty()) {
        // k6 checks the algorithms even when there is no body to compress.
        QByteArray scratch, encoding;
        QString error;
        if (!BodyCompression::apply(p.compression, req.sendBody ? &req.body : &scratch, &encoding, &error)) {
            throwError(error);
            return false;
        }
        if (req.sendBody)
            req.headers.append(qMakePair(QByteArrayLiteral("Content-Encoding"), encoding));
    }

    // Expected-status rule: params override the VU default (http.setResponseCallback).
    pr.expectedMode = p.expectedMode;
    pr.expected = p.expected;
    if (pr.expectedMode < 0) {
        pr.expectedMode = m_callbackNull ? 0 : 1;
        pr.expected = m_expected;
    }
    pr.maxRedirects = p.redirects >= 0 ? p.redirects : m_rt.m_ctx.http.maxRedirects;
    // Scripts hit the same URL over and over: parse it once per VU, not once per request.
    if (urlStr != m_lastUrlText) {
        m_lastUrlText = urlStr;
        m_lastUrl = QUrl(urlStr);
        m_lastUrlEncoded = m_lastUrl.toEncoded();
        m_lastUrlTag = maskedUrl(QString::fromUtf8(m_lastUrlEncoded));
    }
    pr.current = m_lastUrl;
    req.url = m_lastUrlEncoded;
    pr.firstUrlTag = m_lastUrlTag;
    pr.jar = p.jar ? p.jar : m_rt.m_jar.get();
    const bool ntlm = p.auth == QLatin1String("ntlm") && !pr.current.userInfo().isEmpty();
    if (p.auth == QLatin1String("digest") || ntlm) {
        // The credentials answer the challenge; sent in the URL they would be Basic auth.
        pr.digestFirst = !ntlm;
        pr.ntlmStep = ntlm ? PendingRequest::NtlmAnonymous : PendingRequest::NtlmNone;
        pr.user = pr.current.userName(QUrl::FullyDecoded).toUtf8();
        pr.password = pr.current.password(QUrl::FullyDecoded).toUtf8();
        pr.current = pr.current.adjusted(QUrl::RemoveUserInfo);
        req.url = pr.current.toEncoded();
    }
    pr.baseHeaderCount = int(req.headers.size());
    pr.userCookieHeader = -1;
    for (int i = 0; i < pr.baseHeaderCount; ++i)
        if (req.headers.at(i).first.compare("cookie", Qt::CaseInsensitive) == 0) {
            pr.userCookieHeader = i;
            pr.userCookieValue = req.headers.at(i).second;
        }
    setHopHeaders(pr);
    return true;
}

// Per-hop headers: the digest answer, then the cookies in k6's order (httpext.SetRequestCookies):
// a Cookie header the script set, then params.cookies, then the active jar's cookies except those
// a params cookie with `replace: true` names. k6 walks params.cookies as a Go map (random
// order); Throttle keeps the script's order, one of k6's.
void VuNative::setHopHeaders(PendingRequest &pr)
{
    HttpRequest &req = pr.req;
    req.headers.resize(pr.baseHeaderCount);
    pr.sentCookies.clear();
    // k6 drops the script's Cookie header on redirect hops (its CheckRedirect rebuilds the cookies)
    if (pr.userCookieHeader >= 0 && pr.hop > 0) {
        req.headers.removeAt(pr.userCookieHeader);
        --pr.baseHeaderCount;
        pr.userCookieHeader = -1;
    }
    const int userCookie = pr.userCookieHeader;
    if (userCookie >= 0) {
        req.headers[userCookie].second = pr.userCookieValue;
        appendCookiePairs(pr.userCookieValue, &pr.sentCookies);
    }
    if (!pr.authorization.isEmpty())
        req.headers.append(qMakePair(QByteArrayLiteral("Authorization"), pr.authorization));
    if (pr.jar->isEmpty() && pr.p.cookies.isEmpty())
        return;
    const qsizetype fromUser = pr.sentCookies.size();
    QSet<QString> replaced;
    for (const auto &c : std::as_const(pr.p.cookies)) {
        pr.sentCookies.append({c.name, c.value});
        if (c.replace)
            replaced.insert(c.name);
    }
    for (const Cookie &c : pr.jar->cookiesFor(pr.current)) {
        if (!replaced.contains(c.name))
            pr.sentCookies.append({c.name, c.value});
    }
    if (pr.sentCookies.size() == fromUser)
        return;
    QByteArray header;
    for (qsizetype i = fromUser; i < pr.sentCookies.size(); ++i) {
        const auto &c = pr.sentCookies.at(i);
        if (!header.isEmpty())
            header += "; ";
        header += Cookie::sanitizedName(c.first).toUtf8() + '=' + Cookie::sanitizedValue(c.second).toUtf8();
    }
    if (userCookie >= 0)   // Go's AddCookie extends the header that is there
        req.headers[userCookie].second += "; " + header;
    else
        req.headers.append(qMakePair(QByteArrayLiteral("Cookie"), header));
}

// The name=value pairs of a Cookie header, for res.request.cookies.
void VuNative::appendCookiePairs(const QByteArray &header, QList<QPair<QString, QString>> *out)
{
    for (const QByteArray &part : header.split(';')) {
        const QByteArray pair = part.trimmed();
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0)
            out->append({QString::fromUtf8(pair.left(eq)), QString::fromUtf8(pair.mid(eq + 1))});
    }
}

bool VuNative::hopRefused(const PendingRequest &pr, HttpResponse *resp) const
{
    const QUrl &u = pr.current;
    if (u.isValid() && !u.scheme().isEmpty() && !u.host().isEmpty()) {
        const NetworkPolicy *policy = m_rt.m_ctx.network.get();
        if (!policy || !policy->blocksHostnames())
            return false;
        const QString blocked = policy->hostnameError(u.host());
        if (blocked.isEmpty())
            return false;
        *resp = HttpResponse{};
        resp->errorCode = 1111;   // k6's BlockedHostnameErrorCode
        resp->error = blocked;
        return true;
    }
    *resp = HttpResponse{};
    resp->errorCode = u.scheme().isEmpty() ? 1000 : 1020;
    resp->error = u.scheme().isEmpty() ? QStringLiteral("unsupported protocol scheme \"\"") : QStringLiteral("invalid URL");
    return true;
}

bool VuNative::afterHop(PendingRequest &pr, HttpResponse &&hopResponse)
{
    HttpRequest &req = pr.req;
    bytesSent += hopResponse.bytesSent;
    bytesReceived += hopResponse.bytesReceived;
    pr.resp = std::move(hopResponse);
    const HttpResponse &resp = pr.resp;
    if (resp.status > 0)
        pr.jar->storeFromResponse(pr.current, resp.headers);

    // Tags: a name (params.tags.name or http.url) stands for both; else the URL with any
    // credentials masked (the digest hops go out without them).
    QString urlTag, nameTag;
    if (!pr.nameTag.isEmpty()) {
        urlTag = nameTag = pr.nameTag;
    } else if (pr.hop == 0) {
        nameTag = pr.firstUrlTag;
        urlTag = pr.p.auth == QLatin1String("digest") ? QString::fromUtf8(req.url) : pr.firstUrlTag;
    } else {
        urlTag = nameTag = QString::fromUtf8(req.url);
    }
    int mode = 0;
    if (pr.expectedMode != 0) {
        // k6 expects exactly a 401 from the first digest hop, whatever the response callback says,
        // and takes a 401 as well as the expected statuses from the first NTLM hop.
        const bool ntlmFirst = pr.ntlmStep == PendingRequest::NtlmAnonymous;
        const bool ok = pr.digestFirst ? resp.status == 401
                                       : (ntlmFirst && resp.status == 401) || isExpectedStatus(pr.expected, resp.status);
        mode = ok ? 1 : 2;
    }
    emitHttpSamples(req.method, urlTag, nameTag, resp, pr.p.tags, mode);
    if (m_rt.m_ctx.http.debug != HttpDefaults::Debug::Off)
        logHttpDebug(pr);

    if (pr.digestFirst) {
        pr.digestFirst = false;
        if (resp.status == 401) {
            QByteArray uri = pr.current.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
            if (uri.isEmpty())
                uri = "/";
            pr.authorization = DigestAuth::authorization(digestChallenge(resp.headers), req.method, uri, pr.user,
                                                         pr.password);
            if (pr.authorization.isEmpty())
                return false;
            setHopHeaders(pr);
            return true;
        }
    }

    if (pr.ntlmStep != PendingRequest::NtlmNone && nextNtlmHop(pr)) {
        setHopHeaders(pr);
        return true;
    }

    const bool redirect = resp.status >= 300 && resp.status < 400 && resp.status != 304;
    if (!redirect)
        return false;
    const QByteArray location = headerValue(resp.headers, "location");
    if (location.isEmpty())
        return false;
    if (pr.hop >= pr.maxRedirects) {
        if (pr.p.redirects < 0 && m_rt.m_ctx.log)
            m_rt.m_ctx.log->log(LogLevel::Warning,
                                QStringLiteral("Stopped after %1 redirects and returned the redirection; pass { "
                                               "redirects: n } in request params or set global maxRedirects to "
                                               "silence this").arg(pr.maxRedirects));
        return false;
    }
    const QString host = pr.current.host();
    pr.current = pr.current.resolved(QUrl::fromEncoded(location));
    if (pr.current.host() != host)
        pr.authorization.clear();   // as Go: credentials stay with their host
    if (resp.status == 303 || ((resp.status == 301 || resp.status == 302) && req.method != "HEAD")) {
        if (req.method != "GET" && req.method != "HEAD") {
            req.method = "GET";
            req.body.clear();
            req.sendBody = false;
        }
    }
    pr.nameTag.clear();
    ++pr.hop;
    req.url = pr.current.toEncoded();
    setHopHeaders(pr);
    return true;
}

// options.httpDebug: the hop as it went over the wire, roughly as k6's dump (Go's httputil):
// request line, Host and the headers sent, then the status line and the headers received;
// "full" adds both bodies. Logged at info level with source=http-debug.
void VuNative::logHttpDebug(const PendingRequest &pr)
{
    if (!m_rt.m_ctx.log)
        return;
    const bool full = m_rt.m_ctx.http.debug == HttpDefaults::Debug::Full;
    const HttpRequest &req = pr.req;
    const HttpResponse &resp = pr.resp;
    QByteArray target = pr.current.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (target.isEmpty())
        target = "/";
    QByteArray out = req.method + ' ' + target + " HTTP/1.1\r\nHost: " + pr.current.authority().toUtf8() + "\r\n";
    for (const auto &h : req.headers)
        out += h.first + ": " + h.second + "\r\n";
    if ((req.sendBody || !req.body.isEmpty()) && headerValue(req.headers, "content-length").isEmpty())
        out += "Content-Length: " + QByteArray::number(req.body.size()) + "\r\n";   // curl adds it
    out += "\r\n";
    if (full)
        out += req.body;
    const LogFields fields{{QStringLiteral("source"), QStringLiteral("http-debug")}};
    m_rt.m_ctx.log->log(LogLevel::Info, QStringLiteral("Request:\n") + QString::fromUtf8(out) + u'\n', fields);
    if (resp.status == 0)
        return;   // nothing came back: the request failed (its error is logged as usual)
    out = resp.proto + ' ' + resp.statusText + "\r\n";
    for (const auto &h : resp.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    if (full)
        out += resp.body;
    m_rt.m_ctx.log->log(LogLevel::Info, QStringLiteral("Response:\n") + QString::fromUtf8(out) + u'\n', fields);
}

bool VuNative::waitForRateSlot()
{
    RequestRateLimiter *limiter = m_rt.m_ctx.rps.get();
    if (!limiter)
        return true;
    const qint64 now = steadyNowNs();
    const qint64 slot = limiter->reserve(now);
    if (slot > now)
        waitInterruptibly(QDeadlineTimer(std::chrono::nanoseconds(slot - now), Qt::PreciseTimer));
    return !m_rt.interrupted();
}

bool VuNative::reportError(const PendingRequest &pr)
{
    const HttpResponse &resp = pr.resp;
    if (resp.errorCode == 0 || resp.status != 0)
        return true;
    const QString msg = QStringLiteral("%1 \"%2\": %3").arg(pr.method.left(1).toUpper() + pr.method.mid(1).toLower(),
                                                            QString::fromUtf8(pr.req.url), resp.error);
    if (m_rt.m_ctx.http.throwErrors) {
        throwError(msg);
        return false;
    }
    if (m_rt.m_ctx.log)
        m_rt.m_ctx.log->log(LogLevel::Warning, QStringLiteral("Request Failed"), {{QStringLiteral("error"), msg}});
    return true;
}

QJSValue VuNative::request(const QString &method, const QJSValue &urlArg, const QJSValue &body,
                           const QJSValue &params)
{
    if (inInit) {
        throwError(QStringLiteral("Making http requests in the init context is not supported"));
        return {};
    }
    PendingRequest pr;
    if (!prepareRequest(method, urlArg, body, params, &pr))
        return {};
    if (!waitForRateSlot()) {
        throwError(QStringLiteral("context canceled"));
        return {};
    }
    for (;;) {
        HttpResponse resp;
        if (!hopRefused(pr, &resp))
            resp = m_rt.m_transport->perform(pr.req);
        if (resp.cancelled || m_rt.interrupted()) {
            bytesSent += resp.bytesSent;
            bytesReceived += resp.bytesReceived;
            interruptedRequests += resp.wentOut() ? 1 : 0;
            throwError(QStringLiteral("context canceled"));
            return {};
        }
        if (!afterHop(pr, std::move(resp)))
            break;
    }
    if (!reportError(pr))
        return {};
    return makeResponse(pr);
}

// The Response as a flat array; resources/k6/http.mjs turns it into the Response object (fields in
// k6's order, script-api.md §5.4). Setting ~30 named properties from C++ cost a fifth of the CPU of
// a request (property-key lookups per name); indexed stores plus a JS object literal do not. One
// conversion of a QVariantList: the engine fills the array through its internal fast path
// (QJSValue::setProperty(index) cost ~1,100 instructions per element). The strings and lists that
// repeat from response to response come from m_memo, converted once (see responsememo.h).
QJSValue VuNative::makeResponse(const PendingRequest &pr)
{
    const HttpResponse &resp = pr.resp;
    const HttpRequest &req = pr.req;
    if (!m_memo)
        m_memo = std::make_unique<ResponseMemo>(*m_rt.m_engine);
    ResponseMemo &m = *m_memo;
    QVariant cookies;
    const QVariant headers = m.responseHeaders(resp.headers, &cookies);
    const QVariant text = m.text({resp.remoteIp, req.url, resp.statusText, resp.proto, resp.tlsVersion,
                                  resp.tlsCipherSuite, req.method, req.body, resp.error, pr.sentCookies, req.headers});
    QVariant body = QVariant::fromValue(nullptr);
    if (pr.responseType == QLatin1String("binary") && resp.status != 0)
        body = resp.body;
    else if (pr.responseType != QLatin1String("none") && resp.status != 0)
        body = QString::fromUtf8(resp.body);
    const HttpTimings &tm = resp.timings;
    const int errorCode = resp.errorCode != 0 ? resp.errorCode : (resp.status >= 400 ? 1000 + resp.status : 0);
    const QVariantList r{
        text, resp.remotePort, resp.status, headers, cookies, body, tm.blocked, tm.connecting, tm.tlsHandshaking,
        tm.sending, tm.waiting, tm.receiving, errorCode,
    };
    return m_rt.m_engine->toScriptValue(r);
}
// The tag set of a request's samples (the system tags k6 puts on http_req_*), cached by its inputs.
} // namespace throttle
