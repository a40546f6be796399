#include "demo/demotarget.h"

#include "demo/demoacceptor.h"
#include "demo/democounters.h"
#include "demo/demoitemstore.h"
#include "demo/demorouter.h"
#include "demo/demoworker.h"

#include <QCoreApplication>

#include <algorithm>

namespace throttle {

DemoTarget::DemoTarget()
    : m_counters(std::make_unique<DemoCounters>())
    , m_store(std::make_unique<DemoItemStore>())
    , m_router(std::make_unique<DemoRouter>(m_store.get()))
{
    m_acceptThread.setObjectName(QStringLiteral("demo-accept"));
}

DemoTarget::~DemoTarget()
{
    stop();
}

bool DemoTarget::start(const QHostAddress &address, quint16 port)
{
    if (isRunning())
        return true;
    if (!QCoreApplication::instance()) {
        // Event loops on the server's threads need the application object.
        m_error = QStringLiteral("DemoTarget needs a QCoreApplication");
        return false;
    }
    startWorkers();
    auto *acceptor = new DemoAcceptor(m_workers, m_counters.get(), address, port);
    acceptor->moveToThread(&m_acceptThread);
    m_acceptThread.start();
    // The listening socket must be created on the thread that accepts on it.
    QMetaObject::invokeMethod(acceptor, "startListening", Qt::BlockingQueuedConnection);
    const DemoAcceptor::Listening listening = acceptor->listening();
    m_port = listening.port;
    m_error = listening.error;
    m_acceptor = acceptor;
    m_address = address;
    if (!listening.ok) {
        stop();
        return false;
    }
    m_error.clear();
    return true;
}

void DemoTarget::stop()
{
    if (m_acceptor) {
        DemoAcceptor *acceptor = m_acceptor;
        // A thread deletes its deferred deletions when it finishes (Qt's documented pattern).
        acceptor->deleteLater();
        m_acceptor = nullptr;
        m_acceptThread.quit();
        m_acceptThread.wait();
    }
    stopWorkers();
    m_port = 0;
}

QString DemoTarget::baseUrl() const
{
    QString host = QStringLiteral("127.0.0.1");
    if (!m_address.isNull() && m_address != QHostAddress::Any && m_address != QHostAddress::AnyIPv4
        && m_address != QHostAddress::LocalHost) {
        host = m_address.protocol() == QAbstractSocket::IPv6Protocol
                   ? u'[' + m_address.toString() + u']'
                   : m_address.toString();
    }
    return QStringLiteral("http://%1:%2").arg(host).arg(m_port);
}

qint64 DemoTarget::requestCount() const { return m_counters->requests(); }
qint64 DemoTarget::requestCount(const QString &path) const { return m_counters->requests(path); }
qint64 DemoTarget::connectionCount() const { return m_counters->connections(); }
void DemoTarget::resetCounters() { m_counters->reset(); }

void DemoTarget::startWorkers()
{
    const int count = std::clamp(QThread::idealThreadCount(), 2, 4);
    for (int i = 0; i < count; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("demo-worker-%1").arg(i));
        auto *worker = new DemoWorker(m_router.get(), m_counters.get());
        worker->moveToThread(thread.get());
        thread->start();
        m_workers.push_back(worker);
        m_workerThreads.push_back(std::move(thread));
    }
}

void DemoTarget::stopWorkers()
{
    // Each worker (and with it every connection) is deleted on its own thread, after any
    // hand-over still queued there.
    for (size_t i = 0; i < m_workers.size(); ++i) {
        DemoWorker *worker = m_workers[i];
        worker->deleteLater();
        m_workerThreads[i]->quit();
        m_workerThreads[i]->wait();
    }
    m_workers.clear();
    m_workerThreads.clear();
}

} // namespace throttle
