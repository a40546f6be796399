#pragma once
// HandleSummary: the end-of-test summary step of `k6 run` (script-api.md §1.5): calls the
// script's handleSummary(data) in a fresh pseudo runtime (like setup/teardown: __VU 0, its own
// init) on the calling thread, with k6's fixed 2-minute limit, and turns the return value into
// what gets printed and written:
//   falsy / not exported / exception  -> the default text summary on stdout (exception logged)
//   {}                                -> nothing
//   {stdout|stderr|<path>: string}    -> those texts; paths created/truncated
//   non-object, or a bad value        -> "failed to handle the end-of-test summary" logged
// The exit code is never changed. Lives in throttle_exec because it needs the script runtime,
// which throttle_metrics (the rest of src/core/output) must not depend on.

#include "core/output/summaryreport.h"
#include "core/script/vuruntime.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

class QTextStream;

namespace throttle {

class LogSink;
class RunHooks;
struct ScriptContext;

class HandleSummary
{
public:
    struct Result {
        bool printDefault = true;                    // print the default text summary to stdout
        QList<QPair<QString, QByteArray>> outputs;   // "stdout", "stderr" or a path -> contents
        QString error;       // logged as `failed to handle the end-of-test summary` error=…
        QString exception;   // an exception inside handleSummary, logged as it is
    };

    explicit HandleSummary(const ScriptContext &ctx, RunHooks *hooks = nullptr);

    void setTimeoutMs(qint64 ms) { m_timeoutMs = ms; }   // default 120000 (k6's fixed limit)

    // Runs handleSummary(dataJson) (SummaryExport::handleSummaryData) and interprets the result.
    Result call(const QByteArray &dataJson);
    // The interpretation alone: what a call's outcome means (pure).
    static Result interpret(const CallResult &call);

    // call() + deliver(): the whole step as `throttle run` does it.
    void run(const SummaryReport &report, QTextStream &out, QTextStream &err, LogSink *log);
    // Logs the errors, prints the default summary (defaultText) or writes the outputs.
    static void deliver(const Result &result, const QString &defaultText, QTextStream &out,
                        QTextStream &err, LogSink *log);

    static constexpr const char *kFailedMessage = "failed to handle the end-of-test summary";

private:
    const ScriptContext &m_ctx;
    RunHooks *m_hooks;
    qint64 m_timeoutMs = 120000;
};

} // namespace throttle
