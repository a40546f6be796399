#include "ui/runcontroller.h"

#include "core/exitcodes.h"
#include "core/exec/localrun.h"
#include "core/metrics/metricsengine.h"
#include "core/script/duration.h"
#include "ui/attachstatus.h"
#include "ui/runsession.h"
#include "ui/scenariotext.h"
#include "ui/targetfollow.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QUrl>
#include <algorithm>

Q_LOGGING_CATEGORY(lcUi, "throttle.ui")

namespace throttle {

using Err = ErrorReport::Source;

namespace {
constexpr int kRefreshMs = 250;     // 4 Hz: status, snapshot, charts, console
constexpr int kDebounceMs = 150;    // slider drags coalesce into one scale()
constexpr int kFollowAfterMs = 1500; // after a local change, wait before following the run
constexpr int kPrepareTickMs = 100;  // "Preparing script… 1.2 s" counts in tenths
}

RunController::RunController(QObject *parent) : QObject(parent)
{
    const QProcessEnvironment sys = QProcessEnvironment::systemEnvironment();
    for (const QString &k : sys.keys())
        m_env.insert(k, sys.value(k));
    m_apiAddress = m_env.value(QStringLiteral("THROTTLE_ADDRESS"),
                               m_env.value(QStringLiteral("K6_ADDRESS"), QStringLiteral("localhost:6565")));
    m_poll.setInterval(kRefreshMs);
    connect(&m_poll, &QTimer::timeout, this, &RunController::refresh);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &RunController::flushScale);
    connect(&m_script, &ScriptDocument::changedOnDiskChanged, this, &RunController::statusChanged);
    connect(&m_preparer, &SessionPreparer::finished, this, &RunController::onPrepared);
    m_prepareTick.setInterval(kPrepareTickMs);
    connect(&m_prepareTick, &QTimer::timeout, this, &RunController::preparingChanged);
    m_sinceUserChange.start();
    // New run settings take effect at once on a script that is not running (prepared anew: the
    // overrides change its scenarios); a running test gets them at its next Start.
    connect(&m_launch, &LaunchSettings::applied, this, [this] {
        if (m_script.isLoaded() && !attached() && (!m_session || !m_session->started() || m_finished))
            prepareSession();
    });
}

RunController::~RunController()
{
    m_preparer.cancel();
    m_apiServer.reset();
    if (m_session && m_session->started() && !m_session->run().isFinished())
        m_session->run().stop();
    m_stopWorker.waitForDone();
    m_worker.waitForDone();
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

bool RunController::prepareSession()
{
    m_worker.waitForDone();
    m_stopWorker.waitForDone();
    dropPendingScale();
    dropAttached();
    m_apiServer.reset();
    m_session.reset();
    clearError();
    m_finished = false;
    m_prepareFailed = false;
    m_exitCode = 0;
    m_status = RunStatus();
    m_caps = SteeringCapabilities::from({});
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
        m_thresholds.setThresholds({});
        m_scalable = false;
        m_durationSec = 0;
    } else {
        const Options &o = m_session->options();
        m_scenarios.setScenarios(o.scenarios);
        m_thresholds.setThresholds(o.thresholds);
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
        m_targetVus = int(vus);
        m_targetVusMax = int(maxVus);
        m_configuredMaxVus = int(maxVus);
        // The scheduled length, graceful stop excluded: an 8 s test reads "/ 8s", not "/ 38s".
        m_durationSec = double(ScenarioText::scheduledMs(m_session->run().scenarios())) / 1000.0;
        connect(&m_session->run(), &RunControl::statusChanged, this,
                [this] { if (m_session) updateStatus(m_session->run().status()); }, Qt::QueuedConnection);
        connect(&m_session->run(), &LocalRun::finished, this, &RunController::onFinished, Qt::QueuedConnection);
        updateStatus(m_session->run().status());   // the scenarios' capabilities, before the start
        m_vuMemory.setBaseline(VuMemoryEstimate::residentBytes());   // no VU exists yet
    }
    restartApiServer();
    drainLog();
    emit preparingChanged();
    emit sessionChanged();
    emit targetsChanged();
    emit statusChanged();
    if (std::exchange(m_startWhenPrepared, false) && m_session)
        start();
}

QString RunController::preparingText() const
{
    if (!m_preparer.busy())
        return QString();
    return tr("Preparing script… %1 s").arg(double(m_preparer.elapsedMs()) / 1000.0, 0, 'f', 1);
}

