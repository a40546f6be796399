#pragma once
// ApiTcpServer: the listening socket of the REST API. Hands every accepted descriptor to its
// callback (ApiServer makes an HttpConnection of it); no QTcpSocket is made. Lives on the
// server's thread.

#include <QTcpServer>
#include <functional>

namespace throttle {

class ApiTcpServer : public QTcpServer {
    Q_OBJECT
public:
    ApiTcpServer(std::function<void(qintptr)> onAccepted, QObject *parent = nullptr)
        : QTcpServer(parent), m_onAccepted(std::move(onAccepted))
    {
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_onAccepted(socketDescriptor); }

private:
    std::function<void(qintptr)> m_onAccepted;
};

} // namespace throttle
