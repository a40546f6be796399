#include "core/exec/fiberworker.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace throttle {

namespace {

thread_local FiberWorker *t_worker = nullptr;
thread_local FiberTask *t_task = nullptr;

void ensureCurlGlobalInit()
{
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)initialised;
}

} // namespace

std::int64_t FiberWorker::nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

FiberWorker::FiberWorker(std::size_t stackSize) : m_stacks(stackSize)
{
    ensureCurlGlobalInit();
    m_multi = curl_multi_init();
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (!isValid())
        return;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &FiberWorker::onCurlSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &FiberWorker::onCurlTimer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    // The connection cache of a multi handle defaults to 4 x its easy handles, and a VU's handle
    // leaves the multi after every transfer: without a fixed size the cache would close the
    // keep-alive connections of idle VUs. VUs that need their own pool use a CURLSH each.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 100000L);
}

FiberWorker::~FiberWorker()
{
    stop();
    if (m_multi)
        curl_multi_cleanup(m_multi);
    if (m_wakeFd >= 0)
        close(m_wakeFd);
    if (m_epoll >= 0)
        close(m_epoll);
}

void FiberWorker::start()
{
    if (!isValid()) {
        std::fprintf(stderr, "throttle: FiberWorker::start() on a worker without its descriptors\n");
        std::abort();   // a programming error: the owner checks isValid() first
    }
    m_thread = std::thread([this] { loop(); });
}

void FiberWorker::stop()
{
    if (!m_thread.joinable())
        return;
    m_stopping.store(true, std::memory_order_release);
    const std::uint64_t one = 1;
    (void)!write(m_wakeFd, &one, sizeof one);
    m_thread.join();
}

void FiberWorker::post(std::function<void()> fn)
{
    {
        std::lock_guard lock(m_inboxMutex);
        m_inbox.push_back(std::move(fn));
    }
    if (!m_inboxPending.exchange(true, std::memory_order_acq_rel)) {
        const std::uint64_t one = 1;   // one wake-up per batch of posts
        (void)!write(m_wakeFd, &one, sizeof one);
    }
}

FiberWorker *FiberWorker::current()
{
    return t_worker;
}

FiberTask *FiberWorker::currentTask()
{
    return t_task;
}

FiberTask *FiberWorker::spawn(std::function<void()> body)
{
    FiberStack stack = m_stacks.take();
    if (!stack.isValid())
        return nullptr;   // mmap refused (address space, vm.max_map_count)
    const std::uint64_t id = m_nextId++;
    auto fiber = std::make_unique<Fiber>(std::move(stack), std::move(body));
    auto task = std::make_unique<FiberTask>(this, std::move(fiber), id);
    FiberTask *raw = task.get();
    m_tasks.emplace(id, std::move(task));
    m_ready.push_back(raw);
    return raw;
}

FiberTask *FiberWorker::task(std::uint64_t id) const
{
    const auto it = m_tasks.find(id);
    return it == m_tasks.end() ? nullptr : it->second.get();
}

void FiberWorker::makeReady(FiberTask *task)
{
    task->wait = FiberTask::Wait::Ready;
    m_ready.push_back(task);
}

void FiberWorker::wake(FiberTask *task)
{
    switch (task->wait) {
    case FiberTask::Wait::Transfers:
        for (CURL *easy : task->inFlight) {
            // Removing an unfinished transfer closes its connection: that is what cuts it.
            curl_multi_remove_handle(m_multi, easy);
            m_transferOwner.erase(easy);
            task->done.emplace_back(easy, CURLE_ABORTED_BY_CALLBACK);
        }
        task->inFlight.clear();
        break;
    case FiberTask::Wait::Timer:
        ++task->timerSeq;   // its heap entry goes stale
        break;
    case FiberTask::Wait::Parked:
        break;
    case FiberTask::Wait::Ready:
    case FiberTask::Wait::Running:
        return;   // not waiting: nothing to cut (a busy fiber is stopped by its engine's interrupt)
    }
    task->wokenEarly = true;
    makeReady(task);
}

