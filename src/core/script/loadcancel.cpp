#include "core/script/loadcancel.h"

#include "core/script/vuruntime.h"

namespace throttle {

void LoadCancel::cancel()
{
    QMutexLocker lock(&m_mutex);
    m_cancelled.store(true, std::memory_order_release);
    if (m_runtime)
        m_runtime->interrupt();
}

void LoadCancel::attach(VuRuntime *runtime)
{
    QMutexLocker lock(&m_mutex);
    m_runtime = runtime;
    if (runtime && m_cancelled.load(std::memory_order_acquire))
        runtime->interrupt();
}

} // namespace throttle
