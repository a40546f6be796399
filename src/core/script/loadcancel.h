#pragma once
// LoadCancel: lets another thread abandon a script load in progress (the desktop app's second
// Open, or closing the window while a script is being prepared). cancel() sets a flag that the
// loader and the esbuild service poll, and interrupts the options-pass engine if one is running
// (an init context stuck in a loop stops within milliseconds, as on stop). Thread-safe; shared
// between the thread that loads and the one that may cancel.

#include <QMutex>

#include <atomic>

namespace throttle {

class VuRuntime;

class LoadCancel {
public:
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    const std::atomic<bool> &flag() const { return m_cancelled; }

    // The loader's options-pass runtime while it runs (nullptr when done): cancel() interrupts it.
    void attach(VuRuntime *runtime);

private:
    QMutex m_mutex;
    VuRuntime *m_runtime = nullptr;
    std::atomic<bool> m_cancelled{false};
};

} // namespace throttle
