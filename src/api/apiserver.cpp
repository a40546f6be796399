#include "api/apiserver.h"

#include "api/apierror.h"
#include "api/apitcpserver.h"
#include "api/httpconnection.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QPointer>
#include <QTimer>

#include <unistd.h>

namespace throttle {

namespace {

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
    : QObject(parent), m_router(std::move(ctx)), m_accessSettings(ApiAccessSettings::fromEnvironment())
{
}

ApiServer::~ApiServer()
{
    m_queue.shutdown();   // before the connections go: no answer is delivered to a dead object
    for (HttpConnection *c : std::as_const(m_connections)) {
        c->disconnect(this);
        delete c;
    }
    m_connections.clear();
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
    auto *tcp = new ApiTcpServer([this](qintptr fd) { accept(fd); }, this);
    if (!tcp->listen(host, port)) {
        const QString where = (host.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
                                                                                 : host.toString()) +
                              QLatin1Char(':') + QString::number(port);
        *error = QStringLiteral("listen tcp %1: bind: %2").arg(where, bindError(tcp->serverError(), tcp->errorString()));
        delete tcp;
        return false;
    }
    delete m_listener;
    m_listener = tcp;
    m_port = tcp->serverPort();
    m_access = ApiAccess(m_accessSettings, host);
    m_closed = false;
    return true;
}

bool ApiServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

void ApiServer::accept(qintptr fd)
{
    if (m_closed || m_connections.size() >= kMaxConnections) {
        ::close(int(fd));
        return;
    }
    HttpConnection::Handlers handlers;
    handlers.early = [this](const ApiRequest &r) { return early(r); };
    handlers.dispatch = [this](HttpConnection *c, quint64 ticket, const ApiRequest &r) { dispatch(c, ticket, r); };
    auto *conn = new HttpConnection(fd, std::move(handlers), this);
    m_connections.append(conn);
    connect(conn, &HttpConnection::closed, this, [this, conn] {
        m_connections.removeOne(conn);
        conn->deleteLater();
    });
}

std::optional<ApiResponse> ApiServer::early(const ApiRequest &request)
{
    if (m_closed || m_access.refusal(request))
        return std::nullopt;   // answered in turn
    return m_router.applyAtOnce(request);
}

void ApiServer::dispatch(HttpConnection *conn, quint64 ticket, const ApiRequest &request)
{
    if (m_closed) {
        conn->complete(ticket, ApiError{503, QStringLiteral("Server closing"), QString()}.response(mime::kJsonUtf8));
        return;
    }
    if (std::optional<ApiResponse> refused = m_access.refusal(request)) {
        conn->complete(ticket, *refused);
        return;
    }
    ApiRouter::Route route = m_router.route(request);
    if (route.now) {
        conn->complete(ticket, *route.now);
        return;
    }
    QPointer<HttpConnection> guard(conn);
    m_queue.post(std::move(route.job), [guard, ticket](const ApiResponse &r) {
        if (guard)
            guard->complete(ticket, r);
    });
}

bool ApiServer::connectionsIdle() const
{
    for (const HttpConnection *c : m_connections)
        if (!c->idle())
            return false;
    return true;
}

void ApiServer::close(int graceMs)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_listener)
        m_listener->close();
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
    const QList<HttpConnection *> all = m_connections;
    for (HttpConnection *c : all)
        c->abort();
}

} // namespace throttle
