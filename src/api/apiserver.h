#pragma once
// ApiServer: the REST control API server (control-api.md §1) — the ONLY class that touches
// QtHttpServer (a technical preview whose API changes in Qt 6.8). QAbstractHttpServer parses
// requests (incl. chunked bodies); everything else is ours: every method on every path is routed
// by ApiRouter (405s, HEAD, OPTIONS), answers are written by HttpConnection (Expect, close,
// HTTP/1.0, 413), state changes run on the ControlQueue thread and are answered asynchronously,
// and close() actively ends keep-alive connections (6.4 would leave them hanging).
// Lives on the thread that creates it (the main thread); it never blocks that thread except in
// close(), which waits up to the grace period for answers in flight.

#include "api/apicontext.h"
#include "api/apirouter.h"
#include "api/controlqueue.h"

#include <QHostAddress>
#include <QtHttpServer/QAbstractHttpServer>

namespace throttle {

class ApiServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    explicit ApiServer(ApiContext ctx, QObject *parent = nullptr);
    ~ApiServer() override;

    // "host:port" as k6 takes it ("localhost:6565", ":6565", "0.0.0.0:0", "[::1]:6565").
    // false + Go-like text ("listen tcp 127.0.0.1:6565: bind: address already in use").
    bool start(const QString &address, QString *error);
    bool start(const QHostAddress &host, quint16 port, QString *error);
    quint16 port() const { return m_port; }
    bool isListening() const;
    // Stops accepting, lets answers in flight finish for up to graceMs, then closes every
    // connection. Idempotent.
    void close(int graceMs = 1000);

    static bool parseAddress(const QString &address, QHostAddress *host, quint16 *port, QString *error);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool connectionsIdle() const;

    ApiRouter m_router;
    ControlQueue m_queue;
    quint16 m_port = 0;
    bool m_closed = false;
};

} // namespace throttle
