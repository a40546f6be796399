#include "core/exec/memorytrim.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace throttle {

void limitHeapArenas()
{
#if defined(__GLIBC__)
    if (std::getenv("MALLOC_ARENA_MAX"))
        return;
    const int cores = int(std::thread::hardware_concurrency());
    mallopt(M_ARENA_MAX, std::max(2, cores));
#endif
}

void releaseFreeHeapMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace throttle
