#include "ui/sessionpreparer.h"

#include "core/exec/localrun.h"
#include "core/script/loadcancel.h"

#include <QCoreApplication>
#include <QThread>

namespace throttle {

namespace {
// The options pass runs a whole QJSEngine on the worker: give it the stack a VU thread gets and
// more (ARCHITECTURE.md §4: engines need well over 1 MiB at their recursion limit).
constexpr uint kStackBytes = 8u << 20;
}

SessionPreparer::SessionPreparer(QObject *parent) : QObject(parent)
{
    m_pool.setStackSize(kStackBytes);
    m_pool.setMaxThreadCount(2);   // a cancelled preparation may still be winding down
}

SessionPreparer::~SessionPreparer()
{
    cancel();
    m_pool.waitForDone();
}

void SessionPreparer::cancel()
{
    if (m_current)
        m_current->cancel();
    m_current.reset();
    ++m_generation;   // whatever the cancelled worker delivers is dropped
}

void SessionPreparer::prepare(const QString &scriptPath, const QMap<QString, QString> &env, LogSink *log,
                              const QJsonObject &overrides)
{
    cancel();
    auto cancelHandle = std::make_shared<LoadCancel>();
    m_current = cancelHandle;
    m_clock.start();
    const quint64 generation = m_generation;
    QThread *gui = thread();
    m_pool.start([this, scriptPath, env, log, cancelHandle, generation, gui, overrides] {
        auto result = std::make_shared<Result>();
        result->session = RunSession::prepare(scriptPath, env, log, &result->exitCode, &result->error,
                                              &result->warnings, cancelHandle, overrides);
        if (cancelHandle->isCancelled()) {
            result->session.reset();   // never handed over: dies here, on its own thread
            return;
        }
        if (result->session)
            result->session->run().moveToThread(gui);   // from its owning thread, as Qt requires
        // The destructor waits for the pool, so `this` is alive here; should it be gone before
        // the queued call runs, Qt drops the call with its context object.
        QMetaObject::invokeMethod(this, [this, generation, result] { deliver(generation, result); },
                                  Qt::QueuedConnection);
    });
}

void SessionPreparer::deliver(quint64 generation, std::shared_ptr<Result> result)
{
    if (generation != m_generation)
        return;   // cancelled after it had finished: dropped on the GUI thread, never started
    m_current.reset();
    m_result = std::make_unique<Result>(std::move(*result));
    emit finished();
}

} // namespace throttle
