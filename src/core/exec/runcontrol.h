#pragma once
// RunControl: the one door into a running test (ARCHITECTURE.md §3). The REST handlers, the
// desktop controllers and the signal handlers all call it; nothing else touches executors or VUs.
// Semantics and messages: ../shared/spec/control-api.md §2–§3.
//
// Thread-safety: every method may be called from any thread. Changes are applied one at a time.
// pause() blocks until the in-flight iterations have finished (no timeout), scale() until removed
// VUs are interrupted or new ones initialised: call them off the GUI/REST event loop.
// Signals may be emitted from any thread (use queued connections in receivers).

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace throttle {

// Execution phases (control-api.md §2.2).
enum class ExecStatus : int {
    Created = 0, InitVUs = 1, InitExecutors = 2, InitDone = 3, PausedBeforeRun = 4, Started = 5,
    Setup = 6, Running = 7, Teardown = 8, Ended = 9, Interrupted = 10, MarkedAsFailed = 11
};

// One scenario as GET /v1/status shows it beyond k6 (README "Steering every executor"); empty in
// strict-k6 mode. capabilities: "pause", "vus", "vus-max", "rate". mode: "schedule" or "manual".
struct ScenarioStatus {
    QString name;
    QString executor;
    QStringList capabilities;
    QString mode;
    qint64 vus = 0;                  // active VUs of this scenario (0 while paused)
    qint64 vusMax = 0;               // upper bound of a VU change
    std::optional<double> rate;      // arrival-rate executors: current starts per timeUnit
    qint64 timeUnitMs = 0;           // arrival-rate executors
    bool operator==(const ScenarioStatus &o) const
    {
        return name == o.name && executor == o.executor && capabilities == o.capabilities && mode == o.mode &&
               vus == o.vus && vusMax == o.vusMax && rate == o.rate && timeUnitMs == o.timeUnitMs;
    }
};

struct RunStatus {
    int status = 0;
    bool paused = false;
    qint64 vus = 0;
    qint64 vusMax = 0;
    bool stopped = false;
    bool running = false;
    bool tainted = false;
    QList<ScenarioStatus> scenarios;   // Throttle's additive attribute; empty in strict-k6 mode
};

// The answer of a control call: what kind of refusal it is, with k6's title and detail
// (control-api.md §2–§3). The core knows no HTTP: src/api maps the kind to a status in one place
// (ApiError::fromControl). An error relayed from a run in another process (RemoteRun) is of kind
// Remote and keeps that run's answer as it came, status included, so that it can be passed on.
struct ControlError {
    enum class Kind {
        None,            // success
        InvalidChange,   // the change is not valid for this run now ("Config update error")
        WrongState,      // the run's state does not allow it ("Pause error")
        NotConfigured,   // no scenario of this run can take it ("Execution config error")
        ScriptFailed,    // setup() or teardown() threw ("Error executing setup" / "teardown")
        Remote,          // relayed from another process: httpStatus is the status it answered with
    };
    Kind kind = Kind::None;
    QString title;
    QString detail;
    int httpStatus = 0;   // Kind::Remote only
    bool ok() const { return kind == Kind::None; }

    static ControlError none() { return {}; }
    static ControlError invalidChange(const QString &detail) { return {Kind::InvalidChange, QStringLiteral("Config update error"), detail}; }
    static ControlError wrongState(const QString &detail) { return {Kind::WrongState, QStringLiteral("Pause error"), detail}; }
    static ControlError notConfigured(const QString &detail) { return {Kind::NotConfigured, QStringLiteral("Execution config error"), detail}; }
    static ControlError scriptFailed(const QString &title, const QString &detail) { return {Kind::ScriptFailed, title, detail}; }
    static ControlError remote(int httpStatus, const QString &title, const QString &detail) { return {Kind::Remote, title, detail, httpStatus}; }
};

// The attributes of a PATCH /v1/status that are acted on; absent = leave unchanged. rate, mode
// and scenario are Throttle's additive attributes (README "Steering every executor"); a
// strict-k6 run ignores them as k6 ignores unknown attributes.
struct StatusPatch {
    std::optional<bool> paused;
    std::optional<qint64> vus;
    std::optional<qint64> vusMax;
    bool stopped = false;
    std::optional<qint64> rate;        // iteration starts per timeUnit of the target scenario
    std::optional<QString> mode;       // "schedule" (back to the schedule) or "manual" (hold)
    std::optional<QString> scenario;   // target scenario; default: see SteeringPolicy
    bool steers() const { return vus || vusMax || rate || mode; }
};

class RunControl : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~RunControl() override = default;

    virtual RunStatus status() const = 0;
    virtual ControlError pause() = 0;
    virtual ControlError resume() = 0;
    virtual ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) = 0;
    virtual ControlError stop() = 0;   // abort from the REST API: exit code 103, k6's error line
    // A stop asked for by the person at this process's own window: exit code 103 like stop(), but
    // `note` is logged at info level instead of k6's "test run stopped from REST API" error (a
    // deliberate stop is not a failure of the test). A run in another process just stops.
    virtual ControlError stopAsRequested(const QString &note)
    {
        Q_UNUSED(note);
        return stop();
    }
    // A live change of vus / vus-max / rate / mode (StatusPatch). The default forwards vus and
    // vus-max to scale() and ignores the rest, as k6 does.
    virtual ControlError steer(const StatusPatch &patch);
    // true: the run answers exactly as k6 does (--strict-k6); no additive attributes.
    virtual bool strictK6() const { return false; }

    // Conveniences for the GUI, through steer().
    ControlError setRate(qint64 rate, const QString &scenario = QString());
    ControlError backToSchedule(const QString &scenario = QString());

    // Setup data as raw JSON (nullopt = not set), control-api.md §6.
    virtual std::optional<QByteArray> setupData() const = 0;
    virtual void setSetupData(std::optional<QByteArray> json) = 0;
    virtual ControlError runSetup() = 0;      // 500 "Error executing setup" on exception
    virtual ControlError runTeardown() = 0;   // 500 "Error executing teardown" on exception

    // PATCH /v1/status processing order (control-api.md §2.3 steps 2–4): stopped wins and ignores
    // the rest; then paused; then vus/vus-max, rate and mode (steer(), in that order). A pause
    // applied before a failing scale is kept.
    ControlError applyPatch(const StatusPatch &patch);

signals:
    void statusChanged();
};

} // namespace throttle
