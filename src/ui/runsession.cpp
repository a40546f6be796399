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

void RunSession::start()
{
    if (m_started)
        return;
    m_started = true;
    run().start();
}

} // namespace throttle
