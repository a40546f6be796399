#pragma once
// The process exit codes of `throttle run` and of the client commands, by name. The numbers and
// names are k6 v1.3's (go.k6.io/k6/errext/exitcodes; control-api.md §8), so CI pipelines and the
// k6-operator read a Throttle run as they read a k6 run. Header only: every layer may use it.

#include <QString>

namespace throttle::exitcodes {

enum Code : int {
    Success = 0,
    CloudTestRunFailed = 97,         // k6 cloud only; listed so the numbers below stay k6's
    CloudFailedToGetProgress = 98,   // k6 cloud only
    ThresholdsHaveFailed = 99,       // a threshold failed, or one with abortOnFail aborted the run
    SetupTimeout = 100,
    TeardownTimeout = 101,
    GenericTimeout = 102,
    ScriptStoppedFromRESTAPI = 103,  // stop() through the REST API or the desktop app (older k6: GenericEngine)
    InvalidConfig = 104,             // options, scenarios, hosts, thresholds, too many VUs for the machine
    ExternalAbort = 105,             // SIGINT / SIGTERM
    CannotStartRESTAPI = 106,        // --address given explicitly and it could not be bound
    ScriptException = 107,           // syntax error, an exception in init, setup() or teardown(); out of memory
    ScriptAborted = 108,             // exec.test.abort()
    GoPanic = 109,                   // k6 crashed; the client commands repeat its one known crash
    MarkedAsFailed = 110,            // exec.test.fail()
    GenericError = 255,              // any other fatal error (k6 exits with 255 for an error without a code)
};

// A short reason for a run that ended with `code`, as a person reads it under "Run ended with exit
// code N"; empty for 0 and for codes without one.
inline QString reason(int code)
{
    switch (code) {
    case ThresholdsHaveFailed: return QStringLiteral("some thresholds have failed");
    case SetupTimeout: return QStringLiteral("setup() timed out");
    case TeardownTimeout: return QStringLiteral("teardown() timed out");
    case GenericTimeout: return QStringLiteral("timed out");
    case ScriptStoppedFromRESTAPI: return QStringLiteral("test run stopped");
    case InvalidConfig: return QStringLiteral("invalid configuration");
    case ExternalAbort: return QStringLiteral("test run aborted");
    case CannotStartRESTAPI: return QStringLiteral("cannot start the REST API");
    case ScriptException: return QStringLiteral("script exception");
    case ScriptAborted: return QStringLiteral("test aborted by the script");
    case GoPanic: return QStringLiteral("internal error");
    case MarkedAsFailed: return QStringLiteral("test marked as failed by the script");
    case GenericError: return QStringLiteral("fatal error");
    default: return QString();
    }
}

} // namespace throttle::exitcodes
