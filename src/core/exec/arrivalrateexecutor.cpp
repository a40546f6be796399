#include "core/exec/arrivalrateexecutor.h"

#include "core/exec/vupool.h"

#include <QMutex>

namespace throttle {

namespace {
constexpr qint64 kDropFlushMs = 100;   // dropped_iterations samples go to the engine in batches

} // namespace

ArrivalRateExecutor::~ArrivalRateExecutor()
{
    stopThreads();
}

qint64 ArrivalRateExecutor::preAllocatedVus() const
{
    return m_config.segmentPreAllocatedVUs();
}

void ArrivalRateExecutor::start(std::vector<Vu *> vus, bool paused)
{
    m_paused.store(paused);
    setVus(std::move(vus));
    {
        std::lock_guard lock(m_mutex);
        // Last in, first out: the VU that finished most recently is reused first.
        m_free.assign(m_vus.rbegin(), m_vus.rend());
        m_unplanned = std::max<qint64>(0, m_config.segmentMaxVUs() - qint64(m_vus.size()));
        m_t0 = Clock::now();
        m_timelineStarted = true;
        m_pausedAt = m_t0;
        m_timelinePaused = paused;
        m_manualAnchorMs = 0;   // a rate set before the start: first start at 0
        m_manualIndex = 0;
    }
    m_started.store(true);
    m_scheduler = std::thread([this] { scheduleLoop(); });
    m_initializer = std::thread([this] { initLoop(); });
}

double ArrivalRateExecutor::timelineMs() const
{
    if (!m_timelineStarted)
        return 0;
    const Clock::time_point now = m_timelinePaused ? m_pausedAt : Clock::now();
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(now - m_t0).count()) / 1e6;
}

void ArrivalRateExecutor::changed()
{
    ++m_changes;
    m_wake.notify_all();
}

std::optional<double> ArrivalRateExecutor::planNext()
{
    if (m_manualRate < 0)
        return nextArrivalMs();
    if (m_manualRate == 0)
        return std::nullopt;
    // The rate is test-wide: a segmented runner starts only its striped share of those starts.
    return m_manualAnchorMs + double(m_stripe.globalIndex(m_manualIndex++)) * double(m_config.timeUnit()) / m_manualRate;
}

void ArrivalRateExecutor::scheduleLoop()
{
    std::vector<Sample> drops;
    auto lastFlush = Clock::now();
    const double end = double(durationMs());
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_stop)
            break;
        if (m_timelinePaused) {
            m_wake.wait(lock, [this] { return m_stop || !m_timelinePaused; });
            continue;
        }
        if (m_resync) {
            // Back to the schedule: starts it planned before now are skipped, not dropped.
            m_resync = false;
            const double now = timelineMs();
            std::optional<double> at;
            while ((at = nextArrivalMs()) && *at < now) {
            }
            m_pending = at;
        }
        if (!m_pending)
            m_pending = planNext();
        const bool startDue = m_pending && *m_pending <= end;
        const double dueMs = startDue ? *m_pending : end;
        const auto due = m_t0 + std::chrono::nanoseconds(qint64(dueMs * 1e6));
        const quint64 seen = m_changes;
        if (m_wake.wait_until(lock, due, [this, seen] { return m_stop || m_changes != seen; }))
            continue;   // stopped, or steered: plan again
        if (!startDue)
            break;      // the duration is over
        m_pending.reset();
        startOne(drops);
        if (!drops.empty() && Clock::now() - lastFlush >= std::chrono::milliseconds(kDropFlushMs)) {
            lock.unlock();
            emitSamples(std::exchange(drops, {}));
            lastFlush = Clock::now();
            lock.lock();
        }
    }
    lock.unlock();
    emitSamples(std::move(drops));
    m_timeUp.store(true);
}

void ArrivalRateExecutor::beginPause()
{
    m_pauseSettled.store(false, std::memory_order_release);
    m_paused.store(true, std::memory_order_release);   // tickets handed out are refused, starts skipped
    std::lock_guard lock(m_mutex);
    changed();
}

