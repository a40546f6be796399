#include "ui/controlworker.h"

namespace throttle {

ControlWorker::ControlWorker()
{
    m_pool.setMaxThreadCount(1);   // one call at a time, in arrival order (control-api.md §2.3)
    m_pool.setExpiryTimeout(-1);
}

ControlWorker::~ControlWorker()
{
    waitForDone();
}

void ControlWorker::post(std::function<ControlError()> op, QObject *context,
                         std::function<void(const ControlError &)> done)
{
    m_pending.fetch_add(1);
    QPointer<QObject> guard(context);
    m_pool.start([this, op = std::move(op), guard, done = std::move(done)] {
        const ControlError result = op();
        m_pending.fetch_sub(1);
        if (QObject *ctx = guard.data())
            QMetaObject::invokeMethod(ctx, [done, result] { done(result); }, Qt::QueuedConnection);
    });
}

void ControlWorker::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace throttle