void FiberWorker::wakeAll()
{
    for (auto &[id, task] : m_tasks)
        wake(task.get());
}

void FiberWorker::suspendAs(FiberTask::Wait wait)
{
    FiberTask *self = t_task;
    self->wait = wait;
    Fiber::suspend();
    self->wait = FiberTask::Wait::Running;
}

void FiberWorker::startTransfer(CURL *easy)
{
    FiberTask *self = t_task;
    m_transferOwner[easy] = self;
    self->inFlight.push_back(easy);
    curl_multi_add_handle(m_multi, easy);
}

std::vector<std::pair<CURL *, CURLcode>> FiberWorker::waitTransfers()
{
    FiberTask *self = t_task;
    self->wokenEarly = false;
    if (self->done.empty() && !self->inFlight.empty())
        suspendAs(FiberTask::Wait::Transfers);
    return std::exchange(self->done, {});
}

CURLcode FiberWorker::perform(CURL *easy)
{
    startTransfer(easy);
    for (;;) {
        for (const auto &[handle, code] : waitTransfers()) {
            if (handle == easy)
                return code;
        }
    }
}

bool FiberWorker::sleepUntil(std::int64_t deadlineNs)
{
    FiberTask *self = t_task;
    self->wokenEarly = false;
    if (deadlineNs <= nowNs())
        return true;
    self->timerDueNs = deadlineNs;
    self->timerSeq = ++m_timerSeq;
    m_timers.push(TimerEntry{deadlineNs, self->timerSeq, self});
    suspendAs(FiberTask::Wait::Timer);
    return !self->wokenEarly;
}

void FiberWorker::park()
{
    t_task->wokenEarly = false;
    suspendAs(FiberTask::Wait::Parked);
}

void FiberWorker::yield()
{
    m_ready.push_back(t_task);
    suspendAs(FiberTask::Wait::Ready);
}

FiberWorker::Stats FiberWorker::stats() const
{
    return m_stats;
}

void FiberWorker::loop()
{
    t_worker = this;
    for (;;) {
        runInbox();
        fireTimers();
        runReady();
        if (m_stopping.load(std::memory_order_acquire) && m_tasks.empty())
            break;
        const bool busy = !m_ready.empty() || m_inboxPending.load(std::memory_order_acquire);
        driveCurl(busy ? 0 : pollTimeoutMs());
    }
    t_worker = nullptr;
    if (std::getenv("THROTTLE_FIBER_STATS")) {
        std::fprintf(stderr, "worker: switches=%llu polls=%llu transfers=%llu poll_ms=%lld fiber_ms=%lld curl_ms=%lld\n",
                     (unsigned long long)m_stats.switches, (unsigned long long)m_stats.polls,
                     (unsigned long long)m_stats.transfers, (long long)(m_stats.pollNs / 1000000),
                     (long long)(m_stats.fiberNs / 1000000), (long long)(m_stats.curlNs / 1000000));
    }
}

void FiberWorker::runInbox()
{
    if (!m_inboxPending.exchange(false, std::memory_order_acq_rel))
        return;
    std::vector<std::function<void()>> batch;
    {
        std::lock_guard lock(m_inboxMutex);
        batch.swap(m_inbox);
    }
    for (auto &fn : batch)
        fn();
}

void FiberWorker::fireTimers()
{
    const std::int64_t now = nowNs();
    while (!m_timers.empty() && m_timers.top().dueNs <= now) {
        const TimerEntry e = m_timers.top();
        m_timers.pop();
        if (e.task->wait == FiberTask::Wait::Timer && e.task->timerSeq == e.seq)
            makeReady(e.task);
    }
}

void FiberWorker::runReady()
{
    // Only the fibers ready now: one made ready meanwhile waits for the next turn, after curl
    // has had its say (so a yielding fiber cannot starve the sockets).
    if (m_ready.empty())
        return;
    const std::int64_t t0 = nowNs();
    for (std::size_t n = m_ready.size(); n > 0 && !m_ready.empty(); --n) {
        FiberTask *task = m_ready.front();
        m_ready.pop_front();
        task->wait = FiberTask::Wait::Running;
        t_task = task;
        ++m_stats.switches;
        const bool finished = task->fiber->resume();
        t_task = nullptr;
        if (finished)
            finish(task);
    }
    m_stats.fiberNs += nowNs() - t0;
}

