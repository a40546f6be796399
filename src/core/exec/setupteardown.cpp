#include "core/exec/setupteardown.h"

#include "core/exec/vupool.h"
#include "core/metrics/metricsengine.h"
#include "core/script/scriptcontext.h"

namespace throttle {

SetupTeardown::SetupTeardown(ScriptContext &ctx, RunHooks &hooks, VuPool &pool) : m_ctx(ctx), m_hooks(hooks), m_pool(pool)
{
}

CallResult SetupTeardown::runSetup()
{
    const CallResult r = call(QStringLiteral("setup"), QByteArray());
    if (r.ok && !r.json.isEmpty())
        setData(r.json);
    return r;
}

CallResult SetupTeardown::runTeardown()
{
    return call(QStringLiteral("teardown"), data().value_or(QByteArray()));
}

std::optional<QByteArray> SetupTeardown::data() const
{
    QMutexLocker lock(&m_mutex);
    return m_data;
}

void SetupTeardown::setData(std::optional<QByteArray> json)
{
    QMutexLocker lock(&m_mutex);
    m_data = std::move(json);
    m_pool.setSetupData(m_data.value_or(QByteArray()));
}

CallResult SetupTeardown::call(const QString &fn, const QByteArray &arg)
{
    if (!m_ctx.functionExports.isEmpty() && !m_ctx.functionExports.contains(fn)) {
        CallResult none;   // not exported: k6 inits no VU for it (a big bundle compiles once less)
        none.ok = true;
        return none;
    }
    VuRuntime rt(m_ctx, 0, RuntimeKind::Pseudo, &m_hooks);
    QString error;
    if (!rt.init(&error)) {
        CallResult r;
        r.error = error;
        return r;
    }
    CallResult r = rt.callExport(fn, arg, fn);
    // Its samples count at once: a POST /v1/setup before the start shows in /v1/metrics.
    m_ctx.metrics->collect();
    return r;
}

} // namespace throttle
