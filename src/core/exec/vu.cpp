#include "core/exec/vu.h"

#include "core/exec/memorytrim.h"
#include "core/threadhandoff.h"

#include <memory>

namespace throttle {

Vu::Vu(const ScriptContext &ctx, int id, RunHooks *hooks) : m_ctx(ctx), m_id(id), m_hooks(hooks)
{
    setAutoDelete(false);
}

Vu::~Vu() = default;

Vu::State Vu::state() const
{
    QMutexLocker lock(&m_mutex);
    return m_state;
}

QString Vu::initError() const
{
    QMutexLocker lock(&m_mutex);
    return m_initError;
}

void Vu::setState(State s)
{
    // caller holds m_mutex
    m_state = s;
    m_changed.notify_all();
}

void Vu::run()
{
    ThreadHandoff::acquire(this);   // VuPool::grow() released it before QThreadPool::start()
    const std::shared_ptr<ExitLatch> latch = m_exit;
    runOnThread();
    {
        std::lock_guard lock(latch->mutex);
        latch->open = true;
    }
    latch->opened.notify_all();   // `this` may be gone from here on
}

void Vu::runOnThread()
{
    setThreadCacheEnabled(m_id <= threadCacheVus());   // pool threads host different VUs over time
    auto owned = std::make_unique<VuRuntime>(m_ctx, m_id, RuntimeKind::Vu, m_hooks);
    VuRuntime &rt = *owned;
    {
        // From here on a stop reaches the init code too (interruptInit, retire).
        QMutexLocker lock(&m_mutex);
        m_rt = &rt;
        if (m_initInterrupted)
            rt.interrupt();
    }
    QString error;
    const bool ok = rt.init(&error);
    releaseThreadCache();   // init's garbage back to the shared arenas (matters at 1000 VUs)
    {
        QMutexLocker lock(&m_mutex);
        if (!ok) {
            m_initError = error;
            m_rt = nullptr;
        }
    }
    if (!ok) {
        owned.reset();
        QMutexLocker lock(&m_mutex);
        setState(State::Failed);
        return;
    }
    {
        QMutexLocker lock(&m_mutex);
        setState(State::Idle);
    }
    VuJob *bound = nullptr;
    for (;;) {
        VuJob *job = nullptr;
        quint64 gen = 0;
        {
            QMutexLocker lock(&m_mutex);
            while (m_cmd.load() == Cmd::Idle)
                m_wake.wait(m_mutex);
            if (m_cmd.load() == Cmd::Retire)
                break;
            job = m_job;
            gen = m_gen;
            setState(State::Running);
            if (m_setupDirty) {
                rt.setSetupData(m_setupData);
                m_setupDirty = false;
            }
        }
        rt.clearInterrupt();
        if (job != bound) {
            rt.bind(job->binding());
            bound = job;
        }
        while (m_cmd.load(std::memory_order_acquire) == Cmd::Run) {
            {
                QMutexLocker lock(&m_mutex);
                if (m_gen != gen)
                    break;
            }
            if (!job->acquireIteration(*this))
                break;
            rt.setScenarioIteration(job->takeIterationNumbers());
            const IterationOutcome outcome = rt.runIteration();
            job->iterationDone(*this, outcome);
        }
        QMutexLocker lock(&m_mutex);
        if (m_gen == gen && m_cmd.load() == Cmd::Run)
            m_cmd.store(Cmd::Idle);   // the job has no more iterations for this VU
        if (m_cmd.load() == Cmd::Retire)
            break;
        setState(State::Idle);
    }
    {
        QMutexLocker lock(&m_mutex);
        m_rt = nullptr;
    }
    owned.reset();   // engine and sockets die on their own thread
    QMutexLocker lock(&m_mutex);
    setState(State::Exited);
}

bool Vu::waitInitialized()
{
    QMutexLocker lock(&m_mutex);
    while (m_state == State::Initializing)
        m_changed.wait(m_mutex);
    return m_state != State::Failed;
}

void Vu::setSetupData(const QByteArray &json)
{
    QMutexLocker lock(&m_mutex);
    m_setupData = json;
    m_setupDirty = true;
}

void Vu::activate(VuJob *job)
{
    QMutexLocker lock(&m_mutex);
    if (m_state == State::Failed || m_state == State::Exited || m_cmd.load() == Cmd::Retire)
        return;
    m_job = job;
    ++m_gen;
    m_cmd.store(Cmd::Run, std::memory_order_release);
    m_wake.notify_all();
}

void Vu::deactivate(bool hard)
{
    QMutexLocker lock(&m_mutex);
    if (m_cmd.load() == Cmd::Run) {
        ++m_gen;
        m_cmd.store(Cmd::Idle, std::memory_order_release);
    }
    // A hard stop also reaches an iteration that a soft deactivation is letting finish
    // (gracefulStop / gracefulRampDown ran out).
    if (hard && m_rt && m_state == State::Running && m_cmd.load() != Cmd::Retire)
        m_rt->interrupt();
}

void Vu::waitIdle()
{
    QMutexLocker lock(&m_mutex);
    while (m_state == State::Running || m_state == State::Initializing)
        m_changed.wait(m_mutex);
}

void Vu::retire(bool hard)
{
    QMutexLocker lock(&m_mutex);
    ++m_gen;
    m_cmd.store(Cmd::Retire, std::memory_order_release);
    if (hard && m_rt && (m_state == State::Running || m_state == State::Initializing))
        m_rt->interrupt();
    if (hard && m_state == State::Initializing)
        m_initInterrupted = true;
    m_wake.notify_all();
}

void Vu::interruptInit()
{
    QMutexLocker lock(&m_mutex);
    if (m_state != State::Initializing)
        return;
    m_initInterrupted = true;
    if (m_rt)
        m_rt->interrupt();
}

void Vu::waitExited()
{
    const std::shared_ptr<ExitLatch> latch = m_exit;
    std::unique_lock lock(latch->mutex);
    latch->opened.wait(lock, [&] { return latch->open; });
}

} // namespace throttle
