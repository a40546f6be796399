#pragma once
// The rows of the run history (RunHistory): a run, one second of its series, and its steering
// log (SteeringAction, src/core/exec). Plain values; any thread.

#include <QByteArray>
#include <QString>
#include <optional>

namespace throttle {

struct HistoryRun {
    qint64 id = 0;
    QString script;                  // absolute path (as given when the file did not exist)
    QString scriptSha256;            // hex, of the entry script's bytes ("" when it could not be read)
    QString origin;                  // "cli" or "desktop"
    QByteArray optionsJson;          // the consolidated options (Options::toJson), compact
    qint64 startedMs = 0;            // Unix ms
    std::optional<qint64> endedMs;   // nullopt: the run never finished (killed, crashed)
    std::optional<int> exitCode;     // likewise
    QByteArray summaryJson;          // handleSummary's data argument; "" until the run finished
    double peakVus = 0;              // the most VUs in any recorded second
    double requests = 0;             // http_reqs over the recorded seconds
    double failed = 0;               // failed requests over the recorded seconds
};

struct HistorySecond {
    qint64 second = 0;   // Unix time in whole seconds
    double vus = 0;
    double requests = 0;   // http_reqs in this second (= req/s)
    double failed = 0;     // http_req_failed non-zero samples
    double iterations = 0;
    double dataReceived = 0;   // bytes
    double dataSent = 0;
    std::optional<double> p50, p90, p95, p99;   // http_req_duration ms; nullopt: no answered request
};

}   // namespace throttle
