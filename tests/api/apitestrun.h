#pragma once
// ApiTestRun: a real run for the REST API tests — a DemoTarget on 127.0.0.1:0 (BASE_URL), a
// PreparedRun of a script from tests/api/data and an ApiServer on 127.0.0.1:0 over it — plus
// small helpers to wait with a deadline while the test thread's event loop keeps serving.

#include "api/apicontext.h"
#include "api/apiserver.h"
#include "core/exec/preparedrun.h"
#include "demo/demotarget.h"
#include "support/testlog.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonObject>
#include <functional>
#include <memory>

namespace throttle {

inline QString apiData(const QString &name)
{
    return QStringLiteral(THROTTLE_API_DATA "/") + name;
}

// Spins the event loop until pred() or the deadline; returns pred().
inline bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!pred() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return pred();
}

class ApiTestRun {
public:
    bool prepare(const QString &script, const QJsonObject &cliOverrides = {}, QMap<QString, QString> env = {},
                 bool strictK6 = false)
    {
        if (!m_demo.start())
            return false;
        RunRequest req;
        req.scriptPath = apiData(script);
        req.cliOverrides = cliOverrides;
        env.insert(QStringLiteral("BASE_URL"), m_demo.baseUrl());
        req.env = env;
        req.strictK6 = strictK6;
        int code = 0;
        m_prepared = PreparedRun::prepare(req, &m_log, &code, &m_error);
        if (!m_prepared)
            return false;
        m_server = std::make_unique<ApiServer>(ApiContext::forRun(*m_prepared));
        return m_server->start(QHostAddress::LocalHost, 0, &m_error);
    }
    ~ApiTestRun()
    {
        if (m_prepared && m_started && !m_prepared->run().isFinished()) {
            m_prepared->run().stop();
            m_prepared->run().waitFinished();
        }
        m_server.reset();
    }

    void start()
    {
        m_started = true;
        m_prepared->run().start();
    }
    bool waitStatus(int status, int timeoutMs = 15000)
    {
        return waitUntil([&] { return run().status().status == status; }, timeoutMs);
    }
    bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 15000) { return throttle::waitUntil(pred, timeoutMs); }
    bool waitFinished(int timeoutMs = 30000)
    {
        return waitUntil([&] { return run().isFinished(); }, timeoutMs);
    }

    void closeServer() { m_server.reset(); }   // as `throttle run` does at the end
    LocalRun &run() { return m_prepared->run(); }
    MetricsEngine &metrics() { return m_prepared->metrics(); }
    ApiServer &server() { return *m_server; }
    DemoTarget &demo() { return m_demo; }
    quint16 port() const { return m_server->port(); }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_server->port()); }
    QString error() const { return m_error; }
    TestLog &log() { return m_log; }

private:
    DemoTarget m_demo;
    TestLog m_log;
    QString m_error;
    std::unique_ptr<PreparedRun> m_prepared;
    std::unique_ptr<ApiServer> m_server;
    bool m_started = false;
};

} // namespace throttle