void RunController::resetLiveViews()
{
    m_series.clear();
    m_series.setCumulativePercentiles(attached());
    m_metrics.clear();
    m_checks.clear();
    m_requestsFeed.clear();
    m_elapsedSec = 0;
    m_rps = 0;
    m_totalRequests = m_failedRequests = m_iterations = 0;
    emit progressChanged();
}

// ---- steering -------------------------------------------------------------------------------

void RunController::start()
{
    if (!m_script.isLoaded() || attached())
        return;
    if (m_preparer.busy()) {
        m_startWhenPrepared = true;   // starts as soon as the script is ready
        return;
    }
    if (!m_session || m_session->started() || m_script.changedOnDisk()) {
        if (m_session && m_session->started() && !m_finished)
            return;   // already running
        m_startWhenPrepared = m_script.changedOnDisk() ? reload() : prepareSession();
        return;
    }
    m_console.clear();
    resetLiveViews();
    resolveError(Err::Run);
    m_localFeed.reset(QDateTime::currentSecsSinceEpoch());
    m_session->start();
    m_poll.start();
    updateStatus(m_session->run().status());
}

void RunController::post(std::function<ControlError(RunControl *)> op)
{
    RunControl *rc = control();
    if (!rc)
        return;
    ++m_busy;
    emit busyChanged();
    m_worker.post([op, rc] { return op(rc); }, this, [this](const ControlError &e) { onControlDone(e); });
}

void RunController::onControlDone(const ControlError &e)
{
    --m_busy;
    emit busyChanged();
    if (e.ok())
        resolveError(Err::Control);
    if (!e.ok()) {
        setError(Err::Control, e.title, e.detail);
        m_sinceUserChange.invalidate();   // show the run's real values again
        followRunTargets();
    }
    if (RunControl *rc = control())
        updateStatus(rc->status());
}

void RunController::pause()
{
    post([](RunControl *rc) { return rc->pause(); });
}

void RunController::resume()
{
    post([](RunControl *rc) { return rc->resume(); });
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
    RunControl *rc = control();
    if (!rc || !canStop())
        return;
    m_stopWorker.post([rc] { return rc->stopAsRequested(QStringLiteral("test run stopped from the desktop app")); }, this, [this](const ControlError &e) {
        if (!e.ok())
            setError(Err::Control, e.title, e.detail);
        else
            resolveError(Err::Control);
    });
}

void RunController::requestVus(int vus)
{
    requestTarget(&m_targetVus, &m_pendingVus, vus);
}

void RunController::requestMaxVus(int vusMax)
{
    requestTarget(&m_targetVusMax, &m_pendingVusMax, vusMax);
}

void RunController::requestRate(int rate)
{
    if (!control() || rate < 0)
        return;
    post([rate](RunControl *rc) { return rc->setRate(rate); });
}

void RunController::returnToSchedule()
{
    if (!control())
        return;
    post([](RunControl *rc) { return rc->backToSchedule(); });
}

// The slider and the max-VUs field: show the new target at once, send it after the debounce.
void RunController::requestTarget(int *target, std::optional<qint64> *pending, int value)
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
void RunController::dropPendingScale()
{
    m_debounce.stop();
    QMutexLocker lock(&m_scaleMutex);
    m_pendingVus.reset();
    m_pendingVusMax.reset();
}

void RunController::flushScale()
{
    if (!control() || m_scaleQueued.exchange(true))
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

// ---- watching -------------------------------------------------------------------------------

void RunController::refresh()
{
    if (attached()) {
        refreshAttached();
        return;
    }
    if (!m_session)
        return;
    LocalRun &run = m_session->run();
    updateStatus(run.status());
    m_elapsedSec = run.clock().elapsedSec();
    const MetricsSnapshot snap = m_session->metrics().snapshot();
    m_metrics.update(snap, summaryOptions());
    m_checks.update(snap.rootGroup);
    m_thresholds.update(run.lastEvaluation());
    m_thresholds.observe(snap, m_elapsedSec);
    m_vuMemory.observe(VuMemoryEstimate::residentBytes(), m_status.vusMax);
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_reqs")))
        m_totalRequests = qint64(m->aggregate.count());
    if (const MetricSnapshot *m = snap.find(QStringLiteral("http_req_failed")))
        m_failedRequests = qint64(m->aggregate.passes());
    if (const MetricSnapshot *m = snap.find(QStringLiteral("iterations")))
        m_iterations = qint64(m->aggregate.count());
    drainSeconds(m_finished);
    m_requestsFeed.local(m_session->prepared().requestStats(), m_elapsedSec, m_finished);
    drainLog();
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
    followRunTargets();
    if (changed)
        emit statusChanged();
}

// The slider and the max-VUs field follow the run (a REST client may scale it too), except
// right after a local change or while one is on its way.
void RunController::followRunTargets()
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
    if (m_scalable && m_targetVusMax != int(m_status.vusMax)) {
        m_targetVusMax = int(m_status.vusMax);
        changed = true;
    }
    if (changed)
        emit targetsChanged();
}

