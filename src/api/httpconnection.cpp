#include "api/httpconnection.h"

#include "api/apierror.h"

#include <QDateTime>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

namespace throttle {

namespace {
constexpr qint64 kMaxHead = 64 * 1024;
constexpr qint64 kChunkSlack = 64 * 1024;   // chunk framing on top of the body limit
constexpr int kDrainMs = 2000;

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket)
    : QObject(socket), m_socket(socket)
{
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
}

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void HttpConnection::onReadyRead()
{
    if (m_rejected) {
        const qint64 n = m_socket->readAll().size();   // swallow: the HTTP server sees nothing more
        m_drainLeft -= n;
        if (m_drainLeft <= 0)
            m_socket->disconnectFromHost();
        return;
    }
    inspect(m_socket->peek(m_socket->bytesAvailable()));
}

void HttpConnection::inspect(const QByteArray &bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && !m_rejected) {
        if (m_inBody) {
            m_bodySeen += bytes.size() - i;
            i = bytes.size();
            if (m_chunked && m_bodySeen > kMaxRequestBody + kChunkSlack)
                reject(bodyTooLargeError().response(mime::kJsonUtf8));
            break;
        }
        const qsizetype from = std::max<qsizetype>(0, m_head.size() - 3);
        m_head += bytes.mid(i);
        const qsizetype end = m_head.indexOf("\r\n\r\n", from);
        if (end < 0) {
            if (m_head.size() > kMaxHead)
                reject(ApiError{431, QStringLiteral("Request header too large"), QString()}.response(mime::kJsonUtf8));
            return;
        }
        const qsizetype consumed = bytes.size() - i - (m_head.size() - (end + 4));
        m_head.truncate(end + 4);
        i += consumed;
        parseHead();
        afterHead();
    }
    if (!m_rejected && m_inBody && m_expectContinue && !m_continueSent && bodyIncomplete()) {
        m_continueSent = true;
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
}

void HttpConnection::parseHead()
{
    const QList<QByteArray> lines = m_head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    m_current = RequestMeta();
    m_current.method = requestLine.value(0);
    m_current.target = requestLine.value(1);
    m_current.http10 = requestLine.value(2) == "HTTP/1.0";
    m_current.valid = requestLine.size() == 3;
    m_contentLength = -1;
    m_chunked = m_expectContinue = m_continueSent = false;
    QByteArray connection;
    for (qsizetype k = 1; k < lines.size(); ++k) {
        const QByteArray line = lines.at(k).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            m_contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            m_chunked = value.toLower().contains("chunked");
        else if (name == "expect")
            m_expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        else if (name == "connection")
            connection = value.toLower();
    }
    m_current.keepAlive = m_current.http10 ? connection.contains("keep-alive") : !connection.contains("close");
    m_inBody = true;
    m_bodySeen = 0;
}

void HttpConnection::afterHead()
{
    if (!m_chunked && m_contentLength > kMaxRequestBody) {
        m_drainLeft = m_expectContinue ? 0 : m_contentLength;
        reject(bodyTooLargeError().response(mime::kJsonUtf8));
    }
}

bool HttpConnection::bodyIncomplete() const
{
    if (m_chunked)
        return m_bodySeen == 0;
    return m_contentLength > 0 && m_bodySeen < m_contentLength;
}

void HttpConnection::reject(const ApiResponse &response)
{
    m_rejected = true;
    m_drainLeft = std::max<qint64>(0, m_drainLeft - m_bodySeen);
    m_socket->readAll();   // not for the HTTP server: it must not parse this request any further
    m_pending.clear();
    m_socket->write(serialize(response, m_current, true));
    m_closing = true;
    if (m_drainLeft <= 0)
        m_socket->disconnectFromHost();
    else   // read the announced body first: closing on unread data would reset the connection
        QTimer::singleShot(kDrainMs, m_socket, [s = m_socket] { s->disconnectFromHost(); });
}

RequestMeta HttpConnection::takeRequest()
{
    RequestMeta meta = m_current;
    m_current = RequestMeta();
    m_head.clear();
    m_inBody = false;
    m_bodySeen = 0;
    return meta;
}

quint64 HttpConnection::enqueue(const RequestMeta &meta)
{
    const quint64 ticket = m_nextTicket++;
    if (!m_closing)
        m_pending.push_back({ticket, meta, std::nullopt});
    return ticket;
}

void HttpConnection::complete(quint64 ticket, const ApiResponse &response)
{
    for (Pending &p : m_pending) {
        if (p.ticket == ticket) {
            p.response = response;
            break;
        }
    }
    flush();
}

void HttpConnection::flush()
{
    while (!m_pending.empty() && m_pending.front().response && !m_closing) {
        const Pending p = std::move(m_pending.front());
        m_pending.pop_front();
        const bool close = !p.meta.keepAlive;
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            continue;
        m_socket->write(serialize(*p.response, p.meta, close));
        if (close) {
            m_closing = true;
            m_pending.clear();
            m_socket->disconnectFromHost();
        }
    }
}

QByteArray HttpConnection::serialize(const ApiResponse &r, const RequestMeta &meta, bool close)
{
    QByteArray out = (meta.http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + QByteArray::number(r.status) + ' ' +
                     reasonPhrase(r.status) + "\r\n";
    if (!r.contentType.isEmpty())
        out += "Content-Type: " + r.contentType + "\r\n";
    for (const auto &h : r.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (meta.http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (meta.method != "HEAD")
        out += r.body;
    return out;
}

} // namespace throttle
