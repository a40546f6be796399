// fiber_switch: the cost of one fiber switch (resume + suspend = 2 switches), three ways:
//   boost  — throttle::Fiber (Boost.Context fcontext, with its sanitizer hooks compiled out in
//            Release), the class the engine uses
//   raw    — boost::context::fiber alone (what Fiber adds on top)
//   ucontext — glibc swapcontext (saves and restores the signal mask: a system call each way)
// Usage: fiber_switch [round-trips]   Prints ns per switch; run under callgrind for instructions.
#include "core/exec/fiber.h"

#include <boost/context/fiber.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ucontext.h>

using namespace throttle;
using Clock = std::chrono::steady_clock;

namespace {

long g_rounds = 1000000;
volatile long g_sink = 0;

double nsPerSwitch(Clock::time_point t0, long rounds)
{
    return std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / double(rounds * 2);
}

double benchRaw()
{
    namespace ctx = boost::context;
    ctx::fiber f{[](ctx::fiber &&back) {
        for (;;) {
            g_sink = g_sink + 1;
            back = std::move(back).resume();
        }
        return std::move(back);
    }};
    f = std::move(f).resume();
    const auto t0 = Clock::now();
    for (long i = 0; i < g_rounds; ++i)
        f = std::move(f).resume();
    return nsPerSwitch(t0, g_rounds);
}

ucontext_t g_main, g_uc;
void ucBody()
{
    for (;;) {
        g_sink = g_sink + 1;
        swapcontext(&g_uc, &g_main);
    }
}

double benchUcontext()
{
    static char stack[64 * 1024];
    getcontext(&g_uc);
    g_uc.uc_stack.ss_sp = stack;
    g_uc.uc_stack.ss_size = sizeof stack;
    g_uc.uc_link = nullptr;
    makecontext(&g_uc, ucBody, 0);
    swapcontext(&g_main, &g_uc);
    const auto t0 = Clock::now();
    for (long i = 0; i < g_rounds; ++i)
        swapcontext(&g_main, &g_uc);
    return nsPerSwitch(t0, g_rounds);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 1)
        g_rounds = std::atol(argv[1]);
    const char *only = std::getenv("FIBER_SWITCH_ONLY");   // boost | raw | ucontext (callgrind)
    auto want = [&](const char *n) { return !only || std::string_view(only) == n; };
    if (want("raw"))
        std::printf("raw boost::context::fiber: %.1f ns/switch\n", benchRaw());
    if (want("ucontext"))
        std::printf("ucontext swapcontext    : %.1f ns/switch\n", benchUcontext());
    if (want("boost")) {
        // throttle::Fiber aborts when a suspended fiber is destroyed, so time it and exit here.
        Fiber f(FiberStack::allocate(64 * 1024), [] {
            for (;;) {
                g_sink = g_sink + 1;
                Fiber::suspend();
            }
        });
        f.resume();
        const auto t0 = Clock::now();
        for (long i = 0; i < g_rounds; ++i)
            f.resume();
        std::printf("throttle::Fiber         : %.1f ns/switch\n", nsPerSwitch(t0, g_rounds));
        std::fflush(stdout);
        std::_Exit(0);
    }
    return 0;
}
