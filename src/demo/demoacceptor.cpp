#include "demo/demoacceptor.h"

#include "demo/democounters.h"
#include "demo/demoworker.h"

namespace throttle {

DemoAcceptor::DemoAcceptor(std::vector<DemoWorker *> workers, DemoCounters *counters, const QHostAddress &address,
                           quint16 port)
    : m_workers(std::move(workers))
    , m_counters(counters)
    , m_address(address)
    , m_port(port)
{
}

void DemoAcceptor::startListening()
{
    Listening l;
    l.ok = listen(m_address, m_port);
    l.port = serverPort();
    l.error = errorString();
    setMaxPendingConnections(1024);
    QMutexLocker lock(&m_mutex);
    m_listening = l;
}

DemoAcceptor::Listening DemoAcceptor::listening() const
{
    QMutexLocker lock(&m_mutex);
    return m_listening;
}

void DemoAcceptor::incomingConnection(qintptr descriptor)
{
    m_counters->countConnection();
    DemoWorker *worker = m_workers[m_next++ % m_workers.size()];
    QMetaObject::invokeMethod(worker, "adopt", Qt::QueuedConnection, Q_ARG(qlonglong, qlonglong(descriptor)));
}

} // namespace throttle
