#pragma once
// SteeringController: the window's steering — pause, resume, stop, the VU slider, the max-VUs
// field, the live rate and "back to schedule" — through RunControl and nothing else, so it steers a
// local run and an attached one alike. Blocking calls run on ControlExecutors (stop on its own, so it
// never queues behind a pause waiting for iterations); answers come back on the GUI thread.
//
// The slider's value lives here only: targetVus() is what the slider shows. The person writes it
// (requestVus: shown at once, sent after a 150 ms debounce; drags coalesce into one scale() that
// reads the newest value when it runs); the run writes it back through observe() when TargetFollow
// says the slider follows the run (a REST client or `throttle scale` may change it too), which it
// does not while a change of the person's is pending or for 1.5 s after one. Lives on the GUI thread.

#include "core/exec/runcontrol.h"
#include "core/exec/controlexecutor.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <functional>
#include <optional>

namespace throttle {

class SteeringController : public QObject
{
    Q_OBJECT
public:
    explicit SteeringController(QObject *parent = nullptr);
    ~SteeringController() override;   // waits for the calls on their way

    // The run to steer (nullptr: none). Waits for the calls still on their way and drops a slider
    // move meant for the previous run.
    void setControl(RunControl *control);
    RunControl *control() const { return m_control; }
    // A new run's starting values; followVusMax: the max-VUs field follows the run as well.
    void resetTargets(int vus, int vusMax, bool followVusMax);
    void observe(const RunStatus &status);   // the run's status, as the window reads it

    void pause();
    void resume();
    void stop(const QString &note);
    void requestVus(int vus);
    void requestMaxVus(int vusMax);
    void requestRate(int rate);
    void returnToSchedule();
    void waitForDone();

    int targetVus() const { return m_targetVus; }
    int targetVusMax() const { return m_targetVusMax; }
    bool busy() const { return m_busy > 0; }

signals:
    void targetsChanged();
    void busyChanged();
    void answered(const ControlError &error);   // after every call, stop included (GUI thread)

private:
    void post(std::function<ControlError(RunControl *)> op);
    void onAnswer(const ControlError &e);
    void requestTarget(int *target, std::optional<qint64> *pending, int value);
    void flushScale();
    void dropPendingScale();
    void follow();

    RunControl *m_control = nullptr;
    RunStatus m_status;
    bool m_followVusMax = false;
    int m_targetVus = 0;
    int m_targetVusMax = 0;
    int m_busy = 0;
    QElapsedTimer m_sinceUserChange;
    QTimer m_debounce;
    QMutex m_scaleMutex;                    // guards the pending scale values
    std::optional<qint64> m_pendingVus;
    std::optional<qint64> m_pendingVusMax;
    std::atomic<bool> m_scaleQueued{false};
    ControlExecutor m_worker;               // last: destroyed (and drained) first
    ControlExecutor m_stopWorker;           // stop() must not queue behind a blocked pause()
};

} // namespace throttle
