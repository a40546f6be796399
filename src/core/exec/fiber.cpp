#include "core/exec/fiber.h"

#include <boost/context/fiber.hpp>

#include <cstdio>
#include <cstdlib>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define THROTTLE_FIBER_ASAN 1
#include <sanitizer/asan_interface.h>
#endif
#if defined(__SANITIZE_THREAD__)
#define THROTTLE_FIBER_TSAN 1
#include <sanitizer/tsan_interface.h>
#endif
#if __has_include(<valgrind/valgrind.h>)
#define THROTTLE_FIBER_VALGRIND 1
#include <valgrind/valgrind.h>
#endif

namespace ctx = boost::context;

namespace throttle {

namespace {

thread_local Fiber *t_current = nullptr;

// Hands Boost.Context the stack the Fiber already owns; the Fiber frees (or pools) it.
struct BorrowedStack {
    ctx::stack_context sc;
    ctx::stack_context allocate() { return sc; }
    void deallocate(ctx::stack_context &) noexcept {}
};

} // namespace

struct Fiber::Impl {
    ctx::fiber self;      // the suspended fiber (valid while not running)
    ctx::fiber caller;    // the suspended resumer (valid while the fiber runs)
    Fiber *previous = nullptr;
#ifdef THROTTLE_FIBER_ASAN
    void *fakeStack = nullptr;          // this fiber's ASan fake stack, kept while it is switched out
    void *callerFakeStack = nullptr;    // the resumer's, kept while the fiber runs
    const void *callerBottom = nullptr; // the resumer's stack bounds, learnt on each entry
    std::size_t callerSize = 0;
#endif
#ifdef THROTTLE_FIBER_TSAN
    void *tsanFiber = nullptr;
    void *tsanCaller = nullptr;
#endif
#ifdef THROTTLE_FIBER_VALGRIND
    unsigned valgrindId = 0;
#endif
};

Fiber::Fiber(FiberStack stack, Body body)
    : m_stack(std::move(stack)), m_body(std::move(body)), m_impl(std::make_unique<Impl>())
{
    if (!m_stack.isValid()) {
        std::fprintf(stderr, "throttle: fiber without a stack\n");
        std::abort();
    }
    BorrowedStack alloc{ctx::stack_context{}};
    alloc.sc.size = m_stack.size();
    alloc.sc.sp = m_stack.top();
#ifdef THROTTLE_FIBER_VALGRIND
    m_impl->valgrindId = VALGRIND_STACK_REGISTER(m_stack.bottom(), m_stack.top());
#endif
#ifdef THROTTLE_FIBER_TSAN
    m_impl->tsanFiber = __tsan_create_fiber(0);
#endif
    m_impl->self = ctx::fiber(std::allocator_arg, std::move(alloc), [this](ctx::fiber &&caller) {
        m_impl->caller = std::move(caller);
        enter();
        return std::move(m_impl->caller);
    });
}

Fiber::~Fiber()
{
    if (m_started && !m_finished) {
        std::fprintf(stderr, "throttle: a suspended fiber was destroyed\n");
        std::abort();
    }
    if (!m_started) {
        // Its record lives on its stack: let it run to the end with no body, with the switch
        // announced to the sanitizers like any other, rather than letting Boost unwind it.
        m_body = nullptr;
        resume();
    }
#ifdef THROTTLE_FIBER_TSAN
    __tsan_destroy_fiber(m_impl->tsanFiber);
#endif
#ifdef THROTTLE_FIBER_VALGRIND
    VALGRIND_STACK_DEREGISTER(m_impl->valgrindId);
#endif
}

Fiber *Fiber::current()
{
    return t_current;
}

FiberStack Fiber::takeStack()
{
    return std::move(m_stack);
}

bool Fiber::resume()
{
    if (m_finished)
        return true;
    m_started = true;
    m_impl->previous = t_current;
    t_current = this;
#ifdef THROTTLE_FIBER_TSAN
    m_impl->tsanCaller = __tsan_get_current_fiber();
    __tsan_switch_to_fiber(m_impl->tsanFiber, 0);
#endif
#ifdef THROTTLE_FIBER_ASAN
    __sanitizer_start_switch_fiber(&m_impl->callerFakeStack, m_stack.bottom(), m_stack.size());
#endif
    m_impl->self = std::move(m_impl->self).resume();
#ifdef THROTTLE_FIBER_ASAN
    __sanitizer_finish_switch_fiber(m_impl->callerFakeStack, nullptr, nullptr);
#endif
    t_current = m_impl->previous;
    return m_finished;
}

void Fiber::enter()
{
#ifdef THROTTLE_FIBER_ASAN
    __sanitizer_finish_switch_fiber(nullptr, &m_impl->callerBottom, &m_impl->callerSize);
#endif
    if (m_body)
        m_body();
    m_body = nullptr;   // captured state dies on the fiber's thread, before the switch
    m_finished = true;
#ifdef THROTTLE_FIBER_TSAN
    __tsan_switch_to_fiber(m_impl->tsanCaller, 0);
#endif
#ifdef THROTTLE_FIBER_ASAN
    // null: this fiber never comes back, so ASan frees its fake stack.
    __sanitizer_start_switch_fiber(nullptr, m_impl->callerBottom, m_impl->callerSize);
#endif
}

void Fiber::suspend()
{
    Fiber *self = t_current;
    if (!self) {
        std::fprintf(stderr, "throttle: Fiber::suspend() outside a fiber\n");
        std::abort();
    }
    self->switchOut();
}

void Fiber::switchOut()
{
#ifdef THROTTLE_FIBER_TSAN
    __tsan_switch_to_fiber(m_impl->tsanCaller, 0);
#endif
#ifdef THROTTLE_FIBER_ASAN
    __sanitizer_start_switch_fiber(&m_impl->fakeStack, m_impl->callerBottom, m_impl->callerSize);
#endif
    m_impl->caller = std::move(m_impl->caller).resume();
#ifdef THROTTLE_FIBER_ASAN
    __sanitizer_finish_switch_fiber(m_impl->fakeStack, &m_impl->callerBottom, &m_impl->callerSize);
#endif
}

} // namespace throttle
