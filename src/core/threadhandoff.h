#pragma once
// ThreadHandoff: tells ThreadSanitizer (installer/tsan.sh) about a hand-over between threads that
// happens inside Qt's libraries, which are not built with TSan and so hide their synchronisation
// from it: a queued or blocking-queued call (QMetaObject::invokeMethod), a task given to a
// QThreadPool. Without this, TSan reports the data handed over as racing. The sender calls
// release(token) just before handing over, the receiver acquire(token) before it touches what it
// got; the token is any address both know that is not read first (the receiving object, a
// static). No-ops in every other build. Header only, any thread; used by core, api and the demo.

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace throttle::ThreadHandoff {

inline void release(const void *token)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(const_cast<void *>(token));
#else
    (void)token;
#endif
}

inline void acquire(const void *token)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(const_cast<void *>(token));
#else
    (void)token;
#endif
}

} // namespace throttle::ThreadHandoff
