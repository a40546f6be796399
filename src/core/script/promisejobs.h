#pragma once
// PromiseJobs: runs the promise jobs of the QJSEngine that lives on the calling thread.
//
// Qt 6.4's V4 engine has no job queue of its own: every promise reaction (a `then` callback, the
// step after an `await` once esbuild made it a generator) and every "resolve with a thenable" step
// is an event posted with QCoreApplication::postEvent to a handler object on the engine's thread.
// Nothing runs them unless that thread processes its posted events. A VU thread never runs an
// event loop, so an async iteration drives them here: process the thread's events until none is
// left (QEventLoop::processEvents reports whether it handled any), like k6's per-iteration event
// loop runs until it is empty. Create, use and destroy on the engine's thread.

#include <QtGlobal>
#include <atomic>
#include <memory>

class QEventLoop;

namespace throttle {

class PromiseJobs {
public:
    PromiseJobs();
    ~PromiseJobs();
    PromiseJobs(const PromiseJobs &) = delete;
    PromiseJobs &operator=(const PromiseJobs &) = delete;

    // Runs queued jobs, and the jobs they queue, until none is left: true. False as soon as `stop`
    // is set (the jobs not run yet stay queued: discard() them).
    bool drain(const std::atomic<bool> &stop);
    // Drops every event still posted to this thread: the continuations of an interrupted
    // iteration must not resume inside the next one.
    static void discard();

private:
    std::unique_ptr<QEventLoop> m_loop;   // its constructor gives a thread without one an event dispatcher
};

} // namespace throttle
