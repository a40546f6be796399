#pragma once
// Fiber: one user-space execution context with its own native stack (docs/vu-engine.md §2), on
// Boost.Context's `fiber` (fcontext: a register swap in assembly, no system call). A scheduler
// resumes it on its thread; the fiber runs until it calls Fiber::suspend() or its body returns.
// A fiber is created, resumed and destroyed on one thread, and never migrates: Qt objects and curl
// handles made inside it belong to that thread.
//
// Sanitizers: every switch is announced to AddressSanitizer (__sanitizer_start_switch_fiber /
// __sanitizer_finish_switch_fiber, so it tracks which stack is live and keeps fake stacks per
// fiber) and to ThreadSanitizer (__tsan_create_fiber / __tsan_switch_to_fiber, so each fiber has
// its own shadow call stack and happens-before clock). Valgrind is told about each stack.

#include "core/exec/fiberstack.h"

#include <functional>
#include <memory>

namespace throttle {

class Fiber {
public:
    using Body = std::function<void()>;

    // The body must not throw; it starts on the first resume().
    Fiber(FiberStack stack, Body body);
    // Only a finished fiber, or one never resumed, may be destroyed.
    ~Fiber();
    Fiber(const Fiber &) = delete;
    Fiber &operator=(const Fiber &) = delete;

    // Scheduler side: runs the fiber until it suspends or finishes. Returns true once finished.
    bool resume();
    // Fiber side: back to the context that resumed this fiber.
    static void suspend();
    // The fiber running on this thread, or null on a thread's own stack.
    static Fiber *current();

    bool isFinished() const { return m_finished; }
    bool isStarted() const { return m_started; }
    const FiberStack &stack() const { return m_stack; }
    // Hands the stack back (for a pool) once finished.
    FiberStack takeStack();

private:
    struct Impl;
    void enter();   // the first code on the fiber's own stack
    void switchOut();

    FiberStack m_stack;
    Body m_body;
    std::unique_ptr<Impl> m_impl;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace throttle