void RunController::drainSeconds(bool final)
{
    if (!m_session || !m_session->started())
        return;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (m_status.paused)
        m_localFeed.notePaused(now);
    for (const TimeSeriesRow &row : m_localFeed.drain(m_session->seconds(), now, final))
        m_series.append(row);
    if (const TimeSeriesRow *last = m_series.last(); last && !m_finished)
        m_rps = last->rps;
}

void RunController::drainLog()
{
    qint64 dropped = 0;
    QList<LogLine> lines = m_log.take(&dropped);
    if (dropped > 0)
        lines.prepend(LogLine{QDateTime::currentDateTime(), LogLevel::Warning,
                              QStringLiteral("%1 log lines dropped (too many at once)").arg(dropped), {}});
    m_console.append(lines);
}

void RunController::onFinished(int exitCode)
{
    m_finished = true;
    m_exitCode = exitCode;
    refresh();
    m_poll.stop();
    m_rps = 0;   // nothing runs any more: no last-second rate left standing in the header
    emit progressChanged();   // requestsPerSec's notifier: the header reads the 0
    if (exitCode != exitcodes::Success && exitCode != exitcodes::ScriptStoppedFromRESTAPI) {
        const QString reason = exitcodes::reason(exitCode);
        setError(Err::Run, QStringLiteral("Run ended with exit code %1").arg(exitCode),
                 reason.isEmpty() ? m_console.lastError() : reason);
    }
    emit statusChanged();
    emit runFinished(exitCode);
}

SummaryOptions RunController::summaryOptions() const
{
    SummaryOptions o;
    if (m_session) {
        if (!m_session->options().summaryTrendStats.isEmpty())
            o.trendStats = m_session->options().summaryTrendStats;
        o.timeUnit = m_session->options().summaryTimeUnit;
        o.elapsedSec = m_session->run().clock().elapsedSec();
        o.thresholdOk = m_session->run().lastEvaluation().ok;
    }
    return o;
}

// ---- derived properties ---------------------------------------------------------------------

QString RunController::state() const
{
    if (attached()) {
        if (m_attachStatusKind == QLatin1String("ended"))
            return QStringLiteral("finished");   // `throttle run` closes its API when it ends: that is its end
        if (!m_attachConnected)
            return m_attachFailed ? QStringLiteral("error") : QStringLiteral("starting");
        if (m_finished)
            return QStringLiteral("finished");
        if (m_status.stopped)
            return QStringLiteral("stopping");
        if (m_status.paused)
            return QStringLiteral("paused");
        return m_status.status < int(ExecStatus::Running) ? QStringLiteral("starting") : QStringLiteral("running");
    }
    if (!m_script.isLoaded())
        return QStringLiteral("empty");
    if (m_preparer.busy())
        return QStringLiteral("preparing");
    if (m_prepareFailed)
        return QStringLiteral("error");
    if (!m_session || !m_session->started())
        return QStringLiteral("ready");
    if (m_finished)
        return QStringLiteral("finished");
    if (m_status.stopped)
        return QStringLiteral("stopping");
    if (m_status.paused)
        return QStringLiteral("paused");
    if (m_status.status < int(ExecStatus::Running))
        return QStringLiteral("starting");
    return QStringLiteral("running");
}

bool RunController::canStart() const
{
    return !attached() && m_script.isLoaded() && (!m_session || !m_session->started() || m_finished);
}

// A local session that has started, or an attached run that answers.
static bool live(const RunController &c, bool sessionStarted)
{
    return c.attached() ? c.state() != QLatin1String("error") && c.state() != QLatin1String("finished") : sessionStarted;
}

bool RunController::canPause() const
{
    return live(*this, m_session && m_session->started()) && !m_finished && !m_status.paused && !m_status.stopped;
}

bool RunController::canResume() const
{
    return live(*this, m_session && m_session->started()) && !m_finished && m_status.paused && !m_status.stopped;
}

