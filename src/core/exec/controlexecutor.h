#pragma once
// ControlExecutor: runs blocking control calls — RunControl's pause() waits for in-flight
// iterations, scale() for VUs to stop or initialise, a remote run's for its REST answer — one at a
// time, in arrival order (control-api.md §1.2, §2.3), on a thread of its own, and hands each
// result back to the thread that made the executor (its owner: the REST server's, the GUI's).
// The owner's event loop never waits. Both the REST server and the desktop's steering use it.
//
// The hand-over: a result waits in a list guarded by the executor's own mutex; Qt's queued call
// to deliver() only wakes the owner's thread and carries no data, so the hand-over is one
// ThreadSanitizer can see (installer/tsan.sh). Owns one std::thread; post(), waitForDone() and
// shutdown() on the owner's thread.

#include <QObject>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace throttle {

class ControlExecutor : public QObject {
    Q_OBJECT
public:
    ControlExecutor();
    ~ControlExecutor() override;   // shutdown()
    ControlExecutor(const ControlExecutor &) = delete;
    ControlExecutor &operator=(const ControlExecutor &) = delete;

    // Runs job on the control thread; done(its result) is called later on the owner's thread.
    template <typename R>
    void post(std::function<R()> job, std::type_identity_t<std::function<void(const R &)>> done)
    {
        auto result = std::make_shared<R>();
        postErased([job = std::move(job), result] { *result = job(); },
                   [done = std::move(done), result] { done(*result); });
    }
    // Waits until every job posted so far has run (their answers are delivered by the owner's
    // event loop afterwards, as usual).
    void waitForDone();
    // Drops jobs not yet started and answers not yet delivered, waits for the running job, joins
    // the thread. After it, done is never called and post() does nothing.
    void shutdown();
    int pending() const;   // queued or running

private:
    struct Entry {
        std::function<void()> job;
        std::function<void()> done;
    };
    void postErased(std::function<void()> job, std::function<void()> done);
    void loop();
    Q_INVOKABLE void deliver();   // owner's thread: calls done for every job that has run

    mutable std::mutex m_mutex;   // guards everything below
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Entry> m_entries;
    std::deque<std::function<void()>> m_results;
    bool m_busy = false;
    bool m_quit = false;
    std::thread m_thread;
};

} // namespace throttle
