#include "ui/runcontroller.h"

#include "core/exitcodes.h"
#include "core/exec/localrun.h"
#include "core/history/historypath.h"
#include "core/script/duration.h"
#include "ui/attachstatus.h"
#include "ui/runsession.h"
#include "ui/scenariotext.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QUrl>
#include <algorithm>

Q_LOGGING_CATEGORY(lcUi, "throttle.ui")

namespace throttle {

using Err = ErrorReport::Source;

namespace {
constexpr int kRefreshMs = 250;     // 4 Hz: status, snapshot, charts, console
constexpr int kPrepareTickMs = 100;  // "Preparing script… 1.2 s" counts in tenths
}

RunController::RunController(QObject *parent) : QObject(parent)
{
    const QProcessEnvironment sys = QProcessEnvironment::systemEnvironment();
    for (const QString &k : sys.keys())
        m_env.insert(k, sys.value(k));
    m_apiAddress = m_env.value(QStringLiteral("THROTTLE_ADDRESS"),
                               m_env.value(QStringLiteral("K6_ADDRESS"), QStringLiteral("localhost:6565")));
    m_historyPath = HistoryPath::resolve(QString(), false);   // THROTTLE_HISTORY, THROTTLE_NO_HISTORY
    m_poll.setInterval(kRefreshMs);
    connect(&m_poll, &QTimer::timeout, this, &RunController::refresh);
    connect(&m_steering, &SteeringController::targetsChanged, this, &RunController::targetsChanged);
    connect(&m_steering, &SteeringController::busyChanged, this, &RunController::busyChanged);
    connect(&m_steering, &SteeringController::answered, this, &RunController::onControlAnswered);
    connect(&m_script, &ScriptDocument::changedOnDiskChanged, this, &RunController::statusChanged);
    connect(&m_preparer, &SessionPreparer::finished, this, &RunController::onPrepared);
    m_prepareTick.setInterval(kPrepareTickMs);
    connect(&m_prepareTick, &QTimer::timeout, this, &RunController::preparingChanged);
    // New run settings take effect at once on a script that is not running (prepared anew: the
    // overrides change its scenarios); a running test gets them at its next Start.
    connect(&m_launch, &LaunchSettings::applied, this, [this] {
        if (m_script.isLoaded() && !attached() && (!sessionStarted() || m_finished))
            prepareSession();
    });
}

RunController::~RunController()
{
    m_preparer.cancel();
    m_apiServer.reset();
    if (sessionStarted() && !m_session->run().isFinished())
        m_session->run().stop();
    m_steering.waitForDone();
}

LocalRun *RunController::localRun() const
{
    return m_session ? &m_session->run() : nullptr;
}

RunControl *RunController::control() const
{
    if (m_attached.control)
        return m_attached.control.get();
    return localRun();
}

const RunView *RunController::view() const
{
    if (m_attached.control)
        return m_attached.view;
    return m_localView.get();
}

bool RunController::sessionStarted() const
{
    return m_session && m_session->started();
}

// ---- script -------------------------------------------------------------------------------

bool RunController::openScript(const QString &pathOrUrl)
{
    m_startWhenPrepared = false;   // a Start queued for the previous script does not carry over
    const QUrl url(pathOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
    if (m_session && m_session->started() && !m_finished) {
        setError(Err::Script, QStringLiteral("Cannot open"), QStringLiteral("stop the running test first"));
        return false;
    }
    QString error;
    if (!m_script.load(path, &error)) {
        setError(Err::Script, QStringLiteral("Cannot open script"), error);
        return false;
    }
    m_recent.add(m_script.path());
    m_launch.setScript(m_script.path());
    return prepareSession();
}

bool RunController::reload()
{
    if (!m_script.isLoaded())
        return false;
    return openScript(m_script.path());
}

// The window lets go of its run (local or attached): no call on its way, no slider move left.
void RunController::dropRun()
{
    m_steering.setControl(nullptr);
    dropAttached();
    m_apiServer.reset();
    m_localView.reset();
    m_session.reset();
    clearError();
    m_finished = false;
    m_prepareFailed = false;
    m_exitCode = 0;
    m_status = RunStatus();
    m_caps = SteeringCapabilities::from({});
}

bool RunController::prepareSession()
{
    dropRun();
    m_preparer.prepare(m_script.path(), m_launch.env(m_env), &m_log, m_launch.overrides());   // cancels one still running
    m_prepareTick.start();
    resetLiveViews();
    emit preparingChanged();
    emit sessionChanged();
    emit statusChanged();
    return true;
}

void RunController::onPrepared()
{
    m_prepareTick.stop();
    const std::unique_ptr<SessionPreparer::Result> r = m_preparer.take();
    if (!r)
        return;
    m_session = std::move(r->session);
    for (const QString &w : std::as_const(r->warnings))
        m_log.log(LogLevel::Warning, w);
    m_prepareFailed = !m_session;
    if (!m_session) {
        m_exitCode = r->exitCode;
        m_log.log(LogLevel::Error, r->error);
        setError(Err::Script, QStringLiteral("Script error (exit code %1)").arg(r->exitCode), r->error);
        m_scenarios.setScenarios({});
        m_live.thresholds().setThresholds({});
        m_scalable = false;
        m_durationSec = 0;
    } else {
        showPrepared(m_session->options());
    }
    restartApiServer();
    m_live.drainLog();
    emit preparingChanged();
    emit sessionChanged();
    emit targetsChanged();
    emit statusChanged();
    if (std::exchange(m_startWhenPrepared, false) && m_session)
        start();
}

// A prepared script: its scenarios and thresholds, the slider's starting values, the run's length.
void RunController::showPrepared(const Options &o)
{
    m_localView = std::make_unique<LocalRunView>(m_session->prepared());
    m_scenarios.setScenarios(o.scenarios);
    m_live.thresholds().setThresholds(o.thresholds);
    SummaryOptions table;
    if (!o.summaryTrendStats.isEmpty())
        table.trendStats = o.summaryTrendStats;
    table.timeUnit = o.summaryTimeUnit;
    m_live.setTableOptions(table);
    m_scalable = false;
    qint64 vus = 0, maxVus = 0;
    for (const ScenarioConfig &sc : o.scenarios) {
        if (sc.executor == ScenarioConfig::Executor::ExternallyControlled && !m_scalable) {
            m_scalable = true;
            vus = sc.vusOrDefault();
            maxVus = sc.maxVUsSetting();
        }
    }
    if (!m_scalable)
        for (const ScenarioConfig &sc : o.scenarios) {
            vus += ScenarioText::startVus(sc);
            maxVus += sc.maxVUs();
        }
    m_steering.setControl(&m_session->run());
    m_steering.resetTargets(int(vus), int(maxVus), m_scalable);
    m_configuredMaxVus = int(maxVus);
    // The scheduled length, graceful stop excluded: an 8 s test reads "/ 8s", not "/ 38s".
    m_durationSec = double(ScenarioText::scheduledMs(m_session->run().scenarios())) / 1000.0;
    connect(&m_session->run(), &RunControl::statusChanged, this,
            [this] { if (m_session) updateStatus(m_session->run().status()); }, Qt::QueuedConnection);
    connect(&m_session->run(), &LocalRun::finished, this, &RunController::onFinished, Qt::QueuedConnection);
    updateStatus(m_session->run().status());   // the scenarios' capabilities, before the start
    m_vuMemory.setBaseline(VuMemoryEstimate::residentBytes());   // no VU exists yet
}

QString RunController::preparingText() const
{
    if (!m_preparer.busy())
        return QString();
    return tr("Preparing script… %1 s").arg(double(m_preparer.elapsedMs()) / 1000.0, 0, 'f', 1);
}

void RunController::resetLiveViews()
{
    m_live.reset(attached());
    emit progressChanged();
}

// ---- steering (SteeringController, through RunControl only) ---------------------------------

void RunController::start()
{
    if (!m_script.isLoaded() || attached())
        return;
    if (m_preparer.busy()) {
        m_startWhenPrepared = true;   // starts as soon as the script is ready
        return;
    }
    if (!m_session || m_session->started() || m_script.changedOnDisk()) {
        if (sessionStarted() && !m_finished)
            return;   // already running
        m_startWhenPrepared = m_script.changedOnDisk() ? reload() : prepareSession();
        return;
    }
    m_live.console().clear();
    resetLiveViews();
    resolveError(Err::Run);
    m_live.setSeconds(&m_session->seconds(), QDateTime::currentSecsSinceEpoch());
    QString historyError;
    m_session->start(m_historyPath, &historyError);
    if (!historyError.isEmpty())
        m_log.log(LogLevel::Warning, QStringLiteral("the run is not recorded in the run history (%1): %2")
                                         .arg(m_historyPath, historyError));
    m_poll.start();
    updateStatus(m_session->run().status());
}

void RunController::onControlAnswered(const ControlError &e)
{
    if (e.ok())
        resolveError(Err::Control);
    else
        setError(Err::Control, e.title, e.detail);
    if (RunControl *rc = control())
        updateStatus(rc->status());
}

void RunController::pause()
{
    m_steering.pause();
}

void RunController::resume()
{
    m_steering.resume();
}

void RunController::togglePause()
{
    if (m_status.paused)
        resume();
    else
        pause();
}

void RunController::stop()
{
    if (m_preparer.busy()) {   // Stop while preparing: abandon the preparation
        m_preparer.cancel();
        m_prepareTick.stop();
        m_startWhenPrepared = false;
        emit preparingChanged();
        emit statusChanged();
        return;
    }
    if (canStop())
        m_steering.stop(QStringLiteral("test run stopped from the desktop app"));
}

void RunController::requestVus(int vus)
{
    m_steering.requestVus(vus);
}

void RunController::requestMaxVus(int vusMax)
{
    m_steering.requestMaxVus(vusMax);
}

void RunController::requestRate(int rate)
{
    m_steering.requestRate(rate);
}

void RunController::returnToSchedule()
{
    m_steering.returnToSchedule();
}

void RunController::clearError()
{
    if (m_error.clearAll())
        emit errorChanged();
}

void RunController::resolveError(ErrorReport::Source source)
{
    if (m_error.clear(source))
        emit errorChanged();
}

void RunController::setError(ErrorReport::Source source, const QString &title, const QString &detail)
{
    qCDebug(lcUi) << title << detail;
    if (m_error.set(source, title, detail))
        emit errorChanged();
}

// ---- watching (LiveViews, through RunView only) ---------------------------------------------

void RunController::refresh()
{
    const RunView *v = view();
    if (!v)
        return;
    if (attached())
        applyAttachedStatus();   // the connection's state, too
    else
        updateStatus(v->status());
    m_live.refresh(*v, m_status, m_finished);
    if (!attached())
        m_vuMemory.observe(VuMemoryEstimate::residentBytes(), m_status.vusMax);
    emit progressChanged();
}

void RunController::updateStatus(const RunStatus &s)
{
    const bool changed = s.status != m_status.status || s.paused != m_status.paused || s.vus != m_status.vus
                         || s.vusMax != m_status.vusMax || s.stopped != m_status.stopped
                         || s.running != m_status.running || s.tainted != m_status.tainted
                         || s.scenarios != m_status.scenarios;
    m_status = s;
    m_caps = SteeringCapabilities::from(s.scenarios);
    m_steering.observe(s);
    if (changed)
        emit statusChanged();
}

void RunController::setHistoryPath(const QString &path)
{
    if (path == m_historyPath)
        return;
    m_historyPath = path;
    emit historyPathChanged();
}

void RunController::onFinished(int exitCode)
{
    if (m_session && m_session->run().isFinished())
        m_session->finishHistory(exitCode);
    m_finished = true;
    m_exitCode = exitCode;
    refresh();
    m_poll.stop();
    m_live.finish();
    emit progressChanged();   // requestsPerSec's notifier: the header reads the 0
    if (exitCode != exitcodes::Success && exitCode != exitcodes::ScriptStoppedFromRESTAPI) {
        const QString reason = exitcodes::reason(exitCode);
        setError(Err::Run, QStringLiteral("Run ended with exit code %1").arg(exitCode),
                 reason.isEmpty() ? m_live.console().lastError() : reason);
    }
    emit statusChanged();
    emit runFinished(exitCode);
}

// ---- derived properties (RunState's tables) ---------------------------------------------------

RunState::State RunController::runState() const
{
    RunState::Inputs in;
    in.attached = attached();
    in.remoteEnded = m_attachStatusKind == QLatin1String("ended");   // `throttle run` closes its API when it ends
    in.connected = m_attachConnected;
    in.connectFailed = m_attachFailed;
    in.scriptLoaded = m_script.isLoaded();
    in.preparing = m_preparer.busy();
    in.prepareFailed = m_prepareFailed;
    in.started = sessionStarted();
    in.finished = m_finished;
    in.stopped = m_status.stopped;
    in.paused = m_status.paused;
    in.beforeRunning = m_status.status < int(ExecStatus::Running);
    return RunState::derive(in);
}

bool RunController::canStart() const
{
    return RunState::allows(runState(), RunState::Action::Start, attached());
}

bool RunController::canPause() const
{
    return RunState::allows(runState(), RunState::Action::Pause, attached());
}

bool RunController::canResume() const
{
    return RunState::allows(runState(), RunState::Action::Resume, attached());
}

bool RunController::canStop() const
{
    return RunState::allows(runState(), RunState::Action::Stop, attached());
}

int RunController::sliderMax() const
{
    return std::max({targetVusMax(), int(m_status.vusMax), m_configuredMaxVus, 1});
}

double RunController::progress() const
{
    // A stopped run keeps the share it reached (a stop at 59.8 s of 10 min is not 100 %). No known
    // length (attached: the k6 API has none; until stopped): 0, and progressKnown is false.
    if (!progressKnown())
        return 0.0;
    return std::clamp(elapsedSec() / m_durationSec, 0.0, 1.0);
}

QString RunController::elapsedText() const
{
    return QString::number(elapsedSec(), 'f', 1) + QLatin1Char('s');
}

QString RunController::durationText() const
{
    if (attached())
        return QStringLiteral("length not exposed by the REST API");
    if (!m_session)
        return QStringLiteral("-");
    return m_durationSec > 0 ? Duration::format(qint64(m_durationSec * 1000)) : QStringLiteral("∞");
}

void RunController::setRefreshIntervalMs(int ms)
{
    if (ms == m_poll.interval() || ms <= 0)
        return;
    m_poll.setInterval(ms);
    emit refreshIntervalMsChanged();
}

} // namespace throttle
