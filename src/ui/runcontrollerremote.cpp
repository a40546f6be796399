// RunController's other doors: the REST API it serves for its own run, and attached mode (a run in
// another process, read and steered through the AttachedRun the app builds). Split from
// runcontroller.cpp to keep each file readable; the class is described in runcontroller.h.

#include "ui/runcontroller.h"

#include "ui/attachstatus.h"
#include "ui/runsession.h"

namespace throttle {

using Err = ErrorReport::Source;

// ---- the REST API of this window's run --------------------------------------------------------

void RunController::setApiServerFactory(ApiServerFactory factory)
{
    m_apiFactory = std::move(factory);
    restartApiServer();
}

void RunController::setApiAddress(const QString &address)
{
    if (address == m_apiAddress)
        return;
    m_apiAddress = address.trimmed();
    restartApiServer();
}

// The server belongs to the current session's run; a new session gets a new server.
void RunController::restartApiServer()
{
    m_apiServer.reset();
    m_apiPort = 0;
    if (!m_apiFactory)
        m_apiStatus = QStringLiteral("REST API not available");
    else if (m_apiAddress.isEmpty()) {
        m_apiStatus = QStringLiteral("REST API off");
        resolveError(Err::Api);
    }
    else if (!m_session)
        m_apiStatus = QStringLiteral("REST API starts with a script");
    else {
        QString error;
        quint16 port = 0;
        m_apiServer = m_apiFactory(m_session->prepared(), m_apiAddress, &error, &port);
        if (m_apiServer) {
            resolveError(Err::Api);
            m_apiPort = port;
            const qsizetype colon = m_apiAddress.lastIndexOf(QLatin1Char(':'));
            m_apiStatus = QStringLiteral("REST API on %1:%2").arg(m_apiAddress.left(colon)).arg(port);
        } else {
            m_apiStatus = QStringLiteral("REST API: ") + error;
            m_log.log(LogLevel::Warning, QStringLiteral("Error from API server"), {{QStringLiteral("error"), error}});
            setError(Err::Api, QStringLiteral("Error from API server"), error);
        }
    }
    emit apiChanged();
}

// ---- attached mode ---------------------------------------------------------------------------

void RunController::setAttachFactory(AttachFactory factory)
{
    m_attachFactory = std::move(factory);
    emit attachChanged();
}

bool RunController::attach(const QString &address)
{
    const QString addr = address.trimmed();
    if (!m_attachFactory || addr.isEmpty()) {
        setError(Err::Attach, QStringLiteral("Cannot attach"), m_attachFactory ? QStringLiteral("enter the host:port of the run's REST API")
                                                                  : QStringLiteral("attaching is not available"));
        return false;
    }
    if (!attached() && m_session && m_session->started() && !m_finished) {
        setError(Err::Attach, QStringLiteral("Cannot attach"), QStringLiteral("stop the running test first"));
        return false;
    }
    m_poll.stop();
    m_preparer.cancel();   // a local script still being prepared is not wanted any more
    m_prepareTick.stop();
    m_startWhenPrepared = false;
    dropRun();             // this window's API served its local run; an attached run has its own
    m_attached = m_attachFactory(addr);
    m_steering.setControl(m_attached.control.get());
    m_attachAddress = addr;
    m_attachEverConnected = false;
    m_vuMemory.reset();   // the remote machine's VUs: the benchmark's figure
    connect(m_attached.control.get(), &RunControl::statusChanged, this, &RunController::applyAttachedStatus,
            Qt::QueuedConnection);
    m_scenarios.setScenarios({});
    m_live.thresholds().setThresholds({});
    m_scalable = true;   // max VUs follows the remote run (its scenarios' capabilities enable the field)
    m_steering.resetTargets(0, 0, m_scalable);
    m_configuredMaxVus = 0;
    m_durationSec = 0;
    resetLiveViews();
    restartApiServer();
    updateAttachStatus();
    m_poll.start();
    emit sessionChanged();
    emit targetsChanged();
    emit statusChanged();
    return true;
}

void RunController::detach()
{
    if (!attached())
        return;
    m_poll.stop();
    m_steering.setControl(nullptr);
    dropAttached();
    m_finished = false;
    m_status = RunStatus();
    m_caps = SteeringCapabilities::from({});
    resetLiveViews();
    if (m_script.isLoaded())
        prepareSession();
    emit sessionChanged();
    emit statusChanged();
}

void RunController::dropAttached()
{
    if (!attached())
        return;
    m_poll.stop();
    m_attached = AttachedRun();
    m_attachAddress.clear();
    updateAttachStatus();
}

void RunController::applyAttachedStatus()
{
    if (!attached())
        return;
    const RunStatus s = m_attached.control->status();
    m_configuredMaxVus = std::max(m_configuredMaxVus, int(s.vusMax));
    updateAttachStatus();
    const bool finished = m_attachConnected && s.status >= int(ExecStatus::Ended);
    const bool finishedChanged = finished != m_finished;
    m_finished = finished;
    updateStatus(s);
    m_scenarios.setRemoteScenarios(m_status.scenarios);
    if (finishedChanged)
        emit statusChanged();
}

void RunController::updateAttachStatus()
{
    const bool connected = attached() && m_attached.view->connected();
    const QString error = attached() && !connected ? m_attached.view->lastError() : QString();
    // A run that answered before and now refuses has ended (its process no longer listens), whether
    // or not a poll caught status 9/10 in the few ms `throttle run` shows them.
    m_attachEverConnected = m_attachEverConnected || connected;
    const bool over = m_attachEverConnected || m_status.stopped || m_status.status >= int(ExecStatus::Ended);
    const AttachStatus status = attached() ? AttachStatus::describe(m_attachAddress, connected, error, over) : AttachStatus();
    const QString &text = status.text;
    const bool stateChange = connected != m_attachConnected || !error.isEmpty() != m_attachFailed;
    if (connected)
        resolveError(Err::Attach);
    m_attachConnected = connected;
    m_attachFailed = !error.isEmpty();
    if (text != m_attachStatus || status.kind != m_attachStatusKind) {
        m_attachStatus = text;
        m_attachStatusKind = status.kind;
        emit attachChanged();
    }
    if (stateChange)
        emit statusChanged();   // state() and the can* properties read the connection
}

} // namespace throttle
