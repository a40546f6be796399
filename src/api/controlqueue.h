#pragma once
// ControlQueue: the control thread of the REST API. State-changing requests (PATCH /v1/status,
// PUT/POST /v1/setup, POST /v1/teardown) run here one at a time, in arrival order
// (control-api.md §1.2), because RunControl calls block — a pause until in-flight iterations end.
// The answer is delivered on the receiver's thread through a queued call, so the server's event
// loop never waits. Owns one std::thread; post() may be called from any thread.

#include "api/apiresponse.h"

#include <QObject>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace throttle {

class ControlQueue {
public:
    using Job = std::function<ApiResponse()>;
    using Done = std::function<void(const ApiResponse &)>;

    ControlQueue();
    ~ControlQueue();   // shutdown()
    ControlQueue(const ControlQueue &) = delete;
    ControlQueue &operator=(const ControlQueue &) = delete;

    // `receiver` must outlive the queue (the owner shuts the queue down before dying).
    void post(Job job, QObject *receiver, Done done);
    // Drops jobs not yet started, waits for the running one, joins the thread.
    void shutdown();
    int pending() const;   // queued or running

private:
    struct Entry {
        Job job;
        QObject *receiver;
        Done done;
    };
    void loop();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Entry> m_entries;
    bool m_busy = false;
    bool m_quit = false;
    std::thread m_thread;
};

} // namespace throttle
