#pragma once
// ControlQueue: the control thread of the REST API. State-changing requests (PATCH /v1/status,
// PUT/POST /v1/setup, POST /v1/teardown) run here one at a time, in arrival order
// (control-api.md §1.2), because RunControl calls block — a pause until in-flight iterations end.
// Each answer goes back to the thread that made the queue (the server's) through a result list
// guarded by the queue's own mutex; Qt's queued call to deliver() only wakes that thread and
// carries no data, so the hand-over is one ThreadSanitizer can see (installer/tsan.sh). The server's
// event loop never waits. Owns one std::thread; post() and shutdown() on the owner's thread.

#include "api/apiresponse.h"

#include <QObject>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace throttle {

class ControlQueue : public QObject {
    Q_OBJECT
public:
    using Job = std::function<ApiResponse()>;
    using Done = std::function<void(const ApiResponse &)>;

    ControlQueue();
    ~ControlQueue() override;   // shutdown()
    ControlQueue(const ControlQueue &) = delete;
    ControlQueue &operator=(const ControlQueue &) = delete;

    // Runs job on the control thread; done(answer) is called later on the owner's thread.
    void post(Job job, Done done);
    // Drops jobs not yet started and answers not yet delivered, waits for the running job, joins
    // the thread. After it, done is never called.
    void shutdown();
    int pending() const;   // queued or running

private:
    struct Entry {
        Job job;
        Done done;
    };
    struct Result {
        Done done;
        ApiResponse response;
    };
    void loop();
    Q_INVOKABLE void deliver();   // owner's thread: calls done for every result that is ready

    mutable std::mutex m_mutex;   // guards everything below
    std::condition_variable m_wake;
    std::deque<Entry> m_entries;
    std::deque<Result> m_results;
    bool m_busy = false;
    bool m_quit = false;
    std::thread m_thread;
};

} // namespace throttle
