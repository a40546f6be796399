// VuRuntime's event loop side: how an exported function's call completes once its promise jobs
// and timers have run (k6 v1's per-VU event loop), and the timers' JavaScript callbacks.

#include "core/script/vuruntime.h"

#include "core/script/logsink.h"
#include "core/script/vueventloop.h"

#include <QJSEngine>

namespace throttle {

bool VuRuntime::isThenable(const QJSValue &v)
{
    return v.isObject() && v.property(QStringLiteral("then")).isCallable();
}

bool VuRuntime::fireTimer(int id)
{
    const GuardedCall call = callGuarded(m_fireTimer, QJSValue(id), QJSValue());
    if (call.ok)
        return true;
    m_timerError = call.value;
    return false;
}

void VuRuntime::stopTimers()
{
    TimerQueue &timers = m_loop->timers();
    if (m_ctx.log) {
        // k6's words for every timer an iteration leaves behind when it ends early.
        for (const int id : timers.ids())
            m_ctx.log->log(LogLevel::Warning,
                           QStringLiteral("%1 %2 was stopped because the VU iteration was interrupted")
                               .arg(timers.isInterval(id) ? QStringLiteral("setInterval") : QStringLiteral("setTimeout"))
                               .arg(id));
    }
    m_staleTimers = m_staleTimers || !timers.isEmpty();
    m_loop->discard();
}

void VuRuntime::forgetStaleTimers()
{
    if (!m_staleTimers)
        return;
    m_staleTimers = false;
    m_engine->globalObject().property(QStringLiteral("__throttleClearTimers")).call();
}

bool VuRuntime::drainEventLoop(QString *error, bool *interrupted)
{
    const VuEventLoop::End end = m_loop->run([this](int id) { return fireTimer(id); });
    if (end == VuEventLoop::End::Interrupted) {
        *interrupted = true;
        stopTimers();
        *error = QStringLiteral("Error: Interrupted");
        return false;
    }
    if (end == VuEventLoop::End::TimerThrew) {
        stopTimers();
        *error = describeError(m_timerError);
        return false;
    }
    return true;
}

VuRuntime::Completion VuRuntime::complete(GuardedCall call, const QString &fn)
{
    Completion c;
    if (interrupted()) {
        c.interrupted = true;
        stopTimers();
        return c;
    }
    if (!call.ok) {
        stopTimers();
        c.ok = false;
        c.error = describeError(call.value);
        c.stacktrace = true;
        return c;
    }
    if (isThenable(call.value))
        return settlePromise(call.value, fn);
    c.value = call.value;
    if (call.jobs || !m_loop->timers().isEmpty()) {
        // A synchronous function's promise work and timers run before it ends, as in k6.
        if (!drainEventLoop(&c.error, &c.interrupted)) {
            c.ok = false;
            c.stacktrace = true;
        }
    }
    return c;
}

VuRuntime::Completion VuRuntime::settlePromise(const QJSValue &promise, const QString &fn)
{
    Completion c;
    const QJSValue state = m_settle.call({promise});
    const auto rejected = [&state] { return state.property(QStringLiteral("state")).toInt() == 2; };
    // A rejection ends the iteration at once (k6 stops the timers left), a fulfilment only once
    // the timers are done too.
    const VuEventLoop::End end = m_loop->run([this](int id) { return fireTimer(id); }, rejected);
    if (end == VuEventLoop::End::Interrupted) {
        c.interrupted = true;
        stopTimers();
        return c;
    }
    if (end == VuEventLoop::End::TimerThrew) {
        stopTimers();
        c.ok = false;
        c.error = describeError(m_timerError);
        c.stacktrace = true;
        return c;
    }
    const int how = state.property(QStringLiteral("state")).toInt();
    c.value = state.property(QStringLiteral("value"));
    if (how == 2) {
        stopTimers();
        // k6's event loop reports a rejection nobody handled with this wording (js/eventloop).
        c.ok = false;
        c.error = QStringLiteral("Uncaught (in promise) ") + describeError(c.value);
    } else if (how == 0) {
        c.ok = false;
        c.error = QStringLiteral("the promise returned by %1() never settled: no promise job was left to run").arg(fn);
    }
    return c;
}

} // namespace throttle
