#pragma once
// RunSignals: SIGINT and SIGTERM during `throttle run`, with k6's manners. Installed before the
// script is loaded and restored by the destructor. The handler only counts and remembers the
// signal (async-signal-safe); the owner polls:
// | phase                           | first signal                                  | second signal |
// |---------------------------------|-----------------------------------------------|---------------|
// | loading (options pass, main thread busy in JS) | watcher thread: logs, exits 105 | (exited)     |
// | running (LocalRun)              | owner: LocalRun::abortBySignal(name())        | exits 105 at once |
// | lingering (--linger)            | owner: ends the linger                         | -             |
// While loading, the main thread may be stuck in the script's init code (an endless loop), so a
// watcher thread (started by watchWhileLoading(), stopped by stopWatching()) acts for it: there is
// nothing to tear down yet, and k6 itself would hang there. One instance at a time.

#include <QString>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace throttle {

class LogSink;

class RunSignals {
public:
    RunSignals();
    ~RunSignals();
    RunSignals(const RunSignals &) = delete;
    RunSignals &operator=(const RunSignals &) = delete;

    int count() const;
    // k6's name of the last signal: "interrupt" (SIGINT) or "terminated" (SIGTERM).
    static QString name();
    // k6's log line for an abort by signal.
    static QString abortMessage() { return QStringLiteral("test run was aborted because k6 received a '%1' signal").arg(name()); }

    void watchWhileLoading(LogSink *log);
    void stopWatching();

private:
    void watch(LogSink *log);

    void (*m_previousInt)(int) = nullptr;
    void (*m_previousTerm)(int) = nullptr;
    std::thread m_watcher;
    std::mutex m_mutex;
    std::condition_variable m_stop;
    bool m_stopping = false;
};

} // namespace throttle
