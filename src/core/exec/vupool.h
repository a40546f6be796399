#pragma once
// VuPool: owns every initialised VU of a run and the dedicated QThreadPool they run on
// (ARCHITECTURE.md §4: one long-running task per VU, 2 MiB stacks, thread count = VU count).
// Growth is checked against VuCapacity first (the ceiling and the machine's limits), so a request
// for more VUs than the process can hold is refused before any thread starts. Released VUs are
// retired, joined and destroyed at once: their threads, descriptors and memory go back (a thread
// left idle by a released VU is reused by the next one, or ends after kIdleThreadExpiryMs).
// Used by the run thread and RunControl callers; every method is thread-safe.

#include "core/exec/vu.h"
#include "core/exec/vucapacity.h"

#include <QMutex>
#include <QThreadPool>
#include <memory>
#include <vector>

namespace throttle {

class VuPool {
public:
    static constexpr int kIdleThreadExpiryMs = 2000;

    struct Growth {
        std::vector<Vu *> vus;   // the VUs made, in id order (also those whose init failed)
        bool ok = true;
        QString error;           // the capacity refusal (nothing made) or the first init error
    };

    VuPool(const ScriptContext &ctx, RunHooks *hooks, qint64 ceiling = VuCapacity::kDefaultCeiling);
    ~VuPool();

    // Empty when n more VUs fit (VuCapacity::refusal, `what` starts the message).
    QString capacityError(qint64 n, const QString &what) const;
    // Starts n more VUs and waits until all of them ran the init context. Refused (nothing made)
    // when they do not fit; on an init failure ok is false and the pool keeps what it made.
    Growth grow(qint64 n);
    // Retires (hard), joins and destroys these VUs; they leave the pool.
    void release(const std::vector<Vu *> &vus);
    qint64 size() const;
    Vu &at(qint64 i);
    void setSetupData(const QByteArray &json);
    // Interrupts the init code of VUs still initialising (the run was aborted).
    void interruptInit();
    // Hard-stops everything and joins all threads.
    void shutdown();
    const VuCapacity &capacity() const { return m_capacity; }

private:
    const ScriptContext &m_ctx;
    RunHooks *m_hooks;
    VuCapacity m_capacity;
    QThreadPool m_threads;
    mutable QMutex m_mutex;   // guards m_vus: executors of different scenarios grow it from different threads
    std::vector<std::unique_ptr<Vu>> m_vus;
    int m_nextId = 1;
    QByteArray m_setupData;
};

} // namespace throttle
