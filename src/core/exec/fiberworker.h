#pragma once
// FiberWorker: one OS thread that runs many fibers (VUs) cooperatively (docs/vu-engine.md §3).
// It owns
//   - the run queue of ready fibers (FIFO: a fiber that waited runs after those already ready),
//   - ONE curl multi handle that drives every HTTP transfer of its fibers, through
//     curl_multi_socket_action and an epoll set (each turn costs O(sockets that had events), not
//     O(transfers): curl_multi_perform + curl_multi_poll walk every transfer and every socket),
//   - a timer heap for sleeps and timers (and curl's own single timer),
//   - a command inbox that any thread posts to (a mutex-guarded vector, an atomic "pending" flag
//     the loop reads without the lock, and an eventfd in the epoll set to wake the loop).
// A fiber that waits (transfer, sleep, park) suspends; the loop runs the next ready fiber, and
// when none is ready it sleeps in epoll_wait until a socket, a timer or a post wakes it.
//
// Threads: construct and post() from anywhere; everything else runs on the worker thread —
// spawn() and wake() from posted functions or from fibers, the wait functions only inside one of
// this worker's fibers. A fiber never migrates to another worker.

#include "core/exec/fiberstack.h"
#include "core/exec/fibertask.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <vector>

namespace throttle {

class FiberWorker {
public:
    struct Stats {
        std::uint64_t switches = 0;   // fiber resumes
        std::uint64_t polls = 0;      // blocking epoll_wait calls (the loop had nothing ready)
        std::uint64_t transfers = 0;  // transfers that ended
        std::int64_t pollNs = 0;      // time asleep in epoll_wait
        std::int64_t fiberNs = 0;     // time running fibers
        std::int64_t curlNs = 0;      // time in curl_multi_socket_action and reading its messages
    };

    // stackSize: usable bytes of each fiber's stack. 8 MiB reserved (only touched pages cost RSS):
    // Qt 6.4's engine touches up to 4.3 MiB at its call-depth limit (docs/vu-engine.md §2).
    static constexpr std::size_t kDefaultStackSize = 8 * 1024 * 1024;
    explicit FiberWorker(std::size_t stackSize = kDefaultStackSize);
    ~FiberWorker();   // stop() and join
    FiberWorker(const FiberWorker &) = delete;
    FiberWorker &operator=(const FiberWorker &) = delete;

    // False when the kernel refused the worker's descriptors (epoll set, eventfd: RLIMIT_NOFILE
    // reached) or curl its multi handle; such a worker must not be started.
    bool isValid() const { return m_multi && m_epoll >= 0 && m_wakeFd >= 0; }
    void start();
    // Any thread: ends the loop once no fiber is left, then joins. Fibers must be told to finish
    // (their owners post that) — the worker never destroys a suspended fiber.
    void stop();

    // Any thread: fn runs on the worker thread, outside any fiber, at the loop's next turn.
    void post(std::function<void()> fn);

    // Worker thread: a new fiber, ready at once. The returned task lives until the body returns.
    FiberTask *spawn(std::function<void()> body);
    // Worker thread, outside the task's fiber: cuts whatever the task waits for (its transfers
    // are removed from the multi handle, which closes their connections, and end with
    // CURLE_ABORTED_BY_CALLBACK; a sleep ends early) and makes it ready.
    void wake(FiberTask *task);
    void wakeAll();   // worker thread: wake() every task (stop, shutdown)
    // Worker thread: the task with this id, if it still runs (for commands posted by id).
    FiberTask *task(std::uint64_t id) const;

    // Inside one of this worker's fibers:
    static FiberWorker *current();
    static FiberTask *currentTask();
    // Adds easy to the multi handle (not blocking); waitTransfers() collects its end.
    void startTransfer(CURL *easy);
    // Suspends until at least one of the task's transfers ended; returns those that did.
    std::vector<std::pair<CURL *, CURLcode>> waitTransfers();
    // startTransfer + waitTransfers for one transfer.
    CURLcode perform(CURL *easy);
    // Suspends until the steady-clock deadline (ns) or wake(); false when woken early.
    bool sleepUntil(std::int64_t deadlineNs);
    void park();    // suspends until wake()
    void yield();   // to the back of the run queue

    CURLM *multi() const { return m_multi; }
    std::size_t fiberCount() const { return m_tasks.size(); }   // worker thread
    Stats stats() const;                                         // worker thread
    bool isWorkerThread() const { return std::this_thread::get_id() == m_thread.get_id(); }
    static std::int64_t nowNs();

private:
    struct TimerEntry {
        std::int64_t dueNs;
        std::uint64_t seq;
        FiberTask *task;
        bool operator>(const TimerEntry &o) const { return dueNs > o.dueNs; }
    };

    void loop();
    void runInbox();
    void fireTimers();
    void runReady();
    void driveCurl(int timeoutMs);
    void readCurlMessages();
    static int onCurlSocket(CURL *easy, curl_socket_t s, int what, void *self, void *socketp);
    static int onCurlTimer(CURLM *multi, long timeoutMs, void *self);
    void makeReady(FiberTask *task);
    void suspendAs(FiberTask::Wait wait);
    int pollTimeoutMs() const;
    void finish(FiberTask *task);

    CURLM *m_multi = nullptr;
    int m_epoll = -1;
    int m_wakeFd = -1;                // eventfd: post() and stop() write, the loop drains
    std::int64_t m_curlDueNs = -1;    // curl's timer (CURLMOPT_TIMERFUNCTION); -1 = none
    FiberStackPool m_stacks;
    std::thread m_thread;
    std::deque<FiberTask *> m_ready;
    std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> m_timers;
    std::unordered_map<std::uint64_t, std::unique_ptr<FiberTask>> m_tasks;
    std::unordered_map<CURL *, FiberTask *> m_transferOwner;
    std::uint64_t m_nextId = 1;
    std::uint64_t m_timerSeq = 0;
    Stats m_stats;

    std::mutex m_inboxMutex;
    std::vector<std::function<void()>> m_inbox;
    std::atomic<bool> m_inboxPending{false};
    std::atomic<bool> m_stopping{false};
};

} // namespace throttle
