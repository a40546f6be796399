#pragma once
// Keeping a long run's resident memory flat (glibc's allocator; no-ops elsewhere).
//
// With one thread per VU, glibc spreads allocations over up to 8 × cores arenas, and memory freed
// inside them stays resident, fragmented across arenas: in a 30-minute soak at 50 VUs RSS crept
// up by ~5 % while live data stayed flat. Measured (bench/README.md, 6-minute soaks side by side):
// default arenas 103 -> 110 MiB, two arenas 100 -> 101 MiB.
namespace throttle {

// Call first thing in main(), before any thread starts: caps glibc's malloc arenas at the
// number of cores (at least 2) unless MALLOC_ARENA_MAX is set in the environment.
void limitHeapArenas();

// Returns free heap pages to the system (malloc_trim). LocalRun calls it every 10 s from its run
// thread.
void releaseFreeHeapMemory();

} // namespace throttle
