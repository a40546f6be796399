#include "core/http/bodycompression.h"

#include <QStringList>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

namespace throttle {

namespace {

// windowBits 15 + 16 = gzip wrapper, 15 = zlib wrapper (what k6 calls deflate).
bool zlibCompress(const QByteArray &in, int windowBits, QByteArray *out)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    out->resize(qsizetype(deflateBound(&zs, uLong(in.size()))) + 32);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef *>(out->data());
    zs.avail_out = uInt(out->size());
    const int rc = deflate(&zs, Z_FINISH);
    out->resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return rc == Z_STREAM_END;
}

bool zlibDecompress(const QByteArray &in, int windowBits, QByteArray *out)
{
    z_stream zs{};
    if (inflateInit2(&zs, windowBits) != Z_OK)
        return false;
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
    zs.avail_in = uInt(in.size());
    out->clear();
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef *>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->append(buf, qsizetype(sizeof buf - zs.avail_out));
    }
    inflateEnd(&zs);
    return rc == Z_STREAM_END;
}

bool brotliCompress(const QByteArray &in, QByteArray *out)
{
    size_t size = BrotliEncoderMaxCompressedSize(size_t(in.size()));
    out->resize(qsizetype(size ? size : 64));
    size = size_t(out->size());
    const bool ok = BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                          size_t(in.size()), reinterpret_cast<const uint8_t *>(in.constData()),
                                          &size, reinterpret_cast<uint8_t *>(out->data()));
    out->resize(qsizetype(size));
    return ok;
}

bool brotliDecompress(const QByteArray &in, QByteArray *out)
{
    BrotliDecoderState *s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    size_t availIn = size_t(in.size());
    const uint8_t *nextIn = reinterpret_cast<const uint8_t *>(in.constData());
    out->clear();
    BrotliDecoderResult r = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    uint8_t buf[16384];
    while (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        size_t availOut = sizeof buf;
        uint8_t *nextOut = buf;
        r = BrotliDecoderDecompressStream(s, &availIn, &nextIn, &availOut, &nextOut, nullptr);
        out->append(reinterpret_cast<const char *>(buf), qsizetype(sizeof buf - availOut));
    }
    BrotliDecoderDestroyInstance(s);
    return r == BROTLI_DECODER_RESULT_SUCCESS;
}

bool zstdCompress(const QByteArray &in, QByteArray *out)
{
    out->resize(qsizetype(ZSTD_compressBound(size_t(in.size()))));
    const size_t n = ZSTD_compress(out->data(), size_t(out->size()), in.constData(), size_t(in.size()), 3);
    if (ZSTD_isError(n))
        return false;
    out->resize(qsizetype(n));
    return true;
}

bool zstdDecompress(const QByteArray &in, QByteArray *out)
{
    ZSTD_DStream *s = ZSTD_createDStream();
    ZSTD_initDStream(s);
    ZSTD_inBuffer input{in.constData(), size_t(in.size()), 0};
    out->clear();
    char buf[16384];
    size_t rc = 1;
    while (input.pos < input.size || rc != 0) {
        ZSTD_outBuffer output{buf, sizeof buf, 0};
        rc = ZSTD_decompressStream(s, &output, &input);
        if (ZSTD_isError(rc) || (output.pos == 0 && input.pos == input.size && rc != 0))
            break;
        out->append(buf, qsizetype(output.pos));
    }
    ZSTD_freeDStream(s);
    return !ZSTD_isError(rc) && rc == 0;
}

bool compressOne(const QString &algorithm, const QByteArray &in, QByteArray *out)
{
    if (algorithm == u"gzip")
        return zlibCompress(in, 15 + 16, out);
    if (algorithm == u"deflate")
        return zlibCompress(in, 15, out);
    if (algorithm == u"zstd")
        return zstdCompress(in, out);
    return brotliCompress(in, out);
}

} // namespace

bool BodyCompression::apply(const QString &spec, QByteArray *body, QByteArray *contentEncoding, QString *error)
{
    static const QStringList known = {QStringLiteral("gzip"), QStringLiteral("deflate"), QStringLiteral("zstd"),
                                      QStringLiteral("br")};
    QStringList algorithms;
    for (const QString &part : spec.split(u',')) {
        const QString a = part.trimmed();
        if (!known.contains(a)) {
            *error = QStringLiteral("unknown compression algorithm %1, supported algorithms are [gzip deflate zstd br]")
                         .arg(a);
            return false;
        }
        algorithms.append(a);
    }
    QByteArray data = *body;
    for (const QString &a : std::as_const(algorithms)) {
        QByteArray out;
        if (!compressOne(a, data, &out)) {
            *error = QStringLiteral("%1 compression failed").arg(a);
            return false;
        }
        data = std::move(out);
    }
    *body = std::move(data);
    *contentEncoding = algorithms.join(QStringLiteral(", ")).toLatin1();
    return true;
}

bool BodyCompression::decode(const QByteArray &algorithm, const QByteArray &in, QByteArray *out)
{
    if (algorithm == "gzip")
        return zlibDecompress(in, 15 + 16, out);
    if (algorithm == "deflate")
        return zlibDecompress(in, 15, out);
    if (algorithm == "zstd")
        return zstdDecompress(in, out);
    if (algorithm == "br")
        return brotliDecompress(in, out);
    return false;
}

} // namespace throttle
