#pragma once
// OutputStream: the buffered byte sink behind the streaming outputs (JSON lines, CSV): a file
// (gzip-compressed when its name ends in ".gz"), or stdout for "" and "-". Writes are collected
// in memory and reach the file in large chunks, so the collecting thread never makes a system
// call per sample. Owned by one output; used from one thread at a time.

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QString>
#include <memory>

class QTextStream;
struct z_stream_s;

namespace throttle {

class OutputStream
{
public:
    // stdoutStream receives the bytes for "" and "-" (the CLI's stdout). On failure returns
    // nullptr with the OS error text.
    static std::unique_ptr<OutputStream> open(const QString &fileName, QTextStream *stdoutStream,
                                              QString *error);
    ~OutputStream();

    void write(const QByteArray &bytes);
    QByteArray &buffer() { return m_buffer; }   // append directly, then call written()
    void written();                              // flushes when the buffer is large
    void tick();                                 // flushes when the last flush is >= 1 s old
    bool flush(QString *error = nullptr);        // hands everything buffered to the file
    bool close(QString *error = nullptr);        // flush, finish gzip, close; idempotent

    bool isStdout() const { return m_stdout != nullptr; }
    bool isGzip() const { return m_zlib != nullptr; }

private:
    OutputStream() = default;
    bool writeCompressed(const QByteArray &bytes, bool finish, QString *error);

    static constexpr qsizetype kFlushBytes = 256 * 1024;
    QByteArray m_buffer;
    QFile m_file;
    QTextStream *m_stdout = nullptr;
    std::unique_ptr<z_stream_s> m_zlib;
    bool m_closed = false;
    QElapsedTimer m_sinceFlush;
    QString m_error;   // first write error, reported by close()
};

} // namespace throttle
