#pragma once
// ControlWorker: runs blocking RunControl calls (pause() waits for in-flight iterations, scale()
// for VUs to stop or initialise) one at a time, in order, on its own thread, and hands each
// result back to a context object on that object's thread (the GUI thread). Owned by the
// controller on the GUI thread; the destructor waits for the running call.

#include "core/exec/runcontrol.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <atomic>
#include <functional>

namespace throttle {

class ControlWorker
{
public:
    ControlWorker();
    ~ControlWorker();
    ControlWorker(const ControlWorker &) = delete;
    ControlWorker &operator=(const ControlWorker &) = delete;

    // Queues `op`; `done` runs on `context`'s thread afterwards (dropped if context is gone).
    void post(std::function<ControlError()> op, QObject *context,
              std::function<void(const ControlError &)> done);
    int pending() const { return m_pending.load(); }
    void waitForDone();

private:
    QThreadPool m_pool;
    std::atomic<int> m_pending{0};
};

} // namespace throttle
