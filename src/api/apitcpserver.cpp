#include "api/apitcpserver.h"

#include "api/httpconnection.h"

#include <QTcpSocket>

namespace throttle {

void ApiTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    new HttpConnection(socket);
    addPendingConnection(socket);
}

} // namespace throttle
