#pragma once
// What a VU runtime may ask of, or tell, the run it belongs to (k6/execution, test.abort()).
// Implemented by the exec layer; the script layer only sees this interface. Thread-safe.

#include <QString>

namespace throttle {

class RunHooks {
public:
    virtual ~RunHooks() = default;
    virtual double testRunDurationMs() const = 0;
    virtual qint64 iterationsCompleted() const = 0;
    virtual qint64 iterationsInterrupted() const = 0;
    virtual qint64 vusActive() const = 0;
    virtual qint64 vusInitialized() const = 0;
    // exec.scenario.startTime (Unix ms; 0 before the scenario starts) and .progress (0..1).
    virtual double scenarioStartTimeMs(const QString &scenario) const = 0;
    virtual double scenarioProgress(const QString &scenario) const = 0;
    // exec.test.abort(): stop the whole run now, exit code 108.
    virtual void abortTest(const QString &reason) = 0;
};

} // namespace throttle
