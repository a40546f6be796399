#pragma once
// MemoryGuard: ends a run before the process runs out of memory (issue 15, item 7). Qt 6.4's
// script engine does not survive an allocation failure (QV4::MemoryManager::allocData uses the
// failed allocation and the process dies of SIGSEGV), so a script that keeps ever more data must be
// stopped while memory is still there: a thread samples the process every kPollMs and, once the
// usage crosses the limit, calls onExceeded once (LocalRun aborts the run: every VU is interrupted,
// the summary is printed, exit code 107).
//
// Usage and limit, whichever is reached first:
//   - resident memory (RSS) against the configured limit (--max-memory / THROTTLE_MAX_MEMORY),
//   - RSS against 90 % of what the process could have: RSS + MemAvailable, or the cgroup v2
//     memory.max,
//   - the address space (VmSize) against 90 % of RLIMIT_AS (ulimit -v).
// Lives on its own thread between start() and stop(); thread-safe.

#include <QString>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace throttle {

class MemoryGuard {
public:
    static constexpr int kPollMs = 20;

    struct Reading {
        qint64 rss = 0;          // bytes
        qint64 vmSize = 0;       // bytes
        qint64 available = -1;   // MemAvailable, bytes; -1 unknown
        qint64 cgroupMax = -1;   // memory.max, bytes; -1 none
        qint64 addressLimit = -1;   // RLIMIT_AS, bytes; -1 none
        static Reading now();
    };

    // maxBytes: the configured limit on RSS; 0 = only the machine's limits.
    explicit MemoryGuard(qint64 maxBytes, std::function<void(const QString &)> onExceeded);
    ~MemoryGuard();   // stop()

    void start();
    void stop();
    // The refusal for a reading, or empty when it is within every limit (pure; tested row by row).
    static QString exceeded(const Reading &r, qint64 maxBytes);
    // "4GiB", "512MB", "1.5g", "1000000" -> bytes; nullopt when it is not a size.
    static std::optional<qint64> parseBytes(const QString &text);

private:
    void loop();

    const qint64 m_maxBytes;
    std::function<void(const QString &)> m_onExceeded;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace throttle
