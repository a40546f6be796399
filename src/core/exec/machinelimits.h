#pragma once
// MachineLimits: what this process may still create, read from the kernel at the moment of the
// question: open files (RLIMIT_NOFILE), threads (threads-max, pid_max, cgroup pids.max,
// vm.max_map_count, RLIMIT_NPROC for non-root users) and memory (MemAvailable, cgroup v2
// memory.max). A plain value; read() may be called from any thread and costs a few small file
// reads (it is asked once per vus-max change, never per iteration).

#include <QtGlobal>

namespace throttle {

struct MachineLimits {
    static constexpr qint64 kUnlimited = -1;

    qint64 openFilesLimit = kUnlimited;   // RLIMIT_NOFILE soft limit
    qint64 openFiles = 0;                 // descriptors open in this process now
    // Threads this process may still start, over every thread limit (kUnlimited if none applies),
    // and the name of the limit that gave that number ("threads-max", "pids.max", ...).
    qint64 threadsLeft = kUnlimited;
    const char *threadLimitName = "";
    qint64 memoryAvailable = kUnlimited;  // bytes: min(MemAvailable, cgroup memory.max - current)
    const char *memoryLimitName = "";

    static MachineLimits read();
    // Go (and so k6) raises the soft RLIMIT_NOFILE to the hard limit at start; so do we (once).
    static void raiseOpenFileLimit();
};

} // namespace throttle
