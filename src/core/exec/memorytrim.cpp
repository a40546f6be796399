#include "core/exec/memorytrim.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace throttle {

void releaseFreeHeapMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace throttle
