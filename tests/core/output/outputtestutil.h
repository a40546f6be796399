#pragma once
// Helpers shared by the output tests: read a whole (possibly gzipped) file, a fixed sample time.

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QTimeZone>
#include <zlib.h>

namespace throttle {

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Inflates gzip data with zlib's own decoder (windowBits 15 + 16: gzip framing only).
inline QByteArray gunzip(const QByteArray &data, bool *ok)
{
    z_stream z{};
    *ok = inflateInit2(&z, 15 + 16) == Z_OK;
    QByteArray out;
    char chunk[16384];
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    z.avail_in = uInt(data.size());
    int rc = Z_OK;
    while (*ok && rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef *>(chunk);
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END)
            *ok = false;
        out.append(chunk, qsizetype(sizeof chunk - z.avail_out));
    }
    inflateEnd(&z);
    return out;
}

// Unix nanoseconds of a UTC date-time plus a nanosecond fraction.
inline qint64 utcNs(int y, int mo, int d, int h, int mi, int s, qint64 nanos)
{
    const QDateTime t(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
    return t.toSecsSinceEpoch() * 1000000000LL + nanos;
}

} // namespace throttle
