#pragma once
// VuCapacity: decides whether `more` VUs can be initialised on top of the `current` ones before
// anything is started (issue 15, item 1: a vus-max of 10^9 used to start threads until the
// process aborted). Four limits, checked in this order, each named in the refusal:
//   1. the ceiling (--max-vus-ceiling / THROTTLE_MAX_VUS; 0 = none),
//   2. open files: each VU holds kFixedFdsPerVu descriptors plus at least one connection,
//   3. threads: one per VU (MachineLimits::threadsLeft),
//   4. memory: MemAvailable (or the cgroup's limit) at the measured cost of one VU, of which at
//      most 90 % may be taken.
// The per-VU memory cost is measured by VuPool while it initialises VUs (the RSS growth of a batch
// of at least kMeasureBatch VUs); until then kDefaultBytesPerVu. Thread-safe (atomics).

#include "core/exec/machinelimits.h"

#include <QString>
#include <atomic>

namespace throttle {

class VuCapacity {
public:
    static constexpr qint64 kDefaultCeiling = 50000;
    static constexpr qint64 kFixedFdsPerVu = 3;         // measured: the curl multi wake-up pair and the thread's event wake-up
    static constexpr qint64 kFdsPerVu = kFixedFdsPerVu + 1;   // plus one connection
    static constexpr qint64 kReservedFds = 64;          // outputs, the REST API, the log...
    static constexpr qint64 kReservedThreads = 32;
    static constexpr qint64 kDefaultBytesPerVu = 1024 * 1024;
    static constexpr qint64 kMinBytesPerVu = 256 * 1024;
    static constexpr qint64 kMeasureBatch = 8;

    explicit VuCapacity(qint64 ceiling = kDefaultCeiling) : m_ceiling(ceiling) {}

    qint64 ceiling() const { return m_ceiling; }
    qint64 bytesPerVu() const { return m_bytesPerVu.load(std::memory_order_relaxed); }
    // A batch of `vus` VUs made the process grow by `rssBytes`: a measurement of the VU cost.
    void noteBatch(qint64 vus, qint64 rssBytes);

    // Empty when `more` VUs fit on top of `current`; otherwise why not, naming the limit.
    // `what` starts the message ("the new number of max VUs (N)", "the scenario's 5000 VUs").
    QString refusal(qint64 current, qint64 more, const QString &what) const;
    QString refusal(qint64 current, qint64 more, const QString &what, const MachineLimits &machine) const;

    // The process's resident set size in bytes (/proc/self/statm); 0 if unknown.
    static qint64 residentBytes();
    // "1.5 GiB", "700 KiB"
    static QString formatBytes(qint64 bytes);

private:
    const qint64 m_ceiling;
    std::atomic<qint64> m_bytesPerVu{kDefaultBytesPerVu};
};

} // namespace throttle
