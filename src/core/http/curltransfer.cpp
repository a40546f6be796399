#include "core/http/curltransfer.h"

#include "core/http/castore.h"
#include "core/http/curlerrors.h"
#include "core/http/httpreasonphrase.h"
#include "core/http/networkpolicy.h"
#include "core/http/responsehead.h"
#include "core/http/tlssettings.h"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

namespace throttle {

namespace {

bool hasHeader(const HttpHeaders &headers, const char *name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QByteArray protoName(long httpVersion)
{
    switch (httpVersion) {
    case CURL_HTTP_VERSION_1_0: return QByteArrayLiteral("HTTP/1.0");
    case CURL_HTTP_VERSION_1_1: return QByteArrayLiteral("HTTP/1.1");
    case CURL_HTTP_VERSION_2_0: return QByteArrayLiteral("HTTP/2.0");
    case CURL_HTTP_VERSION_3: return QByteArrayLiteral("HTTP/3.0");
    default: return QByteArray();
    }
}

QByteArray k6TlsName(const char *openSslVersion)
{
    // OpenSSL says "TLSv1.3" (and "TLSv1" for 1.0); k6 says "tls1.3", "tls1.0".
    QByteArray v(openSslVersion);
    if (v == "TLSv1")
        return QByteArrayLiteral("tls1.0");
    if (v.startsWith("TLSv"))
        return "tls" + v.mid(4);
    return v.toLower();
}

// Proxies come from the environment, as in Go (and curl). Without any proxy variable, telling curl
// "no proxy" spares it reading the environment (no_proxy, NO_PROXY, http_proxy...) per request.
bool proxyFromEnvironment()
{
    static const bool any = [] {
        for (const char *v : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
            if (qEnvironmentVariableIsSet(v))
                return true;
        }
        return false;
    }();
    return any;
}

constexpr double usToMs(curl_off_t us) { return us > 0 ? double(us) / 1000.0 : 0.0; }

} // namespace

CurlTransfer::CurlTransfer(const NetworkPolicy *policy, DnsResolver *resolver, const std::atomic<bool> *cancelled)
    : m_policy(policy), m_resolver(cancelled ? resolver : nullptr), m_cancelled(cancelled)
{
    m_easy = curl_easy_init();
    setFixedOptions();
}

// The options that never change between requests. Also after curl_easy_reset(), which is the only
// way to clear libcurl's count of automatic retries: 7.88 keeps it for the handle's whole life,
// and after five retries (over any number of requests) it fails with "Connection died, tried 5
// times before giving up" instead of retrying.
void CurlTransfer::setFixedOptions()
{
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::onHeader);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::onBody);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_XFERINFOFUNCTION, &CurlTransfer::onProgress);
    curl_easy_setopt(m_easy, CURLOPT_XFERINFODATA, this);
    curl_easy_setopt(m_easy, CURLOPT_PREREQFUNCTION, &CurlTransfer::onConnectionReady);
    curl_easy_setopt(m_easy, CURLOPT_PREREQDATA, this);
    // The caller follows redirects one hop at a time, so every hop is its own k6 request.
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    // Enables curl's gzip/deflate(/br/zstd if built in) decoders. The Accept-Encoding header it
    // would add is suppressed in headerList(): k6 does not send one unless the script does.
    curl_easy_setopt(m_easy, CURLOPT_ACCEPT_ENCODING, "");
    // k6 speaks HTTP only; anything else is "unsupported protocol scheme" (1000), as in Go.
    curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // An answer that is not HTTP reaches onBody, which reports it as Go does (malformed HTTP
    // response "<first line>") instead of curl's "Received HTTP/0.9 when not allowed".
    curl_easy_setopt(m_easy, CURLOPT_HTTP09_ALLOWED, 1L);
    // Go sends the path as written ("/a/../b" stays), and so do we.
    curl_easy_setopt(m_easy, CURLOPT_PATH_AS_IS, 1L);
    if (m_policy && !m_policy->connectTo().isEmpty()) {   // options.hosts
        if (!m_connectTo) {
            for (const QByteArray &entry : m_policy->connectTo())
                m_connectTo = curl_slist_append(m_connectTo, entry.constData());
        }
        curl_easy_setopt(m_easy, CURLOPT_CONNECT_TO, m_connectTo);
    }
    if (m_policy && (m_policy->blacklistsAddresses() || m_resolver)) {
        curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &CurlTransfer::onOpenSocket);
        curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETDATA, this);
    }
    applyCaStoreFromEnvironment(m_easy);   // SSL_CERT_FILE / SSL_CERT_DIR, as k6 (Go) reads them
    if (m_policy) {
        if (const TlsSettings *tls = m_policy->tls())
            tls->apply(m_easy);
        // options.dns ttl for curl's own cache too ("inf": -1 = forever; whole seconds)
        const qint64 ttl = m_policy->dns().ttlMs;
        curl_easy_setopt(m_easy, CURLOPT_DNS_CACHE_TIMEOUT, ttl < 0 ? -1L : long((ttl + 999) / 1000));
        curl_easy_setopt(m_easy, CURLOPT_IPRESOLVE, m_policy->dns().curlIpResolve());
    }
    if (!proxyFromEnvironment()) {
        curl_easy_setopt(m_easy, CURLOPT_PROXY, "");
        curl_easy_setopt(m_easy, CURLOPT_NOPROXY, "");
    }
}

