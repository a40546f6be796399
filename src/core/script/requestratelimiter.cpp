#include "core/script/requestratelimiter.h"

#include <chrono>

namespace throttle {

qint64 RequestRateLimiter::nowNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace throttle
