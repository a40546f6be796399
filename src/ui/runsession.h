#pragma once
// RunSession: one prepared local run as the desktop app holds it: the PreparedRun (engine,
// options, LocalRun) plus the per-second sink the charts read and, once started, the recorder
// that writes the run into the run history (HistoryRecorder). Built on a SessionPreparer worker
// (the options pass runs there) and handed to the GUI thread with its LocalRun moved there; a
// session runs at most once — a new start prepares a new session. The destructor stops a run
// that is still going and waits for its thread.

#include "core/exec/preparedrun.h"
#include "core/history/historyrecorder.h"
#include "core/metrics/secondseriessink.h"

#include <memory>

namespace throttle {

class RunSession
{
public:
    // nullptr on failure with k6's exit code and message (script errors carry file and line).
    // cancel (may be null) lets another thread abandon the load.
    // overrides: option keys as `throttle run`'s flags set them (the window's run settings).
    static std::unique_ptr<RunSession> prepare(const QString &scriptPath, const QMap<QString, QString> &env,
                                               LogSink *log, int *exitCode, QString *error,
                                               QStringList *warnings, std::shared_ptr<LoadCancel> cancel = {},
                                               const QJsonObject &overrides = {});
    ~RunSession();

    PreparedRun &prepared() { return *m_prepared; }
    LocalRun &run() { return m_prepared->run(); }
    MetricsEngine &metrics() { return m_prepared->metrics(); }
    const Options &options() const { return m_prepared->options(); }
    SecondSeriesSink &seconds() { return m_seconds; }

    // Starts the run; historyPath "" = not recorded. A history that cannot be opened is not an
    // error: *historyError says why (empty when it is recorded or off).
    void start(const QString &historyPath = QString(), QString *historyError = nullptr);
    bool started() const { return m_started; }
    // The run ended (LocalRun::finished): writes its end, exit code and summary into the history.
    void finishHistory(int exitCode);
    const HistoryRecorder *history() const { return m_history.get(); }

private:
    RunSession() = default;
    SecondSeriesSink m_seconds;   // declared first: outlives the engine that feeds it
    std::unique_ptr<HistoryRecorder> m_history;   // likewise
    std::unique_ptr<PreparedRun> m_prepared;
    bool m_started = false;
};

} // namespace throttle
