#pragma once
// DemoConnection: one accepted keep-alive connection of the demo server. Owns its socket and
// parser, answers requests in order (pipelining included) and runs /delay on a timer so a slow
// answer never blocks other connections. Lives on one worker thread, created and deleted there.

#include "demo/demorequestparser.h"

#include <QObject>
#include <QTcpSocket>

namespace throttle {

class DemoCounters;
class DemoRouter;

class DemoConnection : public QObject {
    Q_OBJECT
public:
    DemoConnection(DemoRouter *router, DemoCounters *counters, QObject *parent);
    bool adopt(qintptr descriptor);

private:
    void onReadyRead();
    void process();
    void dispatch(const DemoRequest &request);
    void reply(const DemoResponse &response, bool keepAlive, bool headOnly);
    void replyError(int status);
    static QByteArray head(const DemoResponse &response, qint64 length, bool keepAlive);

    QTcpSocket m_socket;
    DemoRequestParser m_parser;
    DemoRouter *m_router;
    DemoCounters *m_counters;
    QByteArray m_buffer;
    bool m_busy = false;    // an answer is pending (delay/hang): later requests wait
    bool m_closing = false;
};

} // namespace throttle
