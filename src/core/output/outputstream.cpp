#include "core/output/outputstream.h"

#include <QTextStream>
#include <zlib.h>

namespace throttle {

std::unique_ptr<OutputStream> OutputStream::open(const QString &fileName, QTextStream *stdoutStream,
                                                 QString *error)
{
    std::unique_ptr<OutputStream> s(new OutputStream);
    s->m_buffer.reserve(kFlushBytes + 4096);
    s->m_sinceFlush.start();
    if (fileName.isEmpty() || fileName == QLatin1String("-")) {
        s->m_stdout = stdoutStream;
        return s;
    }
    s->m_file.setFileName(fileName);
    // Unbuffered: the chunks are large already; QFile's own buffer would only copy them again.
    if (!s->m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("open %1: %2").arg(fileName, s->m_file.errorString());
        return nullptr;
    }
    if (fileName.endsWith(QLatin1String(".gz"))) {
        s->m_zlib = std::make_unique<z_stream_s>();
        *s->m_zlib = z_stream_s{};
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's. Level 1: the collector
        // thread compresses every sample; the default level costs ~4x the CPU for ~25 % less disk.
        if (deflateInit2(s->m_zlib.get(), Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8,
                         Z_DEFAULT_STRATEGY) != Z_OK) {
            if (error)
                *error = QStringLiteral("could not start gzip compression");
            return nullptr;
        }
    }
    return s;
}

OutputStream::~OutputStream()
{
    close();
    if (m_zlib)
        deflateEnd(m_zlib.get());
}

void OutputStream::write(const QByteArray &bytes)
{
    m_buffer += bytes;
    written();
}

void OutputStream::written()
{
    if (m_buffer.size() >= kFlushBytes)
        flush();
}

void OutputStream::tick()
{
    if (!m_buffer.isEmpty() && m_sinceFlush.elapsed() >= 1000)
        flush();
}

bool OutputStream::writeCompressed(const QByteArray &bytes, bool finish, QString *error)
{
    char chunk[64 * 1024];
    z_stream_s &z = *m_zlib;
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(bytes.constData()));
    z.avail_in = uInt(bytes.size());
    int rc = Z_OK;
    do {
        z.next_out = reinterpret_cast<Bytef *>(chunk);
        z.avail_out = sizeof chunk;
        rc = deflate(&z, finish ? Z_FINISH : Z_NO_FLUSH);
        if (rc == Z_STREAM_ERROR) {
            if (error)
                *error = QStringLiteral("gzip compression failed");
            return false;
        }
        const qint64 n = qint64(sizeof chunk - z.avail_out);
        if (n > 0 && m_file.write(chunk, n) != n) {
            if (error)
                *error = m_file.errorString();
            return false;
        }
    } while (z.avail_out == 0 || (finish && rc != Z_STREAM_END));
    return true;
}

bool OutputStream::flush(QString *error)
{
    if (m_closed)
        return m_error.isEmpty();
    m_sinceFlush.restart();
    bool ok = true;
    if (!m_buffer.isEmpty()) {
        QString why;
        if (m_stdout) {
            *m_stdout << QString::fromUtf8(m_buffer);
            m_stdout->flush();
        } else if (m_zlib) {
            ok = writeCompressed(m_buffer, false, &why);
        } else {
            ok = m_file.write(m_buffer) == m_buffer.size();
            if (!ok)
                why = m_file.errorString();
        }
        if (!ok && m_error.isEmpty())
            m_error = QStringLiteral("write %1: %2").arg(m_file.fileName(), why);
        m_buffer.resize(0);   // keeps the capacity (clear() would free it, to be regrown by appends)
    }
    if (!m_error.isEmpty() && error)
        *error = m_error;
    return m_error.isEmpty();
}

bool OutputStream::close(QString *error)
{
    if (m_closed) {
        if (!m_error.isEmpty() && error)
            *error = m_error;
        return m_error.isEmpty();
    }
    flush();
    if (m_zlib && m_error.isEmpty()) {
        QString why;
        if (!writeCompressed(QByteArray(), true, &why))
            m_error = QStringLiteral("write %1: %2").arg(m_file.fileName(), why);
    }
    if (m_file.isOpen() && !m_file.flush() && m_error.isEmpty())
        m_error = QStringLiteral("write %1: %2").arg(m_file.fileName(), m_file.errorString());
    m_file.close();
    m_closed = true;
    if (!m_error.isEmpty() && error)
        *error = m_error;
    return m_error.isEmpty();
}

} // namespace throttle
