#pragma once
// SessionPreparer: prepares a RunSession off the GUI thread, so opening a script — loading it,
// transpiling it with esbuild, compiling it for k6's options pass — never blocks the window. One
// preparation is current at a time: prepare() again cancels the one in progress (LoadCancel stops
// esbuild and interrupts the options-pass engine) and its result is dropped. The finished session's
// LocalRun is moved to the GUI thread before finished() is emitted there; take() hands it over.
// Lives on the GUI thread; its workers run on a private thread pool that the destructor cancels
// and waits for.

#include "ui/runsession.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QStringList>
#include <QThreadPool>

#include <memory>

namespace throttle {

class LoadCancel;
class LogSink;

class SessionPreparer : public QObject
{
    Q_OBJECT
public:
    struct Result {
        std::unique_ptr<RunSession> session;   // null on failure
        int exitCode = 0;
        QString error;
        QStringList warnings;
    };

    explicit SessionPreparer(QObject *parent = nullptr);
    ~SessionPreparer() override;

    // Starts preparing scriptPath (log receives what the script logs meanwhile; it must outlive
    // this object). Cancels a preparation still running.
    void prepare(const QString &scriptPath, const QMap<QString, QString> &env, LogSink *log,
                 const QJsonObject &overrides = {});
    void cancel();
    bool busy() const { return m_current != nullptr; }
    qint64 elapsedMs() const { return busy() ? m_clock.elapsed() : 0; }
    // The result of the preparation that just finished (call once, after finished()).
    std::unique_ptr<Result> take() { return std::move(m_result); }

signals:
    void finished();

private:
    void deliver(quint64 generation, std::shared_ptr<Result> result);

    QThreadPool m_pool;
    std::shared_ptr<LoadCancel> m_current;   // the running preparation's cancel handle
    quint64 m_generation = 0;
    QElapsedTimer m_clock;
    std::unique_ptr<Result> m_result;
};

} // namespace throttle
