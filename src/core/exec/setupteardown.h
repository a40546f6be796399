#pragma once
// SetupTeardown: runs the script's setup() and teardown() on a pseudo VU (__VU 0, its own
// engine made for the call) and keeps the setup data, as raw JSON, that every VU receives
// (control-api.md §6). Called from the run thread (the setup and teardown phases) and from REST
// callers (POST /v1/setup, /v1/teardown; GET/PUT /v1/setup): the data is guarded by its own lock.

#include "core/script/vuruntime.h"

#include <QByteArray>
#include <QMutex>
#include <optional>

namespace throttle {

struct ScriptContext;
class RunHooks;
class VuPool;

class SetupTeardown {
public:
    // ctx, hooks and pool must outlive this object.
    SetupTeardown(ScriptContext &ctx, RunHooks &hooks, VuPool &pool);

    // setup(): a result that is not undefined becomes the setup data.
    CallResult runSetup();
    // teardown(data) with the current setup data.
    CallResult runTeardown();
    std::optional<QByteArray> data() const;   // nullopt = not set
    void setData(std::optional<QByteArray> json);   // the VUs get it too

private:
    CallResult call(const QString &fn, const QByteArray &arg);

    ScriptContext &m_ctx;
    RunHooks &m_hooks;
    VuPool &m_pool;
    mutable QMutex m_mutex;
    std::optional<QByteArray> m_data;   // guarded by m_mutex
};

} // namespace throttle