CurlTransfer::~CurlTransfer()
{
    curl_easy_cleanup(m_easy);
    curl_slist_free_all(m_headerList);
    curl_slist_free_all(m_connectTo);
}

void CurlTransfer::begin(const HttpRequest &request, HttpResponse *response)
{
    if (m_attempts > 1) {   // the last transfer was retried by curl: clear its retry count
        curl_easy_reset(m_easy);
        setFixedOptions();
    }
    configure(request);
    if (m_resolver) {   // options.dns: the host's addresses, for the dial (onOpenSocket)
        m_dialEntry = m_resolver->prepareForUrl(request.url, m_policy->mappedHosts(), *m_cancelled);
        curl_easy_setopt(m_easy, CURLOPT_IPRESOLVE, m_dialEntry ? DnsResolver::ipResolveFor(*m_dialEntry)
                                                                : m_policy->dns().curlIpResolve());
    }
    m_response = response;
    m_discardBody = request.discardBody;
    m_https = request.url.startsWith("https:");
    m_errorBuffer[0] = '\0';
    m_refusedAddress.clear();
    m_readyAtMs = m_sentAtMs = m_firstByteAtMs = -1;
    m_replayable = replayable(request);
    m_attempts = 0;
    m_firstAttemptErrno = 0;
    m_retryRefused = false;
    m_statusSeen = false;
    m_garbage.clear();
    m_malformed.reset();
    m_startedAt = Clock::now();
}

bool CurlTransfer::replayable(const HttpRequest &request)
{
    const QByteArray &m = request.method;
    if (m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "TRACE")
        return true;
    return hasHeader(request.headers, "Idempotency-Key") || hasHeader(request.headers, "X-Idempotency-Key");
}

void CurlTransfer::finish(CURLcode code)
{
    m_doneAtMs = elapsedMs();
    HttpResponse &response = *m_response;
    m_response = nullptr;
    collectInfo(response);
    if (!m_statusSeen && !m_garbage.isEmpty() && !m_malformed)   // ended before a line end
        m_malformed = ResponseHead::statusLineError(m_garbage.trimmed())
                          .value_or(QStringLiteral("malformed HTTP response %1").arg(ResponseHead::goQuote(m_garbage.trimmed())));
    if (m_malformed) {
        fail(response, code == CURLE_OK ? CURLE_WEIRD_SERVER_REPLY : code);
        response.errorCode = 1000;
        response.error = *m_malformed;
    } else if (code != CURLE_OK) {
        fail(response, code);
    }
}

void CurlTransfer::configure(const HttpRequest &request)
{
    curl_easy_setopt(m_easy, CURLOPT_URL, request.url.constData());
    curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, long(std::max<qint64>(0, request.timeoutMs)));
    const long verify = request.insecureSkipTLSVerify ? 0L : 1L;
    curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, verify);
    curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, verify * 2);
    curl_easy_setopt(m_easy, CURLOPT_FORBID_REUSE, request.noConnectionReuse ? 1L : 0L);
    curl_easy_setopt(m_easy, CURLOPT_FRESH_CONNECT, request.noConnectionReuse ? 1L : 0L);
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, headerList(request));
    // Credentials in the URL mean Basic auth, as in Go. (Digest and NTLM run as separate hops in
    // VuNative, each one a k6 request; their URLs carry no credentials.)
    curl_easy_setopt(m_easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    configureMethodAndBody(request);
}

