#pragma once
// DemoAcceptor: the demo server's listening socket. Accepts on the accept thread and hands
// each socket descriptor, round robin, to a DemoWorker on its own thread, so a flood of new
// connections never delays requests on established ones. Lives on the accept thread.

#include <QTcpServer>

#include <vector>

namespace throttle {

class DemoCounters;
class DemoWorker;

class DemoAcceptor : public QTcpServer {
    Q_OBJECT
public:
    DemoAcceptor(std::vector<DemoWorker *> workers, DemoCounters *counters);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::vector<DemoWorker *> m_workers;
    DemoCounters *m_counters;
    size_t m_next = 0;
};

} // namespace throttle
