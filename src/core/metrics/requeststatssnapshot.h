#pragma once
// RequestStatsSnapshot: the per-request table and the grouped failures of a run, as values (the
// desktop's Requests and Failures views and Throttle's /v1/throttle/requests and
// /v1/throttle/failures read these; any thread).

#include <QList>
#include <QString>

namespace throttle {

struct RequestStatsRow {
    QString name;             // k6's `name` tag (the URL unless the script names the request)
    QString method;
    quint64 count = 0;        // http_reqs
    quint64 failed = 0;       // http_req_failed non-zero samples
    quint64 answered = 0;     // requests that got a response (status ≠ 0): the durations below
    double avg = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;   // http_req_duration (ms) of answered requests
    double received = 0;      // bytes read on the wire for these requests (headers and bodies)
};

struct FailureGroup {
    QString kind;             // "request" (http_req_failed) or "iteration" (an exception ended an iteration)
    QString errorCode;        // k6's error_code tag ("1212", "1404"); "" for iterations
    int status = 0;           // HTTP status; 0 = no response
    QString message;          // the error tag, the status line ("404 Not Found") or the exception's first line
    quint64 count = 0;
    qint64 firstNs = 0;       // Unix time of the first and last occurrence (ns)
    qint64 lastNs = 0;
    QString example;          // requests: one URL that failed so; iterations: the scenario and first frame
};

struct RequestStatsSnapshot {
    QList<RequestStatsRow> requests;   // by name, then method
    QList<FailureGroup> failures;      // most frequent first
    bool truncated = false;            // more distinct requests than kept: the rest in "(other)"
};

} // namespace throttle
