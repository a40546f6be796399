#include "core/exec/arrivalrateexecutor.h"

#include "core/exec/vupool.h"

#include <QMutex>

namespace throttle {

namespace {
constexpr qint64 kDropFlushMs = 100;   // dropped_iterations samples go to the engine in batches

// Serialises VuPool::grow across the arrival-rate executors of a run (grow is not thread-safe).
QMutex &growMutex()
{
    static QMutex m;
    return m;
}
} // namespace

ArrivalRateExecutor::~ArrivalRateExecutor()
{
    stopThreads();
}

int ArrivalRateExecutor::preAllocatedVus() const
{
    return int(m_config.segmentPreAllocatedVUs());
}

void ArrivalRateExecutor::start(std::vector<Vu *> vus, bool)
{
    setVus(std::move(vus));
    {
        std::lock_guard lock(m_mutex);
        // Last in, first out: the VU that finished most recently is reused first.
        m_free.assign(m_vus.rbegin(), m_vus.rend());
        m_unplanned = std::max<qint64>(0, m_config.segmentMaxVUs() - qint64(m_vus.size()));
    }
    m_t0 = Clock::now();
    m_started.store(true);
    m_scheduler = std::thread([this] { scheduleLoop(); });
    m_initializer = std::thread([this] { initLoop(); });
}

void ArrivalRateExecutor::scheduleLoop()
{
    std::vector<Sample> drops;
    auto lastFlush = Clock::now();
    const auto end = m_t0 + std::chrono::milliseconds(durationMs());
    std::unique_lock lock(m_mutex);
    for (;;) {
        const std::optional<double> at = nextArrivalMs();
        if (!at || *at > double(durationMs()))
            break;
        const auto due = m_t0 + std::chrono::nanoseconds(qint64(*at * 1e6));
        if (m_wake.wait_until(lock, due, [this] { return m_stop; }))
            break;
        startOne(drops);
        if (!drops.empty() && Clock::now() - lastFlush >= std::chrono::milliseconds(kDropFlushMs)) {
            lock.unlock();
            emitSamples(std::exchange(drops, {}));
            lastFlush = Clock::now();
            lock.lock();
        }
    }
    m_wake.wait_until(lock, end, [this] { return m_stop; });
    lock.unlock();
    emitSamples(std::move(drops));
    m_timeUp.store(true);
}

void ArrivalRateExecutor::startOne(std::vector<Sample> &drops)
{
    // Called with m_mutex held.
    if (!m_free.empty()) {
        Vu *vu = m_free.back();
        m_free.pop_back();
        m_tickets.insert(vu);
        m_busy.fetch_add(1);
        vu->activate(this);
        return;
    }
    m_droppedIterations.fetch_add(1);
    drops.push_back(droppedSample(1));
    if (m_unplanned == 0) {
        if (!m_warned) {
            m_warned = true;
            logWarning(QStringLiteral("Insufficient VUs, reached %1 active VUs and cannot initialize more")
                           .arg(m_config.segmentMaxVUs()));
        }
        return;
    }
    if (!m_initRequested) {   // one VU at a time, like k6
        m_initRequested = true;
        --m_unplanned;
        m_wake.notify_all();
    }
}

void ArrivalRateExecutor::initLoop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_initRequested; });
        if (m_stop)
            return;
        lock.unlock();
        Vu *vu = initializeVu();
        lock.lock();
        m_initRequested = false;
        if (vu)
            m_free.push_back(vu);
        else
            m_unplanned = 0;   // init failed: do not try again
    }
}

Vu *ArrivalRateExecutor::initializeVu()
{
    QMutexLocker growLock(&growMutex());
    const int first = m_pool.size();
    QString error;
    const bool ok = m_pool.grow(1, &error);
    if (m_pool.size() <= first)
        return nullptr;
    Vu *vu = &m_pool.at(first);
    {
        QMutexLocker lock(&m_vusMutex);
        m_vus.push_back(vu);   // counted in vus_max even when its init failed, like the pool
    }
    if (!ok) {
        logWarning(QStringLiteral("could not initialize a new VU: %1").arg(error));
        return nullptr;
    }
    return vu;
}

bool ArrivalRateExecutor::acquireIteration(Vu &vu)
{
    std::lock_guard lock(m_mutex);
    if (!m_tickets.remove(&vu))
        return false;   // its one iteration is done
    if (!m_accepting.load(std::memory_order_acquire)) {
        m_busy.fetch_sub(1);
        m_free.push_back(&vu);
        return false;
    }
    m_startedIterations.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void ArrivalRateExecutor::iterationDone(Vu &vu, IterationOutcome outcome)
{
    Executor::iterationDone(vu, outcome);
    std::lock_guard lock(m_mutex);
    m_busy.fetch_sub(1);
    m_free.push_back(&vu);
}

void ArrivalRateExecutor::stopThreads()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_wake.notify_all();
    }
    if (m_scheduler.joinable())
        m_scheduler.join();
    if (m_initializer.joinable())
        m_initializer.join();
}

bool ArrivalRateExecutor::tick(qint64)
{
    if (m_finished.load())
        return true;
    if (!m_timeUp.load())
        return false;
    if (!m_graceTimer.isValid()) {
        stopThreads();   // m_vus is stable from here on
        m_graceTimer.start();
    }
    if ((m_busy.load() > 0 || anyRunning()) && m_graceTimer.elapsed() < m_config.gracefulStop())
        return false;
    m_accepting.store(false);
    deactivateAll(true);
    waitAllIdle();
    m_finished.store(true);
    return true;
}

void ArrivalRateExecutor::abort()
{
    m_accepting.store(false);
    stopThreads();
    Executor::abort();
}

} // namespace throttle
