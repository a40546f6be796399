#pragma once
// VuRuntime: one virtual user's JavaScript world — its QJSEngine, HTTP transport, cookie jar and
// sample buffer. Created, used and destroyed on ONE thread (the VU's pool thread, or the run thread
// for the options pass and setup/teardown); interrupt() is the only method other threads may call.
//
// Life: init() evaluates the script's init context once; then runIteration() any number of times.

#include "core/metrics/metric.h"
#include "core/script/scriptcontext.h"

#include <QJsonObject>
#include <QJSValue>
#include <QStringList>
#include <atomic>
#include <memory>

class QJSEngine;

namespace throttle {

class VuNative;
class K6Codec;
class K6Data;
class HttpTransport;
class CookieJar;
class TagCache;
class RunHooks;
class VuEventLoop;

enum class RuntimeKind { OptionsPass, Vu, Pseudo };   // Pseudo: setup/teardown/handleSummary (__VU 0)

// What a VU runs while it is assigned to a scenario.
struct ScenarioBinding {
    QString name;
    QString executor;
    QString exec = QStringLiteral("default");
    QMap<QString, QString> env;                   // merged over the run's __ENV for its iterations
    QList<QPair<QString, QString>> tags;          // scenario tags
};

// exec.scenario.iterationInInstance and iterationInTest of a VU's current iteration.
struct ScenarioIteration {
    qint64 inInstance = 0;
    qint64 inTest = 0;
};

enum class IterationOutcome { Completed, Interrupted, Aborted };

struct CallResult {
    bool ok = false;
    QByteArray json;       // JSON.stringify of the return value ("" for undefined)
    QString error;         // exception text with stack, file names un-mirrored
};

class VuRuntime {
public:
    VuRuntime(const ScriptContext &ctx, int vuId, RuntimeKind kind, RunHooks *hooks = nullptr);
    ~VuRuntime();
    VuRuntime(const VuRuntime &) = delete;
    VuRuntime &operator=(const VuRuntime &) = delete;

    // Evaluates the init context. On failure: *error holds the message (file:line), and
    // *syntaxError tells whether the engine rejected the syntax (transpiling may help).
    bool init(QString *error, bool *syntaxError = nullptr);
    QStringList exports() const;
    bool isFunctionExport(const QString &name) const;
    // JSON of the exported `options` (k6's JSON round-trip); error text when it holds a function.
    bool exportedOptions(QJsonObject *options, QString *error) const;
    // Publishes the modules this runtime's init compiled to the run's CompiledUnits (the options
    // pass does this once; VU engines then instantiate them). Returns how many were new.
    int publishCompiledUnits();
    // How many of the script's modules this engine compiled itself (-1: the run shares none).
    int modulesCompiledHere() const;

    void bind(const ScenarioBinding &scenario);
    void setSetupData(const QByteArray &json);   // "" = undefined
    // The scenario's numbers for the next iteration (exec.scenario).
    void setScenarioIteration(ScenarioIteration numbers) { m_scenarioIter = numbers; }
    IterationOutcome runIteration();
    // setup()/teardown()/handleSummary(): call an export with a JSON argument.
    CallResult callExport(const QString &name, const QByteArray &argJson, const QString &groupName);

    void interrupt();        // any thread: cut HTTP, wake sleep, stop JS
    void clearInterrupt();   // owner thread, before running again
    bool interrupted() const { return m_interrupted.load(std::memory_order_acquire); }
    void closeIdleConnections();

    int vuId() const { return m_vuId; }
    static QStringList builtinModuleNames();   // the k6 modules Throttle provides
    static QString builtinModuleResource(const QString &name);   // its qrc path; empty if unknown
    qint64 iterations() const { return m_iter; }

private:
    friend class VuNative;
    void installGlobals();
    bool registerBuiltinModules(QString *error);
    QString describeError(const QJSValue &error) const;
    void emitIterationSamples(bool complete, qint64 startNs);
    void logIterationError(const QString &message, bool stacktrace);
    // fn(arg) through bootstrap.js's __throttleCall (which sets __ITER to iter unless undefined):
    // ok = it did not throw; value = its result or what it threw; jobs = it queued promise jobs.
    struct GuardedCall {
        bool ok = false;
        bool jobs = false;
        QJSValue value;
    };
    GuardedCall callGuarded(const QJSValue &fn, const QJSValue &arg, const QJSValue &iter);
    // How an exported function's call ended once its event loop (promise jobs, timers) was run:
    // k6 waits for the returned promise and for every timer, and stops the timers left when the
    // function threw, its promise was rejected or a timer callback threw.
    struct Completion {
        bool ok = true;          // no exception, no rejection, no timer error
        bool interrupted = false;
        QJSValue value;          // the result (a promise's resolved value)
        QString error;           // what to report when !ok
        bool stacktrace = false; // the error is an exception with its stack (k6's source=stacktrace)
    };
    Completion complete(GuardedCall call, const QString &fn);
    Completion settlePromise(const QJSValue &promise, const QString &fn);
    // Runs the event loop until it is empty; false (and *error) when a timer callback threw.
    bool drainEventLoop(QString *error, bool *interrupted);
    bool fireTimer(int id);            // a due timer's callback; false when it threw
    void stopTimers();                 // with k6's warning for each one still pending
    void forgetStaleTimers();          // drops the JS callbacks of timers stopTimers() dropped
    static bool isThenable(const QJSValue &v);

    const ScriptContext &m_ctx;
    const int m_vuId;
    const RuntimeKind m_kind;
    RunHooks *m_hooks;
    std::unique_ptr<QJSEngine> m_engine;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<CookieJar> m_jar;
    std::unique_ptr<TagCache> m_tagCache;
    std::unique_ptr<VuNative> m_native;
    std::unique_ptr<K6Codec> m_codec;     // __throttleCodec: k6/encoding, k6/crypto
    std::unique_ptr<K6Data> m_data;       // __throttleData: k6/data
    QJSValue m_module;        // the entry module's namespace
    QJSValue m_callHelper;    // __throttleCall
    QJSValue m_describe;      // __throttleDescribe
    QJSValue m_settle;        // __throttleSettle
    QJSValue m_fireTimer;     // __throttleFireTimer
    QJSValue m_takeJobs;      // __throttleTakeJobs
    std::unique_ptr<VuEventLoop> m_loop;   // promise jobs and timers, on this runtime's thread
    QJSValue m_timerError;    // what the last failing timer callback threw
    bool m_staleTimers = false;   // interrupted timers still have callbacks on the JS side
    QJSValue m_execFn;
    QJSValue m_setupData;
    QByteArray m_setupJson;
    bool m_setupParsed = false;
    ScenarioBinding m_scenario;
    QJSValue m_envObject;
    qint64 m_iter = 0;              // __ITER = exec.vu.iterationInInstance: all scenarios
    qint64 m_iterInScenario = 0;    // exec.vu.iterationInScenario: since bind()
    ScenarioIteration m_scenarioIter;
    std::atomic<bool> m_interrupted{false};
    bool m_abortedHere = false;   // this VU's iteration called exec.test.abort() (VU thread only)
    std::vector<Sample> m_samples;
    std::vector<std::pair<TagSetId, qint64>> m_requestBytes;   // per request: bytes received (requestStats)
    void handOverRequestBytes();
};

} // namespace throttle
