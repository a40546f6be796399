#pragma once
// EsbuildService: one `esbuild --service=<version>` child process and the transform requests sent
// to it (EsbuildPacket is the wire format). A whole batch of files goes out at once and the
// service works on them in parallel, so a run starts one esbuild process however many modules it
// transpiles; each request carries its own flags (loader, source file name, import.meta). The
// process starts on the first transform() and ends with this object (its stdin is closed).
// Create, use and destroy on one thread; it needs no event loop (QProcess's waitFor* calls).
// `cancel`, when given, may be set from any thread: a transform in progress then stops within
// ~50 ms and the child is killed.

#include "core/script/esbuildexecutable.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QProcess;

namespace throttle {

class EsbuildPacket;

class EsbuildService {
public:
    struct Message {
        QString text;       // "Unexpected \";\""
        QString file;       // the --sourcefile of the request ("" when the message has no location)
        int line = 0;       // 1-based
        int column = 0;     // 0-based, in UTF-8 bytes of lineText
        QString lineText;   // the source line the message points into
    };
    struct Request {
        QStringList flags;  // esbuild's command-line flags for this file
        QByteArray input;   // the source
    };
    struct Response {
        QByteArray code;
        QByteArray map;     // source map JSON (when a --sourcemap flag asked for one)
        QList<Message> errors;
    };

    EsbuildService(EsbuildExecutable executable, const std::atomic<bool> *cancel = nullptr);
    ~EsbuildService();
    EsbuildService(const EsbuildService &) = delete;
    EsbuildService &operator=(const EsbuildService &) = delete;

    // One response per request, in the same order. False with *error when the process could not
    // be started, died, spoke garbage, or the batch was cancelled.
    bool transform(const QList<Request> &requests, QList<Response> *responses, QString *error);
    bool started() const { return m_process != nullptr; }

private:
    bool start(QString *error);
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_acquire); }
    // Waits for more output; false with *error when the child is gone or the batch was cancelled.
    bool readMore(QString *error);
    void answer(const EsbuildPacket &request);   // the service's own requests (ping)
    QString failure(const QString &what) const;  // what + the child's stderr
    void stop();

    EsbuildExecutable m_executable;
    const std::atomic<bool> *m_cancel;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_buffer;
    quint32 m_nextId = 0;
};

} // namespace throttle
