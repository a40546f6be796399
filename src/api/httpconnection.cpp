#include "api/httpconnection.h"

#include "api/apierror.h"

#include <QDateTime>
#include <QLocale>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace throttle {

namespace {

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

constexpr qsizetype kReadChunk = 64 * 1024;

} // namespace

HttpConnection::HttpConnection(qintptr fd, Handlers handlers, QObject *parent)
    : QObject(parent), m_fd(fd), m_handlers(std::move(handlers))
{
    ::fcntl(int(m_fd), F_SETFL, ::fcntl(int(m_fd), F_GETFL) | O_NONBLOCK);
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &HttpConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &HttpConnection::onWritable);
    m_requestTimer.setSingleShot(true);
    connect(&m_requestTimer, &QTimer::timeout, this, &HttpConnection::closeNow);   // slowloris
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &HttpConnection::closeNow);
}

HttpConnection::~HttpConnection()
{
    if (!m_closed)
        ::close(int(m_fd));
}

void HttpConnection::abort()
{
    closeNow();
}

void HttpConnection::closeNow()
{
    if (m_closed)
        return;
    m_closed = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    m_requestTimer.stop();
    m_lingerTimer.stop();
    ::close(int(m_fd));
    m_pending.clear();
    m_out.clear();
    emit closed();
}

void HttpConnection::onReadable()
{
    char buf[kReadChunk];
    for (;;) {
        const ssize_t n = ::recv(int(m_fd), buf, sizeof buf, 0);
        if (n > 0) {
            if (!m_noMoreRequests)
                m_reader.feed(QByteArray(buf, qsizetype(n)));
            // else: a closing connection reads on and drops (closing on unread data would reset it)
            if (!m_noMoreRequests && m_reader.pending() >= kMaxBuffered)
                break;   // parse what is there first (backpressure)
            continue;
        }
        if (n == 0) {   // the peer's end of input: answer what was asked, then close
            m_peerClosed = true;
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        closeNow();   // reset
        return;
    }
    takeRequests();
    if (m_closed)
        return;
    updateReadNotifier();
    finishIfDone();
}

void HttpConnection::updateReadNotifier()
{
    if (m_closed)
        return;
    const bool backlog = !m_noMoreRequests &&
                         (m_pending.size() >= size_t(kMaxPipelined) || m_reader.pending() >= kMaxBuffered);
    m_readNotifier->setEnabled(!m_peerClosed && !backlog);
    // A request that started arriving must complete in time.
    if (!m_noMoreRequests && !m_peerClosed && m_reader.inRequest()) {
        if (!m_requestTimer.isActive())
            m_requestTimer.start(kRequestTimeoutMs);
    } else {
        m_requestTimer.stop();
    }
}

void HttpConnection::takeRequests()
{
    while (!m_noMoreRequests && m_pending.size() < size_t(kMaxPipelined)) {
        std::optional<HttpParsedRequest> parsed = m_reader.next();
        if (!parsed) {
            if (m_reader.failed()) {
                Pending p;
                p.ticket = m_nextTicket++;
                p.close = true;
                p.dispatched = true;
                p.response = m_reader.failure().response();
                m_pending.push_back(std::move(p));
                m_noMoreRequests = true;
            } else if (m_reader.takeContinue()) {
                m_continueOwed = true;
            }
            break;
        }
        m_requestTimer.stop();
        Pending p;
        p.ticket = m_nextTicket++;
        p.method = parsed->head.method;
        p.http10 = parsed->head.http10;
        p.close = !parsed->head.keepAlive;
        p.request = ApiRequest{parsed->head.method, parsed->head.target, std::move(parsed->body), parsed->head.headers};
        if (m_handlers.early) {
            if (std::optional<ApiResponse> now = m_handlers.early(p.request)) {
                p.response = std::move(now);
                p.dispatched = true;
            }
        }
        if (p.close)
            m_noMoreRequests = true;
        m_pending.push_back(std::move(p));
    }
    pump();
}

void HttpConnection::pump()
{
    if (m_pumping || m_closed)
        return;
    m_pumping = true;
    for (;;) {
        flush();
        if (m_closed)
            break;
        // The first request without an answer is dispatched once every earlier one is answered.
        auto it = m_pending.begin();
        if (it == m_pending.end() || it->dispatched)
            break;
        it->dispatched = true;
        const quint64 ticket = it->ticket;
        const ApiRequest request = it->request;
        m_handlers.dispatch(this, ticket, request);   // may complete() at once
    }
    m_pumping = false;
}

void HttpConnection::complete(quint64 ticket, const ApiResponse &response)
{
    for (Pending &p : m_pending) {
        if (p.ticket == ticket) {
            p.response = response;
            break;
        }
    }
    pump();
    if (m_closed)
        return;
    // Room again for requests already read but not taken.
    if (!m_noMoreRequests && m_pending.size() < size_t(kMaxPipelined))
        takeRequests();
    if (m_closed)
        return;
    updateReadNotifier();
    finishIfDone();
}

void HttpConnection::flush()
{
    while (!m_pending.empty() && m_pending.front().response && !m_closeAfterWrite) {
        Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        m_out += serialize(*p.response, p.method, p.http10, p.close);
        if (p.close) {
            m_closeAfterWrite = true;
            m_noMoreRequests = true;
            m_pending.clear();
        }
    }
    if (m_continueOwed && m_pending.empty() && !m_closeAfterWrite) {
        m_continueOwed = false;
        m_out += "HTTP/1.1 100 Continue\r\n\r\n";
    }
    writeOut();
}

void HttpConnection::writeOut()
{
    while (!m_out.isEmpty() && !m_closed) {
        const ssize_t n = ::send(int(m_fd), m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
        if (n > 0) {
            m_out.remove(0, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        closeNow();   // the peer is gone
        return;
    }
    if (!m_closed)
        m_writeNotifier->setEnabled(false);
}

void HttpConnection::onWritable()
{
    writeOut();
    finishIfDone();
}

void HttpConnection::finishIfDone()
{
    if (m_closed || !m_out.isEmpty())
        return;
    if (m_closeAfterWrite && !m_lingering) {
        // Everything owed is out: end our side, read on briefly so that unread input does not
        // turn the close into a reset that could destroy the last answer.
        m_lingering = true;
        ::shutdown(int(m_fd), SHUT_WR);
        m_lingerTimer.start(kLingerMs);
        m_readNotifier->setEnabled(!m_peerClosed);
    }
    if (m_peerClosed && m_pending.empty())
        closeNow();
}

QByteArray HttpConnection::serialize(const ApiResponse &r, const QByteArray &method, bool http10, bool close)
{
    QByteArray out = (http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + QByteArray::number(r.status) + ' ' +
                     reasonPhrase(r.status) + "\r\n";
    if (!r.contentType.isEmpty())
        out += "Content-Type: " + r.contentType + "\r\n";
    for (const auto &h : r.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (method != "HEAD")
        out += r.body;
    return out;
}

} // namespace throttle