void ArrivalRateExecutor::pauseTookEffect()
{
    std::lock_guard lock(m_mutex);
    if (m_timelineStarted && !m_timelinePaused) {
        m_pausedAt = Clock::now();
        m_timelinePaused = true;
    }
    m_pauseSettled.store(true, std::memory_order_release);
    changed();
}

ControlError ArrivalRateExecutor::resume()
{
    m_pauseSettled.store(false, std::memory_order_release);
    {
        std::lock_guard lock(m_mutex);
        if (m_timelinePaused) {
            m_t0 += Clock::now() - m_pausedAt;
            m_timelinePaused = false;
        }
        changed();
    }
    m_paused.store(false, std::memory_order_release);
    return {};
}

ControlError ArrivalRateExecutor::setManualRate(qint64 rate)
{
    if (m_finished.load() || m_timeUp.load())
        return ControlError::invalidChange(QStringLiteral("the test run has already finished"));
    if (rate < 0)
        return ControlError::invalidChange(QStringLiteral("invalid configuration supplied: the iteration rate can't be negative"));
    std::lock_guard lock(m_mutex);
    m_manualRate = double(rate);
    // Before the start the first start is at 0; later one interval after now.
    m_manualAnchorMs = timelineMs();
    m_manualIndex = m_timelineStarted ? 1 : 0;
    m_pending.reset();
    m_resync = false;
    changed();
    return {};
}

ControlError ArrivalRateExecutor::holdManual()
{
    if (m_finished.load() || m_timeUp.load())
        return ControlError::invalidChange(QStringLiteral("the test run has already finished"));
    std::lock_guard lock(m_mutex);
    if (m_manualRate >= 0)
        return {};
    const double now = timelineMs();
    m_manualRate = scheduledRatePerMs(now) * double(m_config.timeUnit());
    m_manualAnchorMs = now;
    m_manualIndex = m_timelineStarted ? 1 : 0;
    m_pending.reset();
    changed();
    return {};
}

ControlError ArrivalRateExecutor::backToSchedule()
{
    std::lock_guard lock(m_mutex);
    if (m_manualRate < 0)
        return {};
    m_manualRate = -1;
    m_pending.reset();
    m_resync = m_timelineStarted;
    changed();
    return {};
}

bool ArrivalRateExecutor::manual() const
{
    std::lock_guard lock(m_mutex);
    return m_manualRate >= 0;
}

std::optional<double> ArrivalRateExecutor::currentRate() const
{
    std::lock_guard lock(m_mutex);
    if (m_manualRate >= 0)
        return m_manualRate;
    return scheduledRatePerMs(timelineMs()) * double(m_config.timeUnit());
}

void ArrivalRateExecutor::startOne(std::vector<Sample> &drops)
{
    // Called with m_mutex held.
    if (m_paused.load(std::memory_order_acquire))
        return;   // a pause waits for in-flight iterations: this start is skipped, not dropped
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
    VuPool::Growth g = m_pool.grow(1);
    if (!g.vus.empty()) {
        QMutexLocker lock(&m_vusMutex);
        m_vus.push_back(g.vus.front());   // counted in vus_max even when its init failed, like the pool
    }
    if (!g.ok) {
        logWarning(QStringLiteral("could not initialize a new VU: %1").arg(g.error));
        return nullptr;
    }
    return g.vus.front();
}

bool ArrivalRateExecutor::acquireIteration(Vu &vu)
{
    std::lock_guard lock(m_mutex);
    if (!m_tickets.remove(&vu))
        return false;   // its one iteration is done
    if (!mayStart()) {   // stopping, or paused: the ticket is returned
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

bool ArrivalRateExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    if (!m_timeUp.load() || pauseSettled())
        return false;
    if (m_graceStartMs < 0)
        stopThreads();   // m_vus is stable from here on
    if (inGracePeriod(elapsedMs) && (m_busy.load() > 0 || anyRunning()))
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
