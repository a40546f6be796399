#include "demo/demoworker.h"

#include "demo/democonnection.h"

#include <unistd.h>

namespace throttle {

DemoWorker::DemoWorker(DemoRouter *router, DemoCounters *counters)
    : m_router(router)
    , m_counters(counters)
{
}

void DemoWorker::adopt(qlonglong descriptor)
{
    auto *connection = new DemoConnection(m_router, m_counters, this);
    if (!connection->adopt(descriptor)) {
        delete connection;
        ::close(int(descriptor));
    }
}

} // namespace throttle
