#pragma once
// ApiServer: the REST control API server (control-api.md §1). Our own HTTP/1.1 plumbing on raw
// sockets (HttpConnection + HttpRequestReader): QHttpServer 6.4 left too many gaps (half-closed
// requests unanswered, pipelined requests answered out of turn, duplicate Content-Length
// accepted, no Expect handling) and its API changes in 6.8. Every request passes ApiAccess
// (Host, Origin, token, read-only), then ApiRouter: cheap reads are answered at once, state
// changes run on the ControlExecutor thread one at a time and are answered asynchronously. A stop
// (PATCH stopped:true) is applied the moment it is read, ahead of anything queued (a pause may
// wait for busy iterations; a stop must not wait behind it). close() ends keep-alive connections.
// Lives on the thread that creates it (the main thread); it never blocks that thread except in
// close(), which waits up to the grace period for answers in flight.

#include "api/apiaccess.h"
#include "api/apicontext.h"
#include "api/apirouter.h"
#include "core/exec/controlexecutor.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

class QTcpServer;

namespace throttle {

class HttpConnection;

class ApiServer : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxConnections = 1000;   // beyond: accepted and closed at once

    explicit ApiServer(ApiContext ctx, QObject *parent = nullptr);
    ~ApiServer() override;

    // Token and read-only mode; before start(). Defaults: ApiAccessSettings::fromEnvironment().
    void setAccess(const ApiAccessSettings &access) { m_accessSettings = access; }

    // "host:port" as k6 takes it ("localhost:6565", ":6565", "0.0.0.0:0", "[::1]:6565").
    // false + Go-like text ("listen tcp 127.0.0.1:6565: bind: address already in use").
    bool start(const QString &address, QString *error);
    bool start(const QHostAddress &host, quint16 port, QString *error);
    quint16 port() const { return m_port; }
    bool isListening() const;
    int connectionCount() const { return int(m_connections.size()); }
    // Stops accepting, lets answers in flight finish for up to graceMs, then closes every
    // connection. Idempotent.
    void close(int graceMs = 1000);

    static bool parseAddress(const QString &address, QHostAddress *host, quint16 *port, QString *error);

private:
    void accept(qintptr fd);
    std::optional<ApiResponse> early(const ApiRequest &request);
    void dispatch(HttpConnection *conn, quint64 ticket, const ApiRequest &request);
    bool connectionsIdle() const;

    ApiRouter m_router;
    ControlExecutor m_queue;   // the control thread: changes one at a time, in arrival order
    ApiAccessSettings m_accessSettings;
    ApiAccess m_access;
    QTcpServer *m_listener = nullptr;
    QList<HttpConnection *> m_connections;
    quint16 m_port = 0;
    bool m_closed = false;
};

} // namespace throttle
