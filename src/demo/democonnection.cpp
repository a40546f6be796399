#include "demo/democonnection.h"

#include "demo/democounters.h"
#include "demo/demorouter.h"

#include <QTimer>

namespace throttle {

namespace {

constexpr qsizetype MaxBufferedBytes = 80 * 1024 * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Request Entity Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

DemoConnection::DemoConnection(DemoRouter *router, DemoCounters *counters, QObject *parent)
    : QObject(parent)
    , m_socket(this)
    , m_router(router)
    , m_counters(counters)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &DemoConnection::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

bool DemoConnection::adopt(qintptr descriptor)
{
    if (!m_socket.setSocketDescriptor(descriptor))
        return false;
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    return true;
}

void DemoConnection::onReadyRead()
{
    m_buffer.append(m_socket.readAll());
    if (m_buffer.size() > MaxBufferedBytes) {
        m_socket.abort();  // a client flooding a connection that waits on /delay or /hang
        deleteLater();
        return;
    }
    if (!m_busy && !m_closing)
        process();
}

void DemoConnection::process()
{
    while (!m_busy && !m_closing) {
        const auto result = m_parser.feed(m_buffer);
        if (m_parser.takeContinue())
            m_socket.write("HTTP/1.1 100 Continue\r\n\r\n");
        if (result == DemoRequestParser::Result::NeedMore)
            return;
        if (result == DemoRequestParser::Result::Error) {
            replyError(m_parser.errorStatus());
            return;
        }
        const DemoRequest request = m_parser.take();
        m_counters->countRequest(request.path);
        dispatch(request);
    }
}

void DemoConnection::dispatch(const DemoRequest &request)
{
    const DemoResponse response = m_router->handle(request);
    const bool headOnly = request.method == "HEAD";
    switch (response.action) {
    case DemoResponse::Action::Reply:
        reply(response, request.keepAlive, headOnly);
        break;
    case DemoResponse::Action::Delay:
        m_busy = true;
        QTimer::singleShot(response.delayMs, this, [this, response, keep = request.keepAlive, headOnly] {
            m_busy = false;
            reply(response, keep, headOnly);
            process();
        });
        break;
    case DemoResponse::Action::Hang:
        m_busy = true;  // until the client goes away
        break;
    case DemoResponse::Action::Truncate:
        m_socket.write(head(response, response.declaredLength, false));
        m_socket.write(response.body);
        m_closing = true;
        m_socket.disconnectFromHost();
        break;
    }
}

void DemoConnection::reply(const DemoResponse &response, bool keepAlive, bool headOnly)
{
    if (response.chunks.isEmpty()) {
        const bool noBody = response.status == 204 || response.status == 304;
        m_socket.write(head(response, noBody ? -1 : response.body.size(), keepAlive));
        if (!headOnly && !noBody)
            m_socket.write(response.body);
    } else {
        QByteArray out = head(response, -1, keepAlive);
        if (!headOnly) {
            for (const QByteArray &chunk : response.chunks)
                out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
            out += "0\r\n\r\n";
        }
        m_socket.write(out);
    }
    if (!keepAlive) {
        m_closing = true;
        m_socket.disconnectFromHost();
    }
}

void DemoConnection::replyError(int status)
{
    DemoResponse r;
    r.status = status;
    r.body = reason(status) + '\n';
    reply(r, false, false);
}

// length < 0: no Content-Length (chunked when the response has chunks).
QByteArray DemoConnection::head(const DemoResponse &response, qint64 length, bool keepAlive)
{
    QByteArray h;
    h.reserve(160);
    h.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ')
        .append(reason(response.status)).append("\r\nServer: throttle-demo\r\n");
    if (!response.contentType.isEmpty() && response.status != 204)
        h.append("Content-Type: ").append(response.contentType).append("\r\n");
    if (length >= 0)
        h.append("Content-Length: ").append(QByteArray::number(length)).append("\r\n");
    else if (!response.chunks.isEmpty())
        h.append("Transfer-Encoding: chunked\r\n");
    for (const auto &[name, value] : response.headers)
        h.append(name).append(": ").append(value).append("\r\n");
    if (!keepAlive)
        h.append("Connection: close\r\n");
    h.append("\r\n");
    return h;
}

} // namespace throttle
