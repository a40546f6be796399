#include "core/exec/executor.h"

#include <algorithm>

#include "core/metrics/metricsengine.h"
#include "core/script/logsink.h"
#include "core/script/vunative.h"

namespace throttle {

Executor::Executor(const ScenarioConfig &config, VuPool &pool, IterationCounters &counters,
                   ExecutorServices services)
    : m_config(config), m_pool(pool), m_counters(counters), m_services(std::move(services))
{
    if (m_services.metrics) {
        TagList tags = m_services.runTags;
        tags.append({QStringLiteral("scenario"), config.name});
        m_droppedTags = m_services.metrics->intern(tags);
    }
    setIterationStripe(config.iterationTuple());
    m_binding.name = config.name;
    m_binding.executor = config.executorName();
    m_binding.exec = config.execFunction();
    m_binding.env = config.env;
    for (auto it = config.tags.cbegin(); it != config.tags.cend(); ++it)
        m_binding.tags.append({it.key(), it.value()});
}

Sample Executor::droppedSample(qint64 count) const
{
    return Sample{builtin::DroppedIterations, m_droppedTags, double(count), nowNs()};
}

void Executor::emitDropped(qint64 count) const
{
    if (count > 0)
        emitSamples({droppedSample(count)});
}

void Executor::emitSamples(std::vector<Sample> &&batch) const
{
    if (m_services.metrics && !batch.empty())
        m_services.metrics->ingest(std::move(batch));
}

void Executor::logWarning(const QString &message) const
{
    if (m_services.log)
        m_services.log->log(LogLevel::Warning, message,
                            {{QStringLiteral("executor"), m_config.executorName()},
                             {QStringLiteral("scenario"), m_config.name}});
}

void Executor::abort()
{
    m_accepting.store(false);
    deactivateAll(true);
    waitAllIdle();
    m_finished.store(true);
}

ControlError Executor::scale(std::optional<qint64>, std::optional<qint64>)
{
    return ControlError::notConfigured(QStringLiteral("an externally-controlled executor needs to be configured for live configuration updates"));
}

ControlError Executor::vuChangeError(qint64 vus, qint64 max) const
{
    if (m_finished.load())
        return ControlError::invalidChange(QStringLiteral("the test run has already finished"));
    QStringList problems;
    if (vus < 0)
        problems << QStringLiteral("the number of VUs can't be negative");
    if (vus > max)
        problems << QStringLiteral("the number of active VUs (%1) must be less than or equal to the number of maxVUs (%2)")
                        .arg(vus).arg(max);
    if (!problems.isEmpty())
        return ControlError::invalidChange(QStringLiteral("invalid configuration supplied: ") + problems.join(QStringLiteral(", ")));
    return {};
}

void Executor::beginPause()
{
    m_pauseSettled.store(false, std::memory_order_release);
    m_paused.store(true, std::memory_order_release);
    deactivateAll(false);   // in-flight iterations finish (no timeout); LocalRun waits for them
}

void Executor::pauseTookEffect()
{
    m_pauseSettled.store(true, std::memory_order_release);
}

ControlError Executor::resume()
{
    m_pauseSettled.store(false, std::memory_order_release);
    m_paused.store(false, std::memory_order_release);
    if (m_started.load() && !m_finished.load() && m_accepting.load())
        resumeVus();
    return {};
}

ControlError Executor::setManualVus(qint64)
{
    return unsupported(QStringLiteral("live VU changes"));
}

ControlError Executor::setManualRate(qint64)
{
    return unsupported(QStringLiteral("live rate changes"));
}

ControlError Executor::holdManual()
{
    return unsupported(QStringLiteral("a manual mode"));
}

ControlError Executor::backToSchedule()
{
    return {};   // always on its schedule
}

void Executor::setVus(std::vector<Vu *> vus)
{
    QMutexLocker lock(&m_vusMutex);
    m_vus = std::move(vus);
}

qint64 Executor::initializedVus() const
{
    QMutexLocker lock(&m_vusMutex);
    return qint64(m_vus.size());
}

qint64 Executor::activeVus() const
{
    QMutexLocker lock(&m_vusMutex);
    qint64 n = 0;
    for (Vu *vu : m_vus)
        n += vu->isActive() ? 1 : 0;
    return n;
}

bool Executor::acquireIteration(Vu &)
{
    return mayStart();
}

double Executor::progress() const
{
    if (finished())
        return 1.0;
    if (!started())
        return 0.0;
    qint64 total = 0;
    double done = 0;
    switch (m_config.executor) {
    case ScenarioConfig::Executor::SharedIterations:
        total = m_config.segmentIterations();
        done = double(m_done.load(std::memory_order_relaxed));
        break;
    case ScenarioConfig::Executor::PerVUIterations:
        total = m_config.segmentIterations() * m_config.segmentVUs();
        done = double(m_done.load(std::memory_order_relaxed));
        break;
    case ScenarioConfig::Executor::RampingVUs:
    case ScenarioConfig::Executor::RampingArrivalRate:
        total = m_config.stagesDurationMs();
        done = double(m_elapsedMs.load(std::memory_order_acquire));
        break;
    default:   // constant-vus, constant-arrival-rate, externally-controlled
        total = m_config.durationMs.value_or(0);
        done = double(m_elapsedMs.load(std::memory_order_acquire));
        break;
    }
    return total > 0 ? std::clamp(done / double(total), 0.0, 1.0) : 0.0;
}

void Executor::iterationDone(Vu &, IterationOutcome outcome)
{
    m_done.fetch_add(1, std::memory_order_relaxed);
    if (outcome == IterationOutcome::Completed)
        m_counters.completed.fetch_add(1, std::memory_order_relaxed);
    else
        m_counters.interrupted.fetch_add(1, std::memory_order_relaxed);
}

std::vector<Vu *> Executor::vusCopy() const
{
    QMutexLocker lock(&m_vusMutex);
    return m_vus;
}

void Executor::deactivateAll(bool hard)
{
    // A hard stop also cuts an iteration a soft deactivation is letting finish (vu.h).
    for (Vu *vu : vusCopy())
        vu->deactivate(hard);
}

void Executor::activateAll()
{
    QMutexLocker lock(&m_vusMutex);
    for (Vu *vu : m_vus)
        vu->activate(this);
}

bool Executor::inGracePeriod(qint64 elapsedMs)
{
    if (m_graceStartMs < 0)
        m_graceStartMs = elapsedMs;
    return elapsedMs - m_graceStartMs < m_config.gracefulStop();
}

bool Executor::finishAfterGracefulStop(qint64 elapsedMs)
{
    if (m_graceStartMs < 0) {
        m_accepting.store(false);
        deactivateAll(false);
    }
    if (inGracePeriod(elapsedMs) && anyRunning())
        return false;
    deactivateAll(true);
    waitAllIdle();
    m_finished.store(true);
    return true;
}

bool Executor::anyRunning() const
{
    for (Vu *vu : vusCopy())
        if (vu->state() == Vu::State::Running)
            return true;
    return false;
}

void Executor::waitAllIdle()
{
    for (Vu *vu : vusCopy())
        vu->waitIdle();
}

} // namespace throttle