bool RunController::canStop() const
{
    if (m_preparer.busy())
        return true;   // cancels the preparation
    return live(*this, m_session && m_session->started()) && !m_finished && !m_status.stopped;
}

int RunController::sliderMax() const
{
    return std::max({m_targetVusMax, int(m_status.vusMax), m_configuredMaxVus, 1});
}

double RunController::progress() const
{
    // A stopped run keeps the share it reached (a stop at 59.8 s of 10 min is not 100 %). No known
    // length (attached: the k6 API has none; until stopped): 0, and progressKnown is false.
    if (!progressKnown())
        return 0.0;
    return std::clamp(m_elapsedSec / m_durationSec, 0.0, 1.0);
}

QString RunController::elapsedText() const
{
    return QString::number(m_elapsedSec, 'f', 1) + QLatin1Char('s');
}

QString RunController::durationText() const
{
    if (attached())
        return QStringLiteral("length not exposed by the REST API");
    if (!m_session)
        return QStringLiteral("-");
    return m_durationSec > 0 ? Duration::format(qint64(m_durationSec * 1000)) : QStringLiteral("∞");
}

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
    m_worker.waitForDone();
    m_stopWorker.waitForDone();
    dropPendingScale();
    m_poll.stop();
    dropAttached();
    m_preparer.cancel();   // a local script still being prepared is not wanted any more
    m_prepareTick.stop();
    m_startWhenPrepared = false;
    m_apiServer.reset();   // this window's API served its local run; an attached run has its own
    m_session.reset();
    clearError();
    m_prepareFailed = false;
    m_finished = false;
    m_exitCode = 0;
    m_status = RunStatus();
    m_caps = SteeringCapabilities::from({});
    m_attached = m_attachFactory(addr);
    m_attachAddress = addr;
    m_attachEverConnected = false;
    m_vuMemory.reset();   // the remote machine's VUs: the benchmark's figure
    connect(m_attached.control.get(), &RunControl::statusChanged, this, &RunController::applyAttachedStatus,
            Qt::QueuedConnection);
    m_scenarios.setScenarios({});
    m_thresholds.setThresholds({});
    m_scalable = true;   // max VUs follows the remote run (its scenarios' capabilities enable the field)
    m_targetVus = m_targetVusMax = m_configuredMaxVus = 0;
    m_durationSec = 0;
    m_sinceUserChange.invalidate();
    resetLiveViews();
    m_feed.reset(QDateTime::currentMSecsSinceEpoch());
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
    m_worker.waitForDone();
    m_stopWorker.waitForDone();
    m_poll.stop();
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
    if (finishedChanged)
        emit statusChanged();
}

void RunController::refreshAttached()
{
    applyAttachedStatus();
    const QList<AttachedMetric> metrics = m_attached.metrics();
    if (m_attached.groups)
        m_checks.update(m_attached.groups());
    m_metrics.setRows(RemoteMetricsFeed::rows(
        metrics, RemoteMetricsFeed::rateTotals(metrics, quint64(m_checks.totalPasses()) + quint64(m_checks.totalFails()))));
    // Throttle's /v1/throttle/thresholds has the expressions; the k6 API only a tainted flag per metric.
    if (const auto readings = m_attached.thresholds ? m_attached.thresholds() : std::nullopt)
        m_thresholds.setReadings(*readings);
    else
        m_thresholds.setFromTainted(m_metrics.rows());
    if (m_attached.requests)
        m_requestsFeed.attached(m_attached.requests());
    m_scenarios.setRemoteScenarios(m_status.scenarios);
    if (const std::optional<TimeSeriesRow> row =
            m_feed.sample(metrics, double(m_status.vus), m_status.paused, QDateTime::currentMSecsSinceEpoch())) {
        m_series.append(*row);
        m_rps = row->rps;
    }
    m_elapsedSec = m_feed.elapsedSec();
    m_totalRequests = m_feed.totalRequests();
    m_failedRequests = m_feed.failedRequests();
    m_iterations = m_feed.iterations();
    drainLog();
    emit progressChanged();
}

void RunController::updateAttachStatus()
{
    const bool connected = attached() && m_attached.connected();
    const QString error = attached() && !connected ? m_attached.lastError() : QString();
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

void RunController::setRefreshIntervalMs(int ms)
{
    if (ms == m_poll.interval() || ms <= 0)
        return;
    m_poll.setInterval(ms);
    emit refreshIntervalMsChanged();
}

} // namespace throttle
