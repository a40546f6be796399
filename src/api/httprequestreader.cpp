#include "api/httprequestreader.h"

#include "api/apierror.h"

#include <algorithm>

namespace throttle {

namespace {

constexpr qsizetype kMaxChunkLine = 4096;   // Go: "chunked line too long"
constexpr int kMaxLeadingBlankLines = 8;

bool isTokenChar(uchar c)
{
    // RFC 7230 tchar
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s)
        if (!isTokenChar(uchar(c)))
            return false;
    return true;
}

bool validFieldValue(const QByteArray &v)
{
    for (const char c : v) {
        const uchar u = uchar(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArray trimSpaceTab(const QByteArray &s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        --e;
    return s.mid(b, e - b);
}

// Go's parseContentLength: digits only, fits an int64.
bool parseLength(const QByteArray &s, qint64 *out)
{
    if (s.isEmpty() || s.size() > 18)
        return false;
    qint64 v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

bool hasToken(const QByteArray &list, const char *token)
{
    for (const QByteArray &part : list.split(','))
        if (trimSpaceTab(part).compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

QByteArray HttpRequestHead::header(const char *name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

int HttpRequestHead::headerCount(const char *name) const
{
    int n = 0;
    for (const auto &h : headers)
        n += h.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

void HttpRequestReader::feed(const QByteArray &bytes)
{
    if (!m_failure)
        m_buffer.append(bytes);
}

HttpRequestReader::Step HttpRequestReader::fail(int status, const QByteArray &detail)
{
    m_failure = HttpReadFailure{status, detail};
    m_head.reset();
    m_buffer.clear();
    m_pos = 0;
    return Step::Failed;
}

void HttpRequestReader::compact()
{
    if (m_pos > 0 && (m_pos >= m_buffer.size() || m_pos > 64 * 1024)) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

std::optional<HttpParsedRequest> HttpRequestReader::next()
{
    if (m_failure)
        return std::nullopt;
    if (!m_head) {
        if (readHead() != Step::Done)
            return std::nullopt;
    }
    QByteArray body;
    if (readBody(&body) != Step::Done)
        return std::nullopt;
    HttpParsedRequest r{std::move(*m_head), std::move(body)};
    m_head.reset();
    m_continueOffered = false;
    compact();
    return r;
}

bool HttpRequestReader::takeContinue()
{
    if (m_failure || !m_head || !m_head->expectContinue || m_continueOffered)
        return false;
    if (m_head->contentLength == 0)
        return false;
    m_continueOffered = true;
    return true;
}

HttpRequestReader::Step HttpRequestReader::readHead()
{
    // Blank lines before a request are skipped (RFC 7230 §3.5; clients add one after a body).
    for (int i = 0; i < kMaxLeadingBlankLines; ++i) {
        if (m_buffer.size() - m_pos >= 2 && m_buffer[m_pos] == '\r' && m_buffer[m_pos + 1] == '\n')
            m_pos += 2;
        else if (m_buffer.size() - m_pos >= 1 && m_buffer[m_pos] == '\n')
            m_pos += 1;
        else
            break;
    }
    // The head ends with an empty line: "\n\n" or "\n\r\n".
    qsizetype end = -1;
    qsizetype afterEnd = -1;
    // Resume where the last call stopped (a head may arrive a byte at a time).
    const qsizetype from = m_pos + std::max<qsizetype>(0, m_headScanned - 2);
    for (qsizetype i = m_buffer.indexOf('\n', from); i >= 0; i = m_buffer.indexOf('\n', i + 1)) {
        if (i + 1 < m_buffer.size() && m_buffer[i + 1] == '\n') {
            end = i + 1;
            afterEnd = i + 2;
            break;
        }
        if (i + 2 < m_buffer.size() && m_buffer[i + 1] == '\r' && m_buffer[i + 2] == '\n') {
            end = i + 1;
            afterEnd = i + 3;
            break;
        }
        if (i - m_pos > kMaxHead)
            break;
    }
    if (end < 0) {
        if (m_buffer.size() - m_pos > kMaxHead)
            return fail(431);
        m_headScanned = m_buffer.size() - m_pos;
        return Step::NeedMore;
    }
    m_headScanned = 0;
    if (end - m_pos > kMaxHead)
        return fail(431);
    QList<QByteArray> lines = m_buffer.mid(m_pos, end - m_pos).split('\n');
    lines.removeLast();   // after the last '\n'
    for (QByteArray &l : lines)
        if (l.endsWith('\r'))
            l.chop(1);
    m_pos = afterEnd;
    if (lines.size() - 1 > kMaxHeaders)
        return fail(431);
    m_head = HttpRequestHead();
    if (!parseRequestLine(lines.value(0)) || !parseHeaders(lines.mid(1)) || !decideBody())
        return Step::Failed;
    m_chunkLeft = -1;
    m_chunkedBody.clear();
    return Step::Done;
}

bool HttpRequestReader::parseRequestLine(const QByteArray &line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0) {
        fail(400);
        return false;
    }
    HttpRequestHead &h = *m_head;
    h.method = line.left(sp1);
    h.target = line.mid(sp1 + 1, sp2 - sp1 - 1);
    const QByteArray proto = line.mid(sp2 + 1);
    if (!isToken(h.method) || h.target.isEmpty()) {
        fail(400);
        return false;
    }
    for (const char c : h.target) {
        if (uchar(c) <= 0x20 || uchar(c) == 0x7f) {
            fail(400);
            return false;
        }
    }
    // HTTP/<digit>.<digit>; Go serves any HTTP/1.x as 1.1 and refuses other majors.
    if (proto.size() != 8 || !proto.startsWith("HTTP/") || proto[6] != '.' || proto[5] < '0' || proto[5] > '9' ||
        proto[7] < '0' || proto[7] > '9') {
        fail(400);
        return false;
    }
    if (proto[5] != '1') {
        fail(505, "unsupported protocol version");
        return false;
    }
    h.http10 = proto[7] == '0';
    return true;
}

bool HttpRequestReader::parseHeaders(const QList<QByteArray> &lines)
{
    HttpRequestHead &h = *m_head;
    for (const QByteArray &line : lines) {
        if (line.startsWith(' ') || line.startsWith('\t')) {
            if (h.headers.isEmpty()) {   // Go: malformed MIME header initial line
                fail(400);
                return false;
            }
            h.headers.last().second += ' ' + trimSpaceTab(line);   // obsolete line folding
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon < 0) {
            fail(400);
            return false;
        }
        const QByteArray name = line.left(colon);
        if (!isToken(name)) {
            fail(400, "invalid header name");
            return false;
        }
        h.headers.append({name, trimSpaceTab(line.mid(colon + 1))});
    }
    for (const auto &hd : h.headers) {
        if (!validFieldValue(hd.second)) {
            fail(400, "invalid header value");
            return false;
        }
    }
    return true;
}

bool HttpRequestReader::decideBody()
{
    HttpRequestHead &h = *m_head;
    if (!h.http10) {
        const int hosts = h.headerCount("Host");
        if (hosts == 0) {
            fail(400, "missing required Host header");
            return false;
        }
        if (hosts > 1) {
            fail(400, "too many Host headers");
            return false;
        }
    }
    QByteArray connection;
    for (const auto &hd : h.headers)
        if (hd.first.compare("Connection", Qt::CaseInsensitive) == 0)
            connection += hd.second + ',';
    h.keepAlive = h.http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");

    const QByteArray expect = h.header("Expect");
    if (!expect.isEmpty()) {
        if (expect.compare("100-continue", Qt::CaseInsensitive) != 0) {
            fail(417);
            return false;
        }
        h.expectContinue = !h.http10;
    }
    // Content-Length: every value must agree (request smuggling hardening, as in Go).
    QByteArray length;
    bool haveLength = false;
    for (const auto &hd : h.headers) {
        if (hd.first.compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        if (haveLength && hd.second != length) {
            fail(400, "message cannot contain multiple Content-Length headers");
            return false;
        }
        length = hd.second;
        haveLength = true;
    }
    h.contentLength = 0;
    const int encodings = h.headerCount("Transfer-Encoding");
    if (encodings > 0 && !h.http10) {
        if (encodings > 1 || h.header("Transfer-Encoding").compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(501, "unsupported transfer encoding");
            return false;
        }
        h.contentLength = -1;   // chunked wins over Content-Length
        return true;
    }
    if (haveLength && !length.isEmpty() && !parseLength(length, &h.contentLength)) {
        fail(400, "bad Content-Length");
        return false;
    }
    if (h.contentLength > kMaxBody) {
        fail(413);
        return false;
    }
    return true;
}

HttpRequestReader::Step HttpRequestReader::readBody(QByteArray *body)
{
    const qint64 length = m_head->contentLength;
    if (length < 0)
        return readChunked(body);
    if (m_buffer.size() - m_pos < length)
        return Step::NeedMore;
    *body = m_buffer.mid(m_pos, qsizetype(length));
    m_pos += qsizetype(length);
    return Step::Done;
}

std::optional<QByteArray> HttpRequestReader::takeLine()
{
    const qsizetype nl = m_buffer.indexOf('\n', m_pos);
    if (nl < 0)
        return std::nullopt;
    QByteArray line = m_buffer.mid(m_pos, nl - m_pos);
    m_pos = nl + 1;
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

HttpRequestReader::Step HttpRequestReader::readChunked(QByteArray *body)
{
    for (;;) {
        if (m_chunkLeft == -1) {   // a chunk-size line
            const qsizetype nl = m_buffer.indexOf('\n', m_pos);
            if (nl < 0) {
                if (m_buffer.size() - m_pos > kMaxChunkLine)
                    return fail(400, "chunked line too long");
                return Step::NeedMore;
            }
            if (nl - m_pos > kMaxChunkLine)
                return fail(400, "chunked line too long");
            QByteArray line = *takeLine();
            if (const qsizetype semi = line.indexOf(';'); semi >= 0)
                line.truncate(semi);   // chunk extensions are ignored
            line = trimSpaceTab(line);
            bool ok = !line.isEmpty();
            qint64 size = 0;   // stops growing past the body limit (no overflow, found by fuzz_restreader)
            for (const char c : std::as_const(line)) {
                const int d = (c >= '0' && c <= '9') ? c - '0' : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10 : -1;
                if (d < 0) {
                    ok = false;
                    break;
                }
                if (size <= kMaxBody)
                    size = size * 16 + d;
            }
            if (!ok)
                return fail(400, "invalid byte in chunk length");
            if (m_chunkedBody.size() + size > kMaxBody)
                return fail(413);
            m_chunkLeft = size == 0 ? -2 : size;
            continue;
        }
        if (m_chunkLeft == -2) {   // trailers up to an empty line
            const qsizetype nl = m_buffer.indexOf('\n', m_pos);
            if (nl < 0) {
                if (m_buffer.size() - m_pos > kMaxChunkLine)
                    return fail(431);
                return Step::NeedMore;
            }
            const QByteArray line = *takeLine();
            if (!line.isEmpty())
                continue;
            *body = std::move(m_chunkedBody);
            m_chunkedBody.clear();
            m_chunkLeft = -1;
            return Step::Done;
        }
        // chunk data followed by CRLF
        if (m_buffer.size() - m_pos < m_chunkLeft + 1)
            return Step::NeedMore;
        const qsizetype dataEnd = m_pos + qsizetype(m_chunkLeft);
        qsizetype after = dataEnd;
        if (m_buffer[after] == '\r') {
            if (m_buffer.size() - after < 2)
                return Step::NeedMore;
            ++after;
        }
        if (m_buffer[after] != '\n')
            return fail(400, "malformed chunked encoding");
        m_chunkedBody.append(m_buffer.constData() + m_pos, qsizetype(m_chunkLeft));
        m_pos = after + 1;
        m_chunkLeft = -1;
    }
}

ApiResponse HttpReadFailure::response() const
{
    if (status == 413)
        return bodyTooLargeError().response(mime::kJsonUtf8);
    ApiResponse r;
    r.status = status;
    r.contentType = mime::kTextUtf8;
    const QByteArray phrase = QByteArray::number(status) + ' ' + reasonPhrase(status);
    if (status == 501) {
        r.body = "Unsupported transfer encoding";
    } else if (status == 417) {
        r.contentType.clear();
    } else {
        r.body = detail.isEmpty() ? phrase : phrase + ": " + detail;
    }
    return r;
}

} // namespace throttle
