#include "ui/steeringcontroller.h"

#include "core/exec/steeringsource.h"

#include "ui/targetfollow.h"

namespace throttle {

namespace {
constexpr int kDebounceMs = 150;      // slider drags coalesce into one scale()
constexpr int kFollowAfterMs = 1500;  // after a local change, wait before following the run
}

SteeringController::SteeringController(QObject *parent) : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &SteeringController::flushScale);
    m_sinceUserChange.start();
}

SteeringController::~SteeringController()
{
    waitForDone();
}

void SteeringController::waitForDone()
{
    m_stopWorker.waitForDone();
    m_worker.waitForDone();
}

void SteeringController::setControl(RunControl *control)
{
    waitForDone();
    dropPendingScale();
    m_control = control;
    m_status = RunStatus();
}

void SteeringController::resetTargets(int vus, int vusMax, bool followVusMax)
{
    m_followVusMax = followVusMax;
    m_sinceUserChange.invalidate();
    if (vus == m_targetVus && vusMax == m_targetVusMax)
        return;
    m_targetVus = vus;
    m_targetVusMax = vusMax;
    emit targetsChanged();
}

void SteeringController::observe(const RunStatus &status)
{
    m_status = status;
    follow();
}

// The slider and the max-VUs field follow the run (a REST client may scale it too), except
// right after a local change or while one is on its way.
void SteeringController::follow()
{
    const bool pending = m_busy > 0 || m_debounce.isActive()
                         || (m_sinceUserChange.isValid() && m_sinceUserChange.elapsed() < kFollowAfterMs);
    if (!TargetFollow::follows(m_status, pending))
        return;
    bool changed = false;
    if (m_targetVus != int(m_status.vus)) {
        m_targetVus = int(m_status.vus);
        changed = true;
    }
    if (m_followVusMax && m_targetVusMax != int(m_status.vusMax)) {
        m_targetVusMax = int(m_status.vusMax);
        changed = true;
    }
    if (changed)
        emit targetsChanged();
}

void SteeringController::post(std::function<ControlError(RunControl *)> op)
{
    RunControl *rc = m_control;
    if (!rc)
        return;
    ++m_busy;
    emit busyChanged();
    m_worker.post<ControlError>(
        [op, rc] {
            const SteeringSource::Scope source(SteeringSource::Source::Desktop);   // the steering log
            return op(rc);
        },
        [this](const ControlError &e) { onAnswer(e); });
}

void SteeringController::onAnswer(const ControlError &e)
{
    --m_busy;
    emit busyChanged();
    if (!e.ok())
        m_sinceUserChange.invalidate();   // show the run's real values again
    emit answered(e);
}

void SteeringController::pause()
{
    post([](RunControl *rc) { return rc->pause(); });
}

void SteeringController::resume()
{
    post([](RunControl *rc) { return rc->resume(); });
}

void SteeringController::stop(const QString &note)
{
    RunControl *rc = m_control;
    if (!rc)
        return;
    m_stopWorker.post<ControlError>(
        [rc, note] {
            const SteeringSource::Scope source(SteeringSource::Source::Desktop);
            return rc->stopAsRequested(note);
        },
                                    [this](const ControlError &e) { emit answered(e); });
}

void SteeringController::requestVus(int vus)
{
    requestTarget(&m_targetVus, &m_pendingVus, vus);
}

void SteeringController::requestMaxVus(int vusMax)
{
    requestTarget(&m_targetVusMax, &m_pendingVusMax, vusMax);
}

void SteeringController::requestRate(int rate)
{
    if (rate >= 0)
        post([rate](RunControl *rc) { return rc->setRate(rate); });
}

void SteeringController::returnToSchedule()
{
    post([](RunControl *rc) { return rc->backToSchedule(); });
}

// The slider and the max-VUs field: show the new target at once, send it after the debounce.
void SteeringController::requestTarget(int *target, std::optional<qint64> *pending, int value)
{
    m_sinceUserChange.restart();
    if (value != *target) {
        *target = value;
        emit targetsChanged();
    }
    {
        QMutexLocker lock(&m_scaleMutex);
        *pending = value;
    }
    m_debounce.start();
}

// A slider move meant for the previous script or run is not applied to the next one.
void SteeringController::dropPendingScale()
{
    m_debounce.stop();
    QMutexLocker lock(&m_scaleMutex);
    m_pendingVus.reset();
    m_pendingVusMax.reset();
}

void SteeringController::flushScale()
{
    if (!m_control || m_scaleQueued.exchange(true))
        return;   // the queued call reads the newest values when it runs
    post([this](RunControl *rc) {
        std::optional<qint64> vus, vusMax;
        {
            QMutexLocker lock(&m_scaleMutex);
            vus.swap(m_pendingVus);
            vusMax.swap(m_pendingVusMax);
            m_scaleQueued.store(false);
        }
        if (!vus && !vusMax)
            return ControlError::none();
        return rc->scale(vus, vusMax);
    });
}

} // namespace throttle
