#include "core/exec/memorytrim.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// jemalloc's control interface, resolved at link time only when the executable links jemalloc.
extern "C" int mallctl(const char *name, void *oldp, std::size_t *oldlenp, void *newp, std::size_t newlen)
    __attribute__((weak));

namespace throttle {

bool usingJemalloc()
{
    return mallctl != nullptr;
}

void limitHeapArenas()
{
    if (usingJemalloc())
        return;
#if defined(__GLIBC__)
    if (std::getenv("MALLOC_ARENA_MAX"))
        return;
    const int cores = int(std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, std::max(2, cores));
#endif
}

void releaseFreeHeapMemory()
{
    // jemalloc returns unused dirty pages on its own, ~10 s after they were freed (decay): forcing
    // a purge here would only make hot pages fault back in.
    if (usingJemalloc())
        return;
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

int threadCacheVus()
{
    return 64 * std::max(1, int(std::thread::hardware_concurrency()));
}

void setThreadCacheEnabled(bool enabled)
{
    if (usingJemalloc())
        mallctl("thread.tcache.enabled", nullptr, nullptr, &enabled, sizeof enabled);
}

void releaseThreadCache()
{
    if (usingJemalloc())
        mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
}

} // namespace throttle
