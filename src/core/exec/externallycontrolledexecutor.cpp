#include "core/exec/externallycontrolledexecutor.h"

#include "core/exec/vupool.h"

namespace throttle {

ExternallyControlledExecutor::ExternallyControlledExecutor(const ScenarioConfig &config, VuPool &pool,
                                                           IterationCounters &counters)
    : Executor(config, pool, counters), m_configuredMax(config.maxVUsSetting()),
      m_vusSetting(config.vus.value_or(0)), m_maxSetting(config.maxVUsSetting())
{
}

int ExternallyControlledExecutor::preAllocatedVus() const
{
    return int(m_config.scaled(m_configuredMax));
}

void ExternallyControlledExecutor::start(std::vector<Vu *> vus, bool paused)
{
    setVus(std::move(vus));
    // vus-max raised before the start: initialise the extra VUs first (control-api.md §3.4).
    const qint64 wantMax = m_config.scaled(m_maxSetting.load());
    if (qint64(m_vus.size()) < wantMax)
        growTo(wantMax);
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
    m_finished.store(true);
    return true;
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

ControlError ExternallyControlledExecutor::pause()
{
    m_paused.store(true);
    deactivateAll(false);
    waitAllIdle();   // the answer waits for in-flight iterations, with no timeout
    return {};
}

ControlError ExternallyControlledExecutor::resume()
{
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
        return {400, QStringLiteral("Config update error"),
                QStringLiteral("the new number of max VUs cannot be lower than the starting number of max VUs (%1)")
                    .arg(m_configuredMax)};
    m_vusSetting.store(vus);
    m_maxSetting.store(max);
    if (!m_started.load())
        return {};   // applied at start
    // The settings are test-wide (checked as such above, like k6); this instance applies its
    // execution segment's share of them.
    vus = m_config.scaled(vus);
    max = m_config.scaled(max);
    if (max > qint64(m_vus.size())) {
        growTo(max);
    } else if (max < qint64(m_vus.size())) {
        // The bounds keep these slots idle; they stay initialised in the pool (its VUs are shared
        // by index), and leave this scenario's slot list.
        applyActive(std::min(vus, max));
        QMutexLocker lock(&m_vusMutex);
        m_vus.resize(size_t(max));
    }
    if (!m_paused.load())
        applyActive(vus);
    return {};
}

void ExternallyControlledExecutor::growTo(qint64 max)
{
    const int first = m_pool.size();
    QString error;
    if (!m_pool.grow(int(max - qint64(m_vus.size())), &error))
        qWarning("could not initialise more VUs: %s", qPrintable(error));
    QMutexLocker lock(&m_vusMutex);
    for (int i = first; i < m_pool.size(); ++i)
        m_vus.push_back(&m_pool.at(i));
}

ControlError ExternallyControlledExecutor::backToSchedule()
{
    return {400, QStringLiteral("Config update error"),
            QStringLiteral("externally-controlled executor '%1' has no schedule to return to").arg(name())};
}

qint64 ExternallyControlledExecutor::activeVus() const
{
    return m_paused.load() ? 0 : Executor::activeVus();
}

} // namespace throttle
