#pragma once
// The process's heap allocator, tuned for one thread per VU (see bench/README.md "Soak").
//
// The executables link jemalloc when it is available (CMake option THROTTLE_JEMALLOC, on by
// default, off in sanitizer builds): side by side for 10 minutes at 50 VUs it kept RSS flat
// (+0.0 %) and ran as many requests as glibc's allocator with its default arenas (which crept
// +2.5 %), and 12 % more than glibc capped at 4 arenas. This code does not link jemalloc itself:
// it asks for jemalloc's `mallctl` as a weak symbol, so the same library works under glibc
// malloc (tests, sanitizer builds, other platforms), where it falls back to glibc's knobs.
namespace throttle {

// True when jemalloc serves malloc in this process.
bool usingJemalloc();

// Call first thing in main(), before any thread starts. Under glibc: caps malloc arenas at the
// number of cores (at least 2) unless MALLOC_ARENA_MAX is set. Under jemalloc: nothing (its
// arenas and decay-based purging keep RSS flat on their own).
void limitHeapArenas();

// Returns free heap pages to the system under glibc (malloc_trim); jemalloc does this itself
// (decay-based purging). LocalRun calls it every 10 s from its run thread.
void releaseFreeHeapMemory();

// jemalloc's per-thread caches (no-ops under glibc). A cache makes a busy thread's malloc/free
// lock-free, but each one holds up to ~100 KiB: at 1000 VUs peak RSS was 1085 MiB with caches
// against 781 MiB without, while at 200 VUs turning them all off cost ~10 % of requests/s. So a VU
// thread keeps its cache only for the first threadCacheVus() VUs (64 per core): beyond that many
// VUs per core, most of them wait on the network or in sleep() rather than allocate.
int threadCacheVus();
void setThreadCacheEnabled(bool enabled);

// Hands the calling thread's cached free blocks back to the shared arenas. A VU calls it after
// building its engine, which frees a lot.
void releaseThreadCache();

} // namespace throttle