void CurlTransfer::configureMethodAndBody(const HttpRequest &request)
{
    // The easy handle is reused, so first undo whatever the previous request set.
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, static_cast<const char *>(nullptr));
    curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(-1));
    curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, static_cast<const char *>(nullptr));

    const bool hasBody = !request.body.isEmpty() || request.sendBody;
    m_uploadTotal = hasBody ? request.body.size() : 0;
    // Progress callbacks only serve to time the end of an upload; skip them without a body.
    curl_easy_setopt(m_easy, CURLOPT_NOPROGRESS, m_uploadTotal > 0 ? 0L : 1L);

    if (request.method == "HEAD" && !hasBody) {
        curl_easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
        return;
    }
    if (hasBody) {
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
        // constData() of an empty QByteArray is "", never null: Content-Length: 0 is sent.
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDS, request.body.constData());
    }
    const bool curlDefault = hasBody ? request.method == "POST" : request.method == "GET";
    if (!curlDefault)
        curl_easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, request.method.constData());
}

curl_slist *CurlTransfer::headerList(const HttpRequest &request)
{
    if (m_headerListValid && request.headers == m_cachedHeaders)
        return m_headerList;
    curl_slist_free_all(m_headerList);
    m_headerList = nullptr;

    QByteArray line;
    line.reserve(256);
    for (const auto &h : request.headers) {
        line.clear();
        line.append(h.first);
        // "Name;" is curl's spelling for a header with an empty value ("Name:" removes it).
        if (h.second.isEmpty())
            line.append(';');
        else
            line.append(": ").append(h.second);
        m_headerList = curl_slist_append(m_headerList, line.constData());
    }
    // Headers curl adds on its own that Go's client (and so k6) never sends by default.
    // "Name:" with nothing after the colon tells curl not to send its internal header.
    for (const char *suppressed : {"Accept", "Accept-Encoding", "Content-Type"}) {
        if (!hasHeader(request.headers, suppressed)) {
            line.clear();
            line.append(suppressed).append(':');
            m_headerList = curl_slist_append(m_headerList, line.constData());
        }
    }
    m_headerList = curl_slist_append(m_headerList, "Expect:");
    m_cachedHeaders = request.headers;
    m_headerListValid = true;
    return m_headerList;
}

