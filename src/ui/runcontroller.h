#pragma once
// RunController: the desktop window's session controller and the one object QML binds to. It owns
// the script document and the session lifecycle — a local RunSession (a prepared LocalRun, read
// through a LocalRunView) or an attached run in another process (an AttachedRun the app builds: a
// RemoteRun over REST) — and hands the current run's two interfaces to its parts:
//   - SteeringController: pause, resume, stop, the slider, max VUs, rate — RunControl only;
//   - LiveViews: the panes and totals, refreshed from the RunView a few times a second;
//   - RunState: the state and which actions it takes, from the tables in runstate.h.
// Its properties and invokables are a facade over those parts (QML and tests see one object).
// Errors come back exactly as RunControl reports them (the same title and detail as PATCH
// /v1/status). A script is prepared (read, transpiled, its options pass run) by a SessionPreparer
// off the GUI thread: state "preparing" with the elapsed time meanwhile; Start queues until it is
// ready; another Open or Stop cancels it. Lives on the GUI thread; nothing here waits on VUs.

#include "core/exec/runcontrol.h"
#include "core/output/summaryoptions.h"
#include "core/exec/localrunview.h"
#include "ui/attachedrun.h"
#include "ui/errorreport.h"
#include "ui/guilogsink.h"
#include "ui/launchsettings.h"
#include "ui/liveviews.h"
#include "ui/recentfilesmodel.h"
#include "ui/runstate.h"
#include "ui/scenariosmodel.h"
#include "ui/scriptdocument.h"
#include "ui/sessionpreparer.h"
#include "ui/steeringcapabilities.h"
#include "ui/steeringcontroller.h"
#include "ui/vumemoryestimate.h"

#include <QMap>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <memory>
#include <optional>

