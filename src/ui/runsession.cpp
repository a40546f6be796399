#include "ui/runsession.h"

namespace throttle {

std::unique_ptr<RunSession> RunSession::prepare(const QString &scriptPath, const QMap<QString, QString> &env,
                                                LogSink *log, int *exitCode, QString *error,
                                                QStringList *warnings, std::shared_ptr<LoadCancel> cancel,
                                                const QJsonObject &overrides)
{
    RunRequest request;
    request.cliOverrides = overrides;
    request.scriptPath = scriptPath;
    request.env = env;
    request.systemEnv = env;
    request.cancel = std::move(cancel);
    std::unique_ptr<RunSession> s(new RunSession);
    s->m_prepared = PreparedRun::prepare(request, log, exitCode, error, warnings);
    if (!s->m_prepared)
        return nullptr;
    s->m_prepared->metrics().addSink(&s->m_seconds);
    return s;
}

RunSession::~RunSession()
{
    if (m_started && !run().isFinished())
        run().stop();
    if (m_started)
        run().waitFinished();
}

void RunSession::start(const QString &historyPath, QString *historyError)
{
    if (m_started)
        return;
    m_started = true;
    if (!historyPath.isEmpty())
        m_history = HistoryRecorder::start(historyPath, {m_prepared->context().entryPath, QStringLiteral("desktop")},
                                           *m_prepared, historyError);
    run().start();
}

void RunSession::finishHistory(int exitCode)
{
    if (!m_history)
        return;
    metrics().collect();   // the last samples, before the summary is taken
    m_history->finish(exitCode, *m_prepared);   // kept: the engine still holds its sink
}

} // namespace throttle
