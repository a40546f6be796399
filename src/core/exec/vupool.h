#pragma once
// VuPool: owns every initialised VU of a run and the dedicated QThreadPool they run on
// (ARCHITECTURE.md §4: one long-running task per VU, 2 MiB stacks, thread count = VU count).
// Used by the run thread and RunControl callers (serialised by LocalRun).

#include "core/exec/vu.h"

#include <QMutex>
#include <QThreadPool>
#include <memory>
#include <vector>

namespace throttle {

class VuPool {
public:
    VuPool(const ScriptContext &ctx, RunHooks *hooks);
    ~VuPool();

    // Starts n more VUs and waits until all of them ran the init context. On the first failure
    // returns false with its message; the pool keeps what it made.
    bool grow(int n, QString *error);
    // Retires and destroys VUs from the end until size() == n (they must be idle).
    void shrinkTo(int n);
    int size() const;
    Vu &at(int i);
    void setSetupData(const QByteArray &json);
    // Hard-stops everything and joins all threads.
    void shutdown();

private:
    const ScriptContext &m_ctx;
    RunHooks *m_hooks;
    QThreadPool m_threads;
    mutable QMutex m_mutex;   // guards m_vus: executors of different scenarios grow it from different threads
    std::vector<std::unique_ptr<Vu>> m_vus;
    std::vector<std::unique_ptr<Vu>> m_retired;
    int m_nextId = 1;
    QByteArray m_setupData;
};

} // namespace throttle