void FiberWorker::finish(FiberTask *task)
{
    for (CURL *easy : task->inFlight) {
        curl_multi_remove_handle(m_multi, easy);
        m_transferOwner.erase(easy);
    }
    m_stacks.recycle(task->fiber->takeStack());
    m_tasks.erase(task->id);
}

int FiberWorker::onCurlSocket(CURL *, curl_socket_t s, int what, void *self, void *socketp)
{
    auto *w = static_cast<FiberWorker *>(self);
    epoll_event ev{};
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(w->m_epoll, EPOLL_CTL_DEL, s, nullptr);
        curl_multi_assign(w->m_multi, s, nullptr);
        return 0;
    }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
    // socketp says whether curl has seen this socket registered; the kernel's view can differ
    // (a descriptor closed while registered leaves the set on its own, and its number comes back
    // for a new socket): fall back to the other operation instead of losing the socket's events.
    const int first = socketp ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(w->m_epoll, first, s, &ev) != 0) {
        const int second = first == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
        if (epoll_ctl(w->m_epoll, second, s, &ev) != 0)
            return -1;   // curl fails the transfers on this socket rather than hang them
    }
    if (!socketp)
        curl_multi_assign(w->m_multi, s, w);   // any non-null marks "registered"
    return 0;
}

int FiberWorker::onCurlTimer(CURLM *, long timeoutMs, void *self)
{
    auto *w = static_cast<FiberWorker *>(self);
    w->m_curlDueNs = timeoutMs < 0 ? -1 : nowNs() + std::int64_t(timeoutMs) * 1000000;
    return 0;
}

void FiberWorker::driveCurl(int timeoutMs)
{
    epoll_event events[256];
    std::int64_t t0 = nowNs();
    if (timeoutMs > 0)
        ++m_stats.polls;
    const int n = epoll_wait(m_epoll, events, 256, timeoutMs);
    const std::int64_t t1 = nowNs();
    if (timeoutMs > 0)
        m_stats.pollNs += t1 - t0;
    int running = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            std::uint64_t drained;
            (void)!read(m_wakeFd, &drained, sizeof drained);
            continue;
        }
        const std::uint32_t e = events[i].events;
        const int flags = (e & EPOLLIN ? CURL_CSELECT_IN : 0) | (e & EPOLLOUT ? CURL_CSELECT_OUT : 0)
            | (e & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
        curl_multi_socket_action(m_multi, fd, flags, &running);
    }
    if (m_curlDueNs >= 0 && m_curlDueNs <= nowNs()) {
        m_curlDueNs = -1;
        curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    readCurlMessages();
    m_stats.curlNs += nowNs() - t1;
}

void FiberWorker::readCurlMessages()
{
    int queued = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &queued)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *easy = msg->easy_handle;
        const CURLcode code = msg->data.result;
        const auto it = m_transferOwner.find(easy);
        if (it == m_transferOwner.end())
            continue;
        FiberTask *task = it->second;
        m_transferOwner.erase(it);
        curl_multi_remove_handle(m_multi, easy);
        auto &in = task->inFlight;
        in.erase(std::remove(in.begin(), in.end(), easy), in.end());
        task->done.emplace_back(easy, code);
        ++m_stats.transfers;
        if (task->wait == FiberTask::Wait::Transfers)
            makeReady(task);
    }
}

int FiberWorker::pollTimeoutMs() const
{
    std::int64_t due = m_timers.empty() ? -1 : m_timers.top().dueNs;
    if (m_curlDueNs >= 0 && (due < 0 || m_curlDueNs < due))
        due = m_curlDueNs;
    if (due < 0)
        return 1000;
    const std::int64_t left = due - nowNs();
    if (left <= 0)
        return 0;
    return int(std::min<std::int64_t>(1000, (left + 999999) / 1000000));
}

} // namespace throttle
