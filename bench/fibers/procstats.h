#pragma once
// ProcStats: what the fiber benches read of their own process from /proc (Linux): a VmRSS-style
// field of /proc/self/status in KiB, and the number of memory mappings (vm.max_map_count bounds
// how many VUs fit). Header-only: each bench is one executable.

#include <fstream>
#include <string>

namespace throttle::bench {

// A "Key:" line of /proc/self/status (e.g. "VmRSS:", "VmHWM:"), in KiB; 0 when absent.
inline long statusKiB(const char *key)
{
    std::ifstream f("/proc/self/status");
    std::string k;
    while (f >> k) {
        if (k == key) {
            long v = 0;
            f >> v;
            return v;
        }
        f.ignore(1 << 12, '\n');
    }
    return 0;
}

// Lines of /proc/self/maps: one per mapping.
inline long mapCount()
{
    std::ifstream f("/proc/self/maps");
    long n = 0;
    std::string line;
    while (std::getline(f, line))
        ++n;
    return n;
}

} // namespace throttle::bench
