#include "core/exec/vupool.h"

namespace throttle {

VuPool::VuPool(const ScriptContext &ctx, RunHooks *hooks) : m_ctx(ctx), m_hooks(hooks)
{
    m_threads.setStackSize(2 * 1024 * 1024);
    m_threads.setExpiryTimeout(-1);
    m_threads.setMaxThreadCount(1);
}

VuPool::~VuPool()
{
    shutdown();
}

int VuPool::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_vus.size());
}

Vu &VuPool::at(int i)
{
    QMutexLocker lock(&m_mutex);
    return *m_vus[size_t(i)];
}

bool VuPool::grow(int n, QString *error)
{
    std::vector<Vu *> added;
    {
        QMutexLocker lock(&m_mutex);
        m_threads.setMaxThreadCount(int(m_vus.size() + m_retired.size()) + n);
        for (int i = 0; i < n; ++i) {
            auto vu = std::make_unique<Vu>(m_ctx, m_nextId++, m_hooks);
            vu->setSetupData(m_setupData);
            m_threads.start(vu.get());
            added.push_back(vu.get());
            m_vus.push_back(std::move(vu));
        }
    }
    // Wait outside the lock: init runs the script's init code (milliseconds per VU).
    bool ok = true;
    for (Vu *vu : added) {
        if (!vu->waitInitialized() && ok) {
            ok = false;
            if (error)
                *error = vu->initError();
        }
    }
    return ok;
}

void VuPool::shrinkTo(int n)
{
    for (;;) {
        Vu *vu = nullptr;
        {
            QMutexLocker lock(&m_mutex);
            if (int(m_vus.size()) <= n)
                return;
            vu = m_vus.back().get();
        }
        vu->retire(true);
        vu->waitExited();
        // The pool thread may still be returning from run(): keep the object until shutdown.
        QMutexLocker lock(&m_mutex);
        m_retired.push_back(std::move(m_vus.back()));
        m_vus.pop_back();
    }
}

void VuPool::setSetupData(const QByteArray &json)
{
    QMutexLocker lock(&m_mutex);
    m_setupData = json;
    for (auto &vu : m_vus)
        vu->setSetupData(json);
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
    m_retired.clear();
}

} // namespace throttle