void CurlTransfer::collectInfo(HttpResponse &response)
{
    long version = 0;
    curl_easy_getinfo(m_easy, CURLINFO_HTTP_VERSION, &version);
    if (response.status > 0)
        response.proto = protoName(version);
    char *ip = nullptr;
    if (curl_easy_getinfo(m_easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip) {
        if (m_lastRemoteIp != ip)  // shared copy of the usual answer, no allocation
            m_lastRemoteIp = QByteArray(ip);
        response.remoteIp = m_lastRemoteIp;
    }
    long port = 0;
    curl_easy_getinfo(m_easy, CURLINFO_PRIMARY_PORT, &port);
    response.remotePort = int(port);

    long headerBytes = 0;
    long requestBytes = 0;
    curl_off_t downloaded = 0;
    curl_off_t uploaded = 0;
    curl_easy_getinfo(m_easy, CURLINFO_HEADER_SIZE, &headerBytes);
    curl_easy_getinfo(m_easy, CURLINFO_REQUEST_SIZE, &requestBytes);
    curl_easy_getinfo(m_easy, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
    curl_easy_getinfo(m_easy, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    response.bytesReceived = qint64(headerBytes) + qint64(downloaded);
    // REQUEST_SIZE counts the request head (plus any body bytes sent in the same write);
    // SIZE_UPLOAD counts the body. Never report less than the body itself.
    response.bytesSent = std::max<qint64>(qint64(requestBytes), qint64(uploaded));
    if (qint64(requestBytes) < m_uploadTotal + 16)
        response.bytesSent = qint64(requestBytes) + qint64(uploaded);
    collectTimings(response);
}

// Timing map. k6 times phases with Go's httptrace; we take the same cut points:
//   blocked         = start -> connection ready (CURLOPT_PREREQFUNCTION: connection made or
//                     reused, request not yet written): DNS, connect and TLS of a new one
//   connecting      = CONNECT_TIME - NAMELOOKUP_TIME (curl reports 0 on a reused connection)
//   tls_handshaking = APPCONNECT_TIME - CONNECT_TIME (0 without TLS or on reuse)
//   sending         = connection ready -> last body byte handed to the socket (progress
//                     callback); a request without a body goes out in one write: 0
//   waiting         = request sent -> first response byte (first header callback)
//   receiving       = first response byte -> transfer done
// so duration = sending + waiting + receiving, as in k6. Curl's PRETRANSFER/STARTTRANSFER
// are not used for the cut points: measured on 7.88, PRETRANSFER is sometimes stamped only
// after the answer has arrived, which would fold the server's time into "blocked".
// All four instants come from one clock (ours), so the phases never overlap.
void CurlTransfer::collectTimings(HttpResponse &response)
{
    curl_off_t dns = 0, conn = 0, app = 0;
    curl_easy_getinfo(m_easy, CURLINFO_NAMELOOKUP_TIME_T, &dns);
    curl_easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &conn);
    curl_easy_getinfo(m_easy, CURLINFO_APPCONNECT_TIME_T, &app);

    HttpTimings &t = response.timings;
    t.connecting = conn > 0 ? usToMs(conn - dns) : 0.0;
    t.tlsHandshaking = app > 0 ? usToMs(app - conn) : 0.0;
    if (m_readyAtMs < 0) {  // failed before a connection was ready
        t.blocked = m_doneAtMs;
        return;
    }
    const double sentAt = std::max(m_readyAtMs, m_sentAtMs);
    const double firstByteAt = m_firstByteAtMs >= 0 ? std::max(sentAt, m_firstByteAtMs) : m_doneAtMs;
    t.blocked = m_readyAtMs;
    t.sending = sentAt - m_readyAtMs;
    t.waiting = std::max(0.0, firstByteAt - sentAt);
    t.receiving = std::max(0.0, m_doneAtMs - firstByteAt);
}

void CurlTransfer::collectTlsVersion(HttpResponse &response)
{
    curl_tlssessioninfo *info = nullptr;
    if (curl_easy_getinfo(m_easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info)
        return;
    if (info->backend != CURLSSLBACKEND_OPENSSL || !info->internals)
        return;
    const SSL *ssl = static_cast<const SSL *>(info->internals);
    response.tlsVersion = k6TlsName(SSL_get_version(ssl));
    if (const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl))
        response.tlsCipherSuite = TlsSettings::k6CipherName(SSL_CIPHER_standard_name(cipher));
}

void CurlTransfer::fail(HttpResponse &response, CURLcode code)
{
    long osErrno = 0;
    curl_easy_getinfo(m_easy, CURLINFO_OS_ERRNO, &osErrno);
    const QByteArray url = [this] {
        char *u = nullptr;
        curl_easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &u);
        return u ? QByteArray(u) : QByteArray();
    }();
    K6Error e = CurlErrors::map(code, osErrno, m_errorBuffer, url);
    if (!m_refusedAddress.isEmpty())
        e = K6Error{1110, m_refusedAddress};   // k6's BlackListedIPError
    if (m_retryRefused)   // what Go reports for a request it does not replay
        e = CurlErrors::reusedConnectionFailed(m_firstAttemptErrno);
    response.status = 0;
    response.statusText.clear();
    response.proto.clear();
    response.headers.clear();
    response.body.clear();
    response.tlsVersion.clear();
    response.tlsCipherSuite.clear();
    response.errorCode = e.code;
    response.error = e.text;
}

void CurlTransfer::failCancelled(HttpResponse &response)
{
    // What went over the wire stays counted (data_sent/data_received, http_reqs_interrupted).
    const qint64 sent = response.bytesSent;
    const qint64 received = response.bytesReceived;
    response = HttpResponse();
    response.bytesSent = sent;
    response.bytesReceived = received;
    response.requestSent = sent > 0;
    response.cancelled = true;
    response.errorCode = 1000;
    response.error = QStringLiteral("context canceled");
}

} // namespace throttle
