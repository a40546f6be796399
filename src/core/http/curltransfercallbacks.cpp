// CurlTransfer's libcurl callbacks, called on the owning VU thread while the transfer runs:
// response head and body, upload progress, the socket policy and the connection-ready hook that
// refuses curl's replay of a request that is not idempotent. Setup and results: curltransfer.cpp.
#include "core/http/curltransfer.h"

#include "core/http/networkpolicy.h"
#include "core/http/responsehead.h"

#include <sys/socket.h>

#include <algorithm>

namespace throttle {

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
    ParsedLine parsed{QByteArray(data, qsizetype(n)), {}};
    if (!ResponseHead::parseHeaderLine(parsed.line, &parsed.header))
        return n;
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
    m_statusSeen = true;
    // Load tests see the same status line over and over: reuse the last parse (shared data).
    if (line == m_lastStatusLine) {
        r.status = m_lastStatus;
        r.statusText = m_lastStatusText;
        return;
    }
    if (!ResponseHead::parseStatusLine(line, &r.status, &r.statusText))
        return;
    m_lastStatusLine = line;
    m_lastStatus = r.status;
    m_lastStatusText = r.statusText;
}

size_t CurlTransfer::onBody(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const size_t n = size * count;
    if (!t->m_statusSeen) {
        // No status line: not HTTP. Go reads the first line and refuses it; so do we.
        t->m_garbage.append(data, qsizetype(std::min<size_t>(n, 4096)));
        const qsizetype nl = t->m_garbage.indexOf('\n');
        if (nl < 0 && t->m_garbage.size() < 4096)
            return n;
        const QByteArray line = (nl < 0 ? t->m_garbage : t->m_garbage.left(nl)).trimmed();
        t->m_malformed = ResponseHead::statusLineError(line).value_or(
            QStringLiteral("malformed HTTP response %1").arg(ResponseHead::goQuote(line)));
        return 0;   // ends the transfer (CURLE_WRITE_ERROR), reported as m_malformed
    }
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
    if (++t->m_attempts > 1 && !t->m_replayable) {
        // curl is about to re-send on a new connection: the first attempt went out on a reused
        // one and died before any response byte. The errno of that failure is still set.
        curl_easy_getinfo(t->m_easy, CURLINFO_OS_ERRNO, &t->m_firstAttemptErrno);
        t->m_retryRefused = true;
        return CURL_PREREQFUNC_ABORT;
    }
    t->m_readyAtMs = t->elapsedMs();
    return CURL_PREREQFUNC_OK;
}

double CurlTransfer::elapsedMs() const
{
    return std::chrono::duration<double, std::milli>(Clock::now() - m_startedAt).count();
}

} // namespace throttle
