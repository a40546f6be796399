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

bool VuPool::grow(int n, QString *error)
{
    const size_t first = m_vus.size();
    m_threads.setMaxThreadCount(int(m_vus.size()) + n);
    for (int i = 0; i < n; ++i) {
        auto vu = std::make_unique<Vu>(m_ctx, m_nextId++, m_hooks);
        vu->setSetupData(m_setupData);
        m_threads.start(vu.get());
        m_vus.push_back(std::move(vu));
    }
    bool ok = true;
    for (size_t i = first; i < m_vus.size(); ++i) {
        if (!m_vus[i]->waitInitialized() && ok) {
            ok = false;
            if (error)
                *error = m_vus[i]->initError();
        }
    }
    return ok;
}

void VuPool::shrinkTo(int n)
{
    while (int(m_vus.size()) > n) {
        Vu &vu = *m_vus.back();
        vu.retire(true);
        vu.waitExited();
        // The pool thread may still be returning from run(): keep the object until shutdown.
        m_retired.push_back(std::move(m_vus.back()));
        m_vus.pop_back();
    }
}

void VuPool::setSetupData(const QByteArray &json)
{
    m_setupData = json;
    for (auto &vu : m_vus)
        vu->setSetupData(json);
}

void VuPool::shutdown()
{
    for (auto &vu : m_vus)
        vu->retire(true);
    m_threads.waitForDone();
    m_vus.clear();
    m_retired.clear();
}

} // namespace throttle