namespace throttle {

class LocalRun;
class MetricsEngine;
class PreparedRun;
class RunSession;

class RunController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ScriptDocument *script READ script CONSTANT)
    Q_PROPERTY(ScenariosModel *scenarios READ scenarios CONSTANT)
    Q_PROPERTY(MetricsTableModel *metrics READ metrics CONSTANT)
    Q_PROPERTY(ChecksModel *checks READ checks CONSTANT)
    Q_PROPERTY(ThresholdsModel *thresholds READ thresholds CONSTANT)
    Q_PROPERTY(ConsoleModel *console READ console CONSTANT)
    Q_PROPERTY(TimeSeriesModel *series READ series CONSTANT)
    Q_PROPERTY(RecentFilesModel *recentFiles READ recentFiles CONSTANT)
    Q_PROPERTY(RequestsModel *requests READ requests CONSTANT)
    Q_PROPERTY(FailuresModel *failures READ failures CONSTANT)
    Q_PROPERTY(RunnersModel *runners READ runners CONSTANT)
    Q_PROPERTY(LaunchSettings *launch READ launch CONSTANT)   // run settings before Start

    // RunState (runstate.h); QML compares runState with RunState.Running etc.
    Q_PROPERTY(throttle::RunState::State runState READ runState NOTIFY statusChanged)
    // Its name for the status badge: "empty" | "preparing" | "error" | "ready" | "starting" |
    // "running" | "paused" | "stopping" | "finished"
    Q_PROPERTY(QString state READ state NOTIFY statusChanged)
    Q_PROPERTY(int statusCode READ statusCode NOTIFY statusChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY statusChanged)
    Q_PROPERTY(bool tainted READ tainted NOTIFY statusChanged)
    Q_PROPERTY(int vus READ vus NOTIFY statusChanged)
    Q_PROPERTY(int vusMax READ vusMax NOTIFY statusChanged)
    Q_PROPERTY(int exitCode READ exitCode NOTIFY statusChanged)
    Q_PROPERTY(bool canStart READ canStart NOTIFY statusChanged)
    Q_PROPERTY(bool canPause READ canPause NOTIFY statusChanged)
    Q_PROPERTY(bool canResume READ canResume NOTIFY statusChanged)
    Q_PROPERTY(bool canStop READ canStop NOTIFY statusChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    // While a script is being prepared: "Preparing script… 1.2 s".
    Q_PROPERTY(bool preparing READ preparing NOTIFY preparingChanged)
    Q_PROPERTY(QString preparingText READ preparingText NOTIFY preparingChanged)

    // The slider's setting, the max-VUs field, and the slider's upper bound.
    Q_PROPERTY(int targetVus READ targetVus NOTIFY targetsChanged)
    Q_PROPERTY(int targetVusMax READ targetVusMax NOTIFY targetsChanged)
    Q_PROPERTY(int configuredMaxVus READ configuredMaxVus NOTIFY sessionChanged)
    Q_PROPERTY(int sliderMax READ sliderMax NOTIFY targetsChanged)
    // Raising max VUs above this asks first, with vuMemoryText() (estimated memory).
    Q_PROPERTY(int confirmVusAbove READ confirmVusAbove CONSTANT)
    Q_PROPERTY(bool scalable READ scalable NOTIFY sessionChanged)
    // Steering beyond k6 (README "Steering every executor"), from the run's scenario status:
    // a scheduled scenario (ramping/constant VUs, arrival rate) can be put back on its schedule
    // after a VU or rate change; an arrival-rate scenario takes a live rate.
    Q_PROPERTY(bool hasSchedule READ hasSchedule NOTIFY statusChanged)
    Q_PROPERTY(bool manual READ manual NOTIFY statusChanged)
    Q_PROPERTY(bool rateSteerable READ rateSteerable NOTIFY statusChanged)
    Q_PROPERTY(double rate READ rate NOTIFY statusChanged)
    // From the scenarios' declared capabilities (SteeringCapabilities): whether the slider and the
    // max-VUs field can act, and why not.
    Q_PROPERTY(bool vusSteerable READ vusSteerable NOTIFY statusChanged)
    Q_PROPERTY(QString vusSteerNote READ vusSteerNote NOTIFY statusChanged)
    Q_PROPERTY(bool maxVusSteerable READ maxVusSteerable NOTIFY statusChanged)
    Q_PROPERTY(QString maxVusSteerNote READ maxVusSteerNote NOTIFY statusChanged)

    Q_PROPERTY(double elapsedSec READ elapsedSec NOTIFY progressChanged)
    Q_PROPERTY(double durationSec READ durationSec NOTIFY sessionChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    // false while the run's length is unknown (attached, or running until stopped): no bar to fill.
    Q_PROPERTY(bool progressKnown READ progressKnown NOTIFY sessionChanged)
    Q_PROPERTY(QString elapsedText READ elapsedText NOTIFY progressChanged)
    Q_PROPERTY(QString durationText READ durationText NOTIFY sessionChanged)
    Q_PROPERTY(double requestsPerSec READ requestsPerSec NOTIFY progressChanged)
    Q_PROPERTY(qint64 totalRequests READ totalRequests NOTIFY progressChanged)
    Q_PROPERTY(qint64 failedRequests READ failedRequests NOTIFY progressChanged)
    Q_PROPERTY(qint64 iterations READ iterations NOTIFY progressChanged)

    Q_PROPERTY(QString errorTitle READ errorTitle NOTIFY errorChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
    // The run-history database this window's runs are recorded into (HistoryPath); "" = off.
    Q_PROPERTY(QString historyPath READ historyPath WRITE setHistoryPath NOTIFY historyPathChanged)
    // The REST API served for this window's run (control-api.md §1.1); "" = off.
    Q_PROPERTY(QString apiAddress READ apiAddress WRITE setApiAddress NOTIFY apiChanged)
    Q_PROPERTY(bool apiAvailable READ apiAvailable NOTIFY apiChanged)
    Q_PROPERTY(bool apiListening READ apiListening NOTIFY apiChanged)
    Q_PROPERTY(int apiPort READ apiPort NOTIFY apiChanged)
    Q_PROPERTY(QString apiStatus READ apiStatus NOTIFY apiChanged)
    // Attached mode: steering a run in another process over its REST API.
    Q_PROPERTY(bool attached READ attached NOTIFY attachChanged)
    Q_PROPERTY(bool attachAvailable READ attachAvailable NOTIFY attachChanged)
    Q_PROPERTY(QString attachAddress READ attachAddress NOTIFY attachChanged)
    Q_PROPERTY(QString attachStatus READ attachStatus NOTIFY attachChanged)
    Q_PROPERTY(QString attachStatusKind READ attachStatusKind NOTIFY attachChanged)   // AttachStatus::kind
    Q_PROPERTY(int refreshIntervalMs READ refreshIntervalMs WRITE setRefreshIntervalMs NOTIFY refreshIntervalMsChanged)
public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    // Reads the file and starts preparing it (off the GUI thread); false when the file cannot be
    // read. The outcome arrives as state "ready" or "error".
    Q_INVOKABLE bool openScript(const QString &pathOrUrl);
    Q_INVOKABLE bool reload();
    Q_INVOKABLE void start();
    Q_INVOKABLE void pause();
    Q_INVOKABLE void resume();
    Q_INVOKABLE void togglePause();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void requestVus(int vus);        // debounced scale(vus, –)
    Q_INVOKABLE void requestMaxVus(int vusMax);  // debounced scale(–, vus-max)
    Q_INVOKABLE void requestRate(int rate);       // live rate of the first arrival-rate scenario
    Q_INVOKABLE void returnToSchedule();          // every manual scenario back to its schedule
    Q_INVOKABLE void clearError();
    Q_INVOKABLE void refresh();                  // one read of the run's RunView (the timer calls it)
    Q_INVOKABLE bool attach(const QString &address);   // "host:port" of another run's REST API
    Q_INVOKABLE void detach();                   // back to the local script (the remote run goes on)
    Q_INVOKABLE QString vuMemoryText(int vus) const { return m_vuMemory.text(vus, attached()); }

    // Builds the REST API server for a prepared run (src/api lives outside throttle_ui, so the app
    // hands it in): listen on `address`, return the server (nullptr + *error on failure) and the
    // bound port in *port.
    using ApiServerFactory = std::function<std::unique_ptr<QObject>(PreparedRun &, const QString &address,
                                                                    QString *error, quint16 *port)>;
    void setApiServerFactory(ApiServerFactory factory);
    // Builds the AttachedRun for attach(address) (the app hands in one over RemoteRun).
    using AttachFactory = std::function<AttachedRun(const QString &address)>;
    void setAttachFactory(AttachFactory factory);

    // Environment the scripts see as __ENV (default: the process environment).
    void setEnvironment(const QMap<QString, QString> &env) { m_env = env; }
    LocalRun *localRun() const;                  // the current run, for tests and the API server
    RunControl *control() const;

    const RunView *view() const;                 // the current run's read side (local or attached)

    ScriptDocument *script() { return &m_script; }
    ScenariosModel *scenarios() { return &m_scenarios; }
    MetricsTableModel *metrics() { return &m_live.metrics(); }
    ChecksModel *checks() { return &m_live.checks(); }
    ThresholdsModel *thresholds() { return &m_live.thresholds(); }
    ConsoleModel *console() { return &m_live.console(); }
    TimeSeriesModel *series() { return &m_live.series(); }
    RecentFilesModel *recentFiles() { return &m_recent; }
    RequestsModel *requests() { return &m_live.requests(); }
    RunnersModel *runners() { return &m_live.runners(); }
    FailuresModel *failures() { return &m_live.failures(); }
    LaunchSettings *launch() { return &m_launch; }

    RunState::State runState() const;
    QString state() const { return RunState::name(runState()); }
    int statusCode() const { return m_status.status; }
    bool paused() const { return m_status.paused; }
    bool tainted() const { return m_status.tainted; }
    int vus() const { return int(m_status.vus); }
    int vusMax() const { return int(m_status.vusMax); }
    int exitCode() const { return m_exitCode; }
    bool canStart() const;
    bool canPause() const;
    bool canResume() const;
    bool canStop() const;
    bool busy() const { return m_steering.busy(); }
    bool preparing() const { return m_preparer.busy(); }
    QString preparingText() const;
    int targetVus() const { return m_steering.targetVus(); }
    int targetVusMax() const { return m_steering.targetVusMax(); }
    int configuredMaxVus() const { return m_configuredMaxVus; }
    int sliderMax() const;
    static constexpr int kConfirmVusAbove = 1000;
    int confirmVusAbove() const { return kConfirmVusAbove; }
    bool scalable() const { return m_scalable; }
    bool hasSchedule() const { return m_caps.hasSchedule(); }
    bool manual() const { return m_caps.manual(); }
    bool rateSteerable() const { return m_caps.rate(); }
    double rate() const { return m_caps.rateValue(); }
    bool vusSteerable() const { return m_caps.vus(); }
    QString vusSteerNote() const { return m_caps.vusNote(); }
    bool maxVusSteerable() const { return m_caps.vusMax(); }
    QString maxVusSteerNote() const { return m_caps.vusMaxNote(); }
    double elapsedSec() const { return m_live.elapsedSec(); }
    double durationSec() const { return m_durationSec; }
    double progress() const;
    bool progressKnown() const { return !attached() && m_durationSec > 0; }
    QString elapsedText() const;
    QString durationText() const;
    double requestsPerSec() const { return m_live.requestsPerSec(); }
    qint64 totalRequests() const { return m_live.totalRequests(); }
    qint64 failedRequests() const { return m_live.failedRequests(); }
    qint64 iterations() const { return m_live.iterations(); }
    QString errorTitle() const { return m_error.title(); }
    QString errorText() const { return m_error.detail(); }
    QString apiAddress() const { return m_apiAddress; }
    void setApiAddress(const QString &address);
    QString historyPath() const { return m_historyPath; }
    void setHistoryPath(const QString &path);
    bool apiAvailable() const { return bool(m_apiFactory); }
    bool apiListening() const { return m_apiServer != nullptr; }
    int apiPort() const { return m_apiPort; }
    QString apiStatus() const { return m_apiStatus; }
    bool attached() const { return m_attached.control != nullptr; }
    bool attachAvailable() const { return bool(m_attachFactory); }
    QString attachAddress() const { return m_attachAddress; }
    QString attachStatus() const { return m_attachStatus; }
    QString attachStatusKind() const { return m_attachStatusKind; }
    int refreshIntervalMs() const { return m_poll.interval(); }
    void setRefreshIntervalMs(int ms);

signals:
    void statusChanged();
    void busyChanged();
    void preparingChanged();
    void targetsChanged();
    void sessionChanged();
    void progressChanged();
    void errorChanged();
    void refreshIntervalMsChanged();
    void apiChanged();
    void historyPathChanged();
    void attachChanged();
    void runFinished(int exitCode);

private:
    bool prepareSession();
    void onPrepared();
    void showPrepared(const Options &o);
    void resetLiveViews();
    void dropRun();
    void setError(ErrorReport::Source source, const QString &title, const QString &detail);
    void resolveError(ErrorReport::Source source);
    void onControlAnswered(const ControlError &e);
    void updateStatus(const RunStatus &s);
    void onFinished(int exitCode);
    void restartApiServer();
    void dropAttached();
    void applyAttachedStatus();
    void updateAttachStatus();
    bool sessionStarted() const;

    GuiLogSink m_log;                       // outlives every session (VUs log into it)
    ScriptDocument m_script;
    ScenariosModel m_scenarios;
    RecentFilesModel m_recent;
    LiveViews m_live{m_log};
    QMap<QString, QString> m_env;
    LaunchSettings m_launch;

    std::unique_ptr<RunSession> m_session;
    std::unique_ptr<LocalRunView> m_localView;   // the session's read side
    SessionPreparer m_preparer;             // after m_log and m_env: its workers use them
    QTimer m_prepareTick;                   // refreshes preparingText
    bool m_startWhenPrepared = false;
    ApiServerFactory m_apiFactory;
    std::unique_ptr<QObject> m_apiServer;   // declared after m_session: destroyed before it
    QString m_apiAddress;
    QString m_historyPath;
    QString m_apiStatus;
    int m_apiPort = 0;
    bool m_prepareFailed = false;
    bool m_finished = false;
    RunStatus m_status;
    SteeringCapabilities m_caps = SteeringCapabilities::from({});
    int m_exitCode = 0;
    int m_configuredMaxVus = 0;
    bool m_scalable = false;
    double m_durationSec = 0;
    ErrorReport m_error;

    AttachFactory m_attachFactory;
    AttachedRun m_attached;                 // attached mode: the remote run (before the steering's workers)
    QString m_attachAddress;
    QString m_attachStatus;
    QString m_attachStatusKind;
    bool m_attachConnected = false;         // as of the last refresh (runState() reads these)
    bool m_attachFailed = false;
    bool m_attachEverConnected = false;     // answered at least once since attach()

    VuMemoryEstimate m_vuMemory;            // per-VU memory, for the max-VUs confirmation
    QTimer m_poll;
    SteeringController m_steering;          // last: destroyed (its workers drained) first
};

} // namespace throttle
