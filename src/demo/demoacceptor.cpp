#include "demo/demoacceptor.h"

#include "demo/democounters.h"
#include "demo/demoworker.h"

namespace throttle {

DemoAcceptor::DemoAcceptor(std::vector<DemoWorker *> workers, DemoCounters *counters)
    : m_workers(std::move(workers))
    , m_counters(counters)
{
}

void DemoAcceptor::incomingConnection(qintptr descriptor)
{
    m_counters->countConnection();
    DemoWorker *worker = m_workers[m_next++ % m_workers.size()];
    QMetaObject::invokeMethod(worker, [worker, descriptor] { worker->adopt(descriptor); },
                              Qt::QueuedConnection);
}

} // namespace throttle
