#include "core/exec/vupool.h"

#include "core/threadhandoff.h"

#include <algorithm>

namespace throttle {

VuPool::VuPool(const ScriptContext &ctx, RunHooks *hooks, qint64 ceiling)
    : m_ctx(ctx), m_hooks(hooks), m_capacity(ceiling)
{
    MachineLimits::raiseOpenFileLimit();
    m_threads.setStackSize(2 * 1024 * 1024);
    m_threads.setExpiryTimeout(kIdleThreadExpiryMs);
    m_threads.setMaxThreadCount(1);
}

VuPool::~VuPool()
{
    shutdown();
}

qint64 VuPool::size() const
{
    QMutexLocker lock(&m_mutex);
    return qint64(m_vus.size());
}

Vu &VuPool::at(qint64 i)
{
    QMutexLocker lock(&m_mutex);
    return *m_vus[size_t(i)];
}

QString VuPool::capacityError(qint64 n, const QString &what) const
{
    return m_capacity.refusal(size(), n, what);
}

VuPool::Growth VuPool::grow(qint64 n)
{
    Growth g;
    if (n <= 0)
        return g;
    g.error = capacityError(n, QStringLiteral("initialising %1 more VUs").arg(n));
    if (!g.error.isEmpty()) {
        g.ok = false;
        return g;
    }
    const qint64 rssBefore = VuCapacity::residentBytes();
    {
        QMutexLocker lock(&m_mutex);
        // Every live VU holds its thread for good (a long-running task). The limit only ever
        // grows: lowered, a thread that just finished a released VU may expire while a new VU
        // waits in the queue, and QThreadPool then starts no thread for it (the new VU's init,
        // and the vus-max raise waiting for it, would hang; found by tst_scalestorm).
        m_threads.setMaxThreadCount(std::max(m_threads.maxThreadCount(), int(m_vus.size() + size_t(n))));
        for (qint64 i = 0; i < n; ++i) {
            auto vu = std::make_unique<Vu>(m_ctx, m_nextId++, m_hooks);
            vu->setSetupData(m_setupData);
            ThreadHandoff::release(vu.get());   // Vu::run() acquires: QThreadPool's queue is invisible to TSan
            m_threads.start(vu.get());
            g.vus.push_back(vu.get());
            m_vus.push_back(std::move(vu));
        }
    }
    // Wait outside the lock: init runs the script's init code (milliseconds per VU).
    for (Vu *vu : g.vus) {
        if (!vu->waitInitialized() && g.ok) {
            g.ok = false;
            g.error = vu->initError();
        }
    }
    if (g.ok)
        m_capacity.noteBatch(n, VuCapacity::residentBytes() - rssBefore);
    return g;
}

void VuPool::release(const std::vector<Vu *> &vus)
{
    for (Vu *vu : vus)
        vu->retire(true);
    std::vector<std::unique_ptr<Vu>> gone;
    for (Vu *vu : vus) {
        vu->waitExited();   // engine and sockets destroyed on the VU's own thread
        QMutexLocker lock(&m_mutex);
        const auto it = std::find_if(m_vus.begin(), m_vus.end(), [vu](const auto &p) { return p.get() == vu; });
        if (it != m_vus.end()) {
            gone.push_back(std::move(*it));
            m_vus.erase(it);
        }
    }
}

void VuPool::setSetupData(const QByteArray &json)
{
    QMutexLocker lock(&m_mutex);
    m_setupData = json;
    for (auto &vu : m_vus)
        vu->setSetupData(json);
}

void VuPool::interruptInit()
{
    QMutexLocker lock(&m_mutex);
    for (auto &vu : m_vus)
        vu->interruptInit();
}

void VuPool::shutdown()
{
    {
        QMutexLocker lock(&m_mutex);
        for (auto &vu : m_vus)
            vu->retire(true);
    }
    m_threads.waitForDone();
    QMutexLocker lock(&m_mutex);
    m_vus.clear();
}

} // namespace throttle
