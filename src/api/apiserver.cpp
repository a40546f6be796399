#include "api/apiserver.h"

#include "api/apierror.h"
#include "api/apitcpserver.h"
#include "api/httpconnection.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QtHttpServer/QHttpServerRequest>

namespace throttle {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

QString bindError(QAbstractSocket::SocketError e, const QString &fallback)
{
    switch (e) {
    case QAbstractSocket::AddressInUseError: return QStringLiteral("address already in use");
    case QAbstractSocket::SocketAccessError: return QStringLiteral("permission denied");
    case QAbstractSocket::SocketAddressNotAvailableError: return QStringLiteral("cannot assign requested address");
    default: return fallback;
    }
}

} // namespace

ApiServer::ApiServer(ApiContext ctx, QObject *parent)
    : QAbstractHttpServer(parent), m_router(std::move(ctx))
{
}

ApiServer::~ApiServer()
{
    m_queue.shutdown();   // before the connections go: no answer is delivered to a dead object
}

bool ApiServer::parseAddress(const QString &address, QHostAddress *host, quint16 *port, QString *error)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        *error = QStringLiteral("listen tcp: address %1: missing port in address").arg(address);
        return false;
    }
    QString h = address.left(colon);
    bool ok = false;
    const uint p = address.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535) {
        *error = QStringLiteral("listen tcp: address %1: invalid port").arg(address);
        return false;
    }
    *port = quint16(p);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h.isEmpty()) {
        *host = QHostAddress::Any;
    } else if (h == QLatin1String("localhost")) {
        *host = QHostAddress::LocalHost;
    } else if (!host->setAddress(h)) {
        const QList<QHostAddress> found = QHostInfo::fromName(h).addresses();
        if (found.isEmpty()) {
            *error = QStringLiteral("listen tcp: lookup %1: no such host").arg(h);
            return false;
        }
        *host = found.first();
    }
    return true;
}

bool ApiServer::start(const QString &address, QString *error)
{
    QHostAddress host;
    quint16 port = 0;
    if (!parseAddress(address, &host, &port, error))
        return false;
    return start(host, port, error);
}

bool ApiServer::start(const QHostAddress &host, quint16 port, QString *error)
{
    auto *tcp = new ApiTcpServer(this);
    if (!tcp->listen(host, port)) {
        const QString where = (host.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                                                                                 : host.toString()) +
                              QLatin1Char(':') + QString::number(port);
        *error = QStringLiteral("listen tcp %1: bind: %2").arg(where, bindError(tcp->serverError(), tcp->errorString()));
        delete tcp;
        return false;
    }
    m_port = tcp->serverPort();
    bind(tcp);
    m_closed = false;
    return true;
}

bool ApiServer::isListening() const
{
    for (QTcpServer *s : servers())
        if (s->isListening())
            return true;
    return false;
}

bool ApiServer::connectionsIdle() const
{
    for (QTcpServer *s : servers())
        for (QTcpSocket *socket : s->findChildren<QTcpSocket *>())
            if (HttpConnection *c = HttpConnection::of(socket); c && !c->idle())
                return false;
    return true;
}

void ApiServer::close(int graceMs)
{
    if (m_closed)
        return;
    m_closed = true;
    for (QTcpServer *s : servers())
        s->close();
    QDeadlineTimer deadline(graceMs);
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (connectionsIdle() || deadline.hasExpired())
            loop.quit();
    });
    if (!connectionsIdle()) {
        poll.start(5);
        loop.exec();
    }
    for (QTcpServer *s : servers())
        for (QTcpSocket *socket : s->findChildren<QTcpSocket *>())
            socket->abort();
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *conn = HttpConnection::of(socket);
    if (!conn)
        conn = new HttpConnection(socket);
    RequestMeta meta = conn->takeRequest();
    if (!meta.valid) {
        meta.method = methodName(request.method());
        meta.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        meta.valid = true;
    }
    const quint64 ticket = conn->enqueue(meta);
    if (m_closed) {
        conn->complete(ticket, ApiError{503, QStringLiteral("Server closing"), QString()}.response(mime::kJsonUtf8));
        return true;
    }
    const QByteArray body = request.body();
    if (body.size() > kMaxRequestBody) {
        conn->complete(ticket, bodyTooLargeError().response(mime::kJsonUtf8));
        return true;
    }
    ApiRouter::Route route = m_router.route(ApiRequest{meta.method, meta.target, body});
    if (route.now) {
        conn->complete(ticket, *route.now);
        return true;
    }
    QPointer<HttpConnection> guard(conn);
    m_queue.post(std::move(route.job), this, [guard, ticket](const ApiResponse &r) {
        if (guard)
            guard->complete(ticket, r);
    });
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Q_UNUSED(request);
    if (HttpConnection *conn = HttpConnection::of(socket))
        conn->complete(conn->enqueue(conn->takeRequest()), ApiResponse::notFoundPlain());
}

} // namespace throttle
