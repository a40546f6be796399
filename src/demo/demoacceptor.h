#pragma once
// DemoAcceptor: the demo server's listening socket. Accepts on the accept thread and hands
// each socket descriptor, round robin, to a DemoWorker on its own thread, so a flood of new
// connections never delays requests on established ones. Lives on the accept thread.

#include <QHostAddress>
#include <QMutex>
#include <QTcpServer>

#include <vector>

namespace throttle {

class DemoCounters;
class DemoWorker;

class DemoAcceptor : public QTcpServer {
    Q_OBJECT
public:
    // address and port: where startListening() listens. Made before the accept thread starts.
    DemoAcceptor(std::vector<DemoWorker *> workers, DemoCounters *counters, const QHostAddress &address, quint16 port);

    struct Listening {
        bool ok = false;
        quint16 port = 0;
        QString error;
    };
    // Accept thread (the socket must be made there), by name with a blocking queued call; the
    // outcome is read back with listening(), under a mutex, so no functor carries data between
    // the threads unseen by ThreadSanitizer (installer/tsan.sh).
    Q_INVOKABLE void startListening();
    Listening listening() const;   // any thread

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::vector<DemoWorker *> m_workers;
    DemoCounters *m_counters;
    size_t m_next = 0;
    const QHostAddress m_address;
    const quint16 m_port;
    mutable QMutex m_mutex;   // guards m_listening
    Listening m_listening;
};

} // namespace throttle
