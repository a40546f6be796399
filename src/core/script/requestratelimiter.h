#pragma once
// RequestRateLimiter: options.rps / `--rps`, the most requests per second this instance starts,
// shared by all its VUs. As k6 (a token bucket of burst 1): request starts are spaced 1/rps apart,
// the first goes at once, and time spent idle is not saved up for a burst later.
//
// Threads: reserve() from any VU thread; lock-free (one compare-and-swap loop on the next free
// slot). Times are steady-clock nanoseconds (steadyNowNs(), core/http/httptransport.h).

#include <QtGlobal>

#include <algorithm>
#include <atomic>

namespace throttle {

class RequestRateLimiter {
public:
    explicit RequestRateLimiter(qint64 perSecond)
        : m_intervalNs(perSecond > 0 ? std::max<qint64>(1, 1000000000 / perSecond) : 0)
    {
    }

    // Takes the first free slot at or after nowNs and returns its time: the caller may start its
    // request then (at once if it is <= nowNs).
    qint64 reserve(qint64 nowNs)
    {
        qint64 next = m_next.load(std::memory_order_relaxed);
        for (;;) {
            const qint64 slot = std::max(next, nowNs);
            if (m_next.compare_exchange_weak(next, slot + m_intervalNs, std::memory_order_relaxed))
                return slot;
        }
    }

    qint64 intervalNs() const { return m_intervalNs; }

private:
    const qint64 m_intervalNs;
    std::atomic<qint64> m_next{0};
};

} // namespace throttle
