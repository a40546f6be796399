#include "core/http/curltransfer.h"

#include "core/http/curlerrors.h"
#include "core/http/httpreasonphrase.h"
#include "core/http/networkpolicy.h"
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
    // Go sends the path as written ("/a/../b" stays), and so do we.
    curl_easy_setopt(m_easy, CURLOPT_PATH_AS_IS, 1L);
    if (m_policy && !m_policy->connectTo().isEmpty()) {   // options.hosts
        for (const QByteArray &entry : m_policy->connectTo())
            m_connectTo = curl_slist_append(m_connectTo, entry.constData());
        curl_easy_setopt(m_easy, CURLOPT_CONNECT_TO, m_connectTo);
    }
    if (m_policy && (m_policy->blacklistsAddresses() || m_resolver)) {
        curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &CurlTransfer::onOpenSocket);
        curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETDATA, this);
    }
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
    m_startedAt = Clock::now();
}

void CurlTransfer::finish(CURLcode code)
{
    m_doneAtMs = elapsedMs();
    HttpResponse &response = *m_response;
    m_response = nullptr;
    collectInfo(response);
    if (code != CURLE_OK)
        fail(response, code);
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
    response = HttpResponse();
    response.cancelled = true;
    response.errorCode = 1000;
    response.error = QStringLiteral("context canceled");
}

size_t CurlTransfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const size_t n = size * count;
    if (t->m_firstByteAtMs < 0)
        t->m_firstByteAtMs = t->elapsedMs();
    HttpResponse &r = *t->m_response;
    QByteArray line = QByteArray::fromRawData(data, qsizetype(n));
    if (line.startsWith("HTTP/")) {
        t->handleStatusLine(line.trimmed());
        return n;
    }
    if (line.isEmpty() || line.at(0) == '\r' || line.at(0) == '\n')
        return n;  // end of a header block
    if ((line.at(0) == ' ' || line.at(0) == '\t') && !r.headers.isEmpty()) {
        r.headers.last().second.append(' ').append(line.trimmed());  // obsolete line folding
        return n;
    }
    const qsizetype index = r.headers.size();
    QList<ParsedLine> &last = t->m_lastHeaderLines;
    const bool known = index < last.size();
    if (known && last[index].line == line) {
        if (index == 0)
            r.headers.reserve(last.size());
        t->addHeader(last[index].header);
        return n;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return n;
    ParsedLine parsed{QByteArray(data, qsizetype(n)),
                      {QByteArray(data, colon), QByteArray(data + colon + 1, qsizetype(n) - colon - 1).trimmed()}};
    t->addHeader(parsed.header);
    if (known)
        last[index] = std::move(parsed);
    else if (index == last.size())
        last.append(std::move(parsed));
    return n;
}

void CurlTransfer::addHeader(const QPair<QByteArray, QByteArray> &header)
{
    HttpResponse &r = *m_response;
    if (!m_discardBody && header.first.size() == 14 && header.first.compare("content-length", Qt::CaseInsensitive) == 0) {
        // A size hint saves reallocations while the body arrives; capped against lies.
        const qint64 len = header.second.toLongLong();
        if (len > 0)
            r.body.reserve(qsizetype(std::min<qint64>(len, 16 * 1024 * 1024)));
    }
    r.headers.append(header);
}

void CurlTransfer::handleStatusLine(const QByteArray &line)
{
    // A new status line starts a new header block (after a 1xx interim answer, e.g.).
    HttpResponse &r = *m_response;
    r.headers.clear();
    // The TLS session is only reachable while the connection is attached to the transfer.
    if (m_https && r.tlsVersion.isEmpty())
        collectTlsVersion(r);
    // Load tests see the same status line over and over: reuse the last parse (shared data).
    if (line == m_lastStatusLine) {
        r.status = m_lastStatus;
        r.statusText = m_lastStatusText;
        return;
    }
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 < 0)
        return;
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    const QByteArray code = sp2 < 0 ? line.mid(sp1 + 1) : line.mid(sp1 + 1, sp2 - sp1 - 1);
    r.status = code.toInt();
    const QByteArray reason = sp2 < 0 ? QByteArray() : line.mid(sp2 + 1).trimmed();
    r.statusText = code + ' ' + (reason.isEmpty() ? QByteArray(HttpReasonPhrase::of(r.status)) : reason);
    if (r.statusText.endsWith(' '))
        r.statusText.chop(1);
    m_lastStatusLine = line;
    m_lastStatus = r.status;
    m_lastStatusText = r.statusText;
}

size_t CurlTransfer::onBody(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const size_t n = size * count;
    if (!t->m_discardBody)
        t->m_response->body.append(data, qsizetype(n));
    return n;
}

int CurlTransfer::onProgress(void *self, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulNow)
{
    auto *t = static_cast<CurlTransfer *>(self);
    if (t->m_sentAtMs < 0 && ulNow >= t->m_uploadTotal && t->m_uploadTotal > 0)
        t->m_sentAtMs = t->elapsedMs();
    return 0;
}

curl_socket_t CurlTransfer::onOpenSocket(void *self, curlsocktype, curl_sockaddr *address)
{
    auto *t = static_cast<CurlTransfer *>(self);
    if (t->m_dialEntry)
        t->m_resolver->chooseDialAddress(*t->m_dialEntry, address);
    const QString refused = t->m_policy->addressError(&address->addr);
    if (!refused.isEmpty()) {
        t->m_refusedAddress = refused;
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

int CurlTransfer::onConnectionReady(void *self, char *, char *, int, int)
{
    auto *t = static_cast<CurlTransfer *>(self);
    t->m_readyAtMs = t->elapsedMs();
    return CURL_PREREQFUNC_OK;
}

double CurlTransfer::elapsedMs() const
{
    return std::chrono::duration<double, std::milli>(Clock::now() - m_startedAt).count();
}

} // namespace throttle
