#include "core/exec/externallycontrolledexecutor.h"

#include "core/exec/vupool.h"

namespace throttle {

ExternallyControlledExecutor::ExternallyControlledExecutor(const ScenarioConfig &config, VuPool &pool,
                                                           IterationCounters &counters)
    : Executor(config, pool, counters), m_configuredMax(config.maxVUsSetting()),
      m_vusSetting(config.vus.value_or(0)), m_maxSetting(config.maxVUsSetting())
{
}

qint64 ExternallyControlledExecutor::preAllocatedVus() const
{
    return m_config.scaled(m_configuredMax);
}

void ExternallyControlledExecutor::start(std::vector<Vu *> vus, bool paused)
{
    setVus(std::move(vus));
    // vus-max raised before the start: initialise the extra VUs first (control-api.md §3.4).
    const qint64 wantMax = m_config.scaled(m_maxSetting.load());
    if (initializedVus() < wantMax) {
        if (const QString error = growTo(wantMax); !error.isEmpty()) {
            qWarning("could not initialise more VUs: %s", qPrintable(error));
            m_maxSetting.store(m_configuredMax);
        }
    }
    m_paused.store(paused);
    m_started.store(true);
    if (!paused)
        applyActive(m_config.scaled(m_vusSetting.load()));
}

bool ExternallyControlledExecutor::tick(qint64 elapsedMs)
{
    if (m_finished.load())
        return true;
    const qint64 duration = m_config.durationMs.value_or(0);
    if (duration <= 0 || elapsedMs < duration)
        return false;
    // No graceful stop: iterations in flight are interrupted.
    m_accepting.store(false);
    deactivateAll(true);
    waitAllIdle();
    finishAtConfiguredMax();
    return true;
}

void ExternallyControlledExecutor::abort()
{
    Executor::abort();
    finishAtConfiguredMax();
}

void ExternallyControlledExecutor::finishAtConfiguredMax()
{
    // control-api.md §2.2: after the executor ends, VUs above the configured maxVUs are discarded
    // and vus-max returns to it (the scenario's and the run's).
    shrinkTo(preAllocatedVus());
    m_maxSetting.store(m_configuredMax);
    m_finished.store(true);
}

void ExternallyControlledExecutor::applyActive(qint64 target)
{
    const qint64 n = qint64(m_vus.size());
    target = std::clamp<qint64>(target, 0, n);
    // Scale down from the top: hard stop, and answer once they have stopped.
    std::vector<Vu *> stopped;
    for (qint64 i = n - 1; i >= target; --i) {
        if (m_vus[size_t(i)]->isActive()) {
            m_vus[size_t(i)]->deactivate(true);
            stopped.push_back(m_vus[size_t(i)]);
        }
    }
    for (Vu *vu : stopped)
        vu->waitIdle();
    for (qint64 i = 0; i < target; ++i)
        if (!m_vus[size_t(i)]->isActive())
            m_vus[size_t(i)]->activate(this);
}

ControlError ExternallyControlledExecutor::resume()
{
    m_pauseSettled.store(false);
    m_paused.store(false);
    applyActive(m_config.scaled(m_vusSetting.load()));
    return {};
}

ControlError ExternallyControlledExecutor::scale(std::optional<qint64> vusArg, std::optional<qint64> maxArg)
{
    qint64 vus = vusArg.value_or(m_vusSetting.load());
    qint64 max = maxArg.value_or(m_maxSetting.load());
    if (const ControlError e = vuChangeError(vus, max); !e.ok())
        return e;
    if (max < m_configuredMax)
        return ControlError::invalidChange(QStringLiteral("the new number of max VUs cannot be lower than the starting number of max VUs (%1)")
                               .arg(m_configuredMax));
    // The settings are test-wide (checked as such above, like k6); this instance applies its
    // execution segment's share of them. Before the start, the VUs to add are those above the
    // pre-allocated ones.
    const qint64 have = m_started.load() ? initializedVus() : preAllocatedVus();
    const qint64 more = m_config.scaled(max) - have;
    if (const QString refused = m_pool.capacityError(more, QStringLiteral("the new number of max VUs (%1)").arg(max));
        !refused.isEmpty())
        return ControlError::invalidChange(refused);
    const qint64 oldVus = m_vusSetting.load();
    const qint64 oldMax = m_maxSetting.load();
    m_vusSetting.store(vus);
    m_maxSetting.store(max);
    if (!m_started.load())
        return {};   // applied at start
    vus = m_config.scaled(vus);
    max = m_config.scaled(max);
    if (max > initializedVus()) {
        if (const QString error = growTo(max); !error.isEmpty()) {
            m_vusSetting.store(oldVus);   // nothing changed: the status stays what it was
            m_maxSetting.store(oldMax);
            return ControlError::invalidChange(error);
        }
    } else if (max < initializedVus()) {
        // The bounds keep these slots idle: their VUs are destroyed.
        applyActive(std::min(vus, max));
        shrinkTo(max);
    }
    if (!m_paused.load())
        applyActive(vus);
    return {};
}

QString ExternallyControlledExecutor::growTo(qint64 max)
{
    VuPool::Growth g = m_pool.grow(max - initializedVus());
    if (!g.ok) {
        m_pool.release(g.vus);   // all or nothing
        return g.error;
    }
    QMutexLocker lock(&m_vusMutex);
    m_vus.insert(m_vus.end(), g.vus.begin(), g.vus.end());
    return {};
}

void ExternallyControlledExecutor::shrinkTo(qint64 max)
{
    std::vector<Vu *> gone;
    {
        QMutexLocker lock(&m_vusMutex);
        if (qint64(m_vus.size()) <= max)
            return;
        gone.assign(m_vus.begin() + max, m_vus.end());
        m_vus.resize(size_t(max));
    }
    m_pool.release(gone);
}

ControlError ExternallyControlledExecutor::backToSchedule()
{
    return ControlError::invalidChange(QStringLiteral("externally-controlled executor '%1' has no schedule to return to").arg(name()));
}

qint64 ExternallyControlledExecutor::activeVus() const
{
    return m_paused.load() ? 0 : Executor::activeVus();
}

} // namespace throttle
