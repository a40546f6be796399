#pragma once
// ApiTcpServer: the listening socket of the REST API. It attaches an HttpConnection to every
// accepted socket *before* handing it to the HTTP server, so the connection sees each byte first
// (Expect: 100-continue, body limit, request heads). Lives on the server's thread.

#include <QTcpServer>

namespace throttle {

class ApiTcpServer : public QTcpServer {
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr socketDescriptor) override;
};

} // namespace throttle
