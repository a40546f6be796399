#include "demo/demorequestparser.h"

namespace throttle {

namespace {

bool isTokenChar(char c)
{
    return c > 0x20 && c < 0x7f && !QByteArrayView("()<>@,;:\\\"/[]?={}").contains(c);
}

bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

} // namespace

DemoRequestParser::Result DemoRequestParser::feed(QByteArray &buffer)
{
    switch (m_state) {
    case State::Head:
        return parseHead(buffer);
    case State::FixedBody:
        return parseFixedBody(buffer);
    default:
        return parseChunked(buffer);
    }
}

DemoRequest DemoRequestParser::take()
{
    DemoRequest r = std::move(m_request);
    m_request = DemoRequest();
    m_state = State::Head;
    return r;
}

bool DemoRequestParser::takeContinue()
{
    const bool c = m_continuePending;
    m_continuePending = false;
    return c;
}

DemoRequestParser::Result DemoRequestParser::parseHead(QByteArray &buffer)
{
    // Tolerate stray CRLFs between pipelined requests (RFC 9112 §2.2).
    qsizetype skip = 0;
    while (skip < buffer.size() && (buffer.at(skip) == '\r' || buffer.at(skip) == '\n'))
        ++skip;
    if (skip > 0)
        buffer.remove(0, skip);
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return buffer.size() > MaxHeadBytes ? error(431) : Result::NeedMore;
    if (end > MaxHeadBytes)
        return error(431);
    QList<QByteArray> lines = buffer.left(end).split('\n');
    buffer.remove(0, end + 4);
    for (QByteArray &l : lines) {
        if (l.endsWith('\r'))
            l.chop(1);
    }
    if (!parseRequestLine(lines.takeFirst()))
        return error(400);
    if (lines.size() > MaxHeaders)
        return error(431);
    if (!parseHeaderLines(lines))
        return error(400);
    const Result r = startBody();
    return r == Result::NeedMore ? feed(buffer) : r;
}

bool DemoRequestParser::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty())
        return false;
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
        return false;
    m_request.method = parts[0];
    m_request.target = parts[1];
    m_request.version = parts[2];
    const qsizetype q = m_request.target.indexOf('?');
    m_request.path = q < 0 ? m_request.target : m_request.target.left(q);
    m_request.query = q < 0 ? QByteArray() : m_request.target.mid(q + 1);
    return m_request.path.startsWith('/') || m_request.path == "*";
}

bool DemoRequestParser::parseHeaderLines(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        const QByteArray name = line.left(colon);
        if (!isToken(name))
            return false;
        m_request.headers.append({name, line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = m_request.header("connection").toLower();
    m_request.keepAlive = m_request.version == "HTTP/1.1" ? !connection.contains("close")
                                                          : connection.contains("keep-alive");
    return true;
}

DemoRequestParser::Result DemoRequestParser::startBody()
{
    const QByteArray te = m_request.header("transfer-encoding").toLower();
    const QByteArray cl = m_request.header("content-length");
    const bool expect = m_request.header("expect").toLower() == "100-continue";
    if (!te.isEmpty()) {
        if (te != "chunked")
            return error(501);
        m_state = State::ChunkSize;
        m_continuePending = expect;
        return Result::NeedMore;
    }
    if (cl.isEmpty())
        return finish();
    bool ok = false;
    const qint64 len = cl.toLongLong(&ok);
    if (!ok || len < 0)
        return error(400);
    if (len > MaxBodyBytes)
        return error(413);
    if (len == 0)
        return finish();
    m_remaining = len;
    m_state = State::FixedBody;
    m_continuePending = expect;
    return Result::NeedMore;
}

DemoRequestParser::Result DemoRequestParser::parseFixedBody(QByteArray &buffer)
{
    const qsizetype n = qsizetype(qMin<qint64>(m_remaining, buffer.size()));
    m_request.body.append(buffer.constData(), n);
    buffer.remove(0, n);
    m_remaining -= n;
    return m_remaining == 0 ? finish() : Result::NeedMore;
}

DemoRequestParser::Result DemoRequestParser::parseChunked(QByteArray &buffer)
{
    for (;;) {
        if (m_state == State::ChunkSize) {
            const Result r = parseChunkSize(buffer);
            if (r != Result::Done)
                return r;
        } else if (m_state == State::ChunkData) {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, buffer.size()));
            m_request.body.append(buffer.constData(), n);
            buffer.remove(0, n);
            m_remaining -= n;
            if (m_remaining > 0)
                return Result::NeedMore;
            m_state = State::ChunkDataEnd;
        } else if (m_state == State::ChunkDataEnd) {
            if (buffer.size() < 2)
                return Result::NeedMore;
            if (!buffer.startsWith("\r\n"))
                return error(400);
            buffer.remove(0, 2);
            m_state = State::ChunkSize;
        } else {  // Trailers: skip lines up to the empty one
            const qsizetype eol = buffer.indexOf("\r\n");
            if (eol < 0)
                return buffer.size() > MaxHeadBytes ? error(431) : Result::NeedMore;
            buffer.remove(0, eol + 2);
            if (eol == 0)
                return finish();
        }
    }
}

// Done here means "a size line was consumed, keep going".
DemoRequestParser::Result DemoRequestParser::parseChunkSize(QByteArray &buffer)
{
    const qsizetype eol = buffer.indexOf("\r\n");
    if (eol < 0)
        return buffer.size() > 1024 ? error(400) : Result::NeedMore;
    QByteArray line = buffer.left(eol);
    buffer.remove(0, eol + 2);
    const qsizetype semi = line.indexOf(';');  // chunk extensions are ignored
    if (semi >= 0)
        line.truncate(semi);
    line = line.trimmed();
    bool ok = false;
    const qint64 size = line.size() <= 15 ? line.toLongLong(&ok, 16) : -1;
    if (!ok || size < 0)
        return error(400);
    if (m_request.body.size() + size > MaxBodyBytes)
        return error(413);
    m_remaining = size;
    m_state = size == 0 ? State::Trailers : State::ChunkData;
    return Result::Done;
}

DemoRequestParser::Result DemoRequestParser::error(int status)
{
    m_errorStatus = status;
    return Result::Error;
}

DemoRequestParser::Result DemoRequestParser::finish()
{
    m_state = State::Head;
    m_continuePending = false;
    return Result::Done;
}

} // namespace throttle
