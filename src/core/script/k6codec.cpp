#include "core/script/k6codec.h"

#include "core/script/ripemd160.h"
#include "core/script/sha512t.h"

#include <QCryptographicHash>
#include <QJSEngine>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <optional>

namespace throttle {

namespace {

std::optional<QCryptographicHash::Algorithm> qtAlgorithm(const QString &alg)
{
    static const QHash<QString, QCryptographicHash::Algorithm> map{
        {QStringLiteral("md4"), QCryptographicHash::Md4},       {QStringLiteral("md5"), QCryptographicHash::Md5},
        {QStringLiteral("sha1"), QCryptographicHash::Sha1},     {QStringLiteral("sha256"), QCryptographicHash::Sha256},
        {QStringLiteral("sha384"), QCryptographicHash::Sha384}, {QStringLiteral("sha512"), QCryptographicHash::Sha512},
    };
    const auto it = map.constFind(alg);
    if (it == map.cend())
        return std::nullopt;
    return *it;
}

// SHA-512/t variants Qt 6.4 lacks (as is RIPEMD-160); 0 = not one of them.
int sha512Truncation(const QString &alg)
{
    if (alg == QLatin1String("sha512_224"))
        return 224;
    if (alg == QLatin1String("sha512_256"))
        return 256;
    return 0;
}

bool isUrlVariant(const QString &variant)
{
    return variant == QLatin1String("url") || variant == QLatin1String("rawurl");
}

bool isRawVariant(const QString &variant)
{
    return variant == QLatin1String("rawstd") || variant == QLatin1String("rawurl");
}

// HMAC (RFC 2104) over any hash given as a function of the message.
template <typename Hash>
QByteArray hmac(Hash hash, int blockSize, QByteArray key, const QByteArray &message)
{
    if (key.size() > blockSize)
        key = hash(key);
    key.resize(blockSize, '\0');
    QByteArray inner(blockSize, '\0');
    QByteArray outer(blockSize, '\0');
    for (int i = 0; i < blockSize; ++i) {
        inner[i] = char(key[i] ^ 0x36);
        outer[i] = char(key[i] ^ 0x5c);
    }
    return hash(outer + hash(inner + message));
}

} // namespace

K6Codec::K6Codec(QJSEngine &engine) : m_engine(engine) {}

QByteArray K6Codec::base64Encode(const QByteArray &data, const QString &variant)
{
    QByteArray::Base64Options opts = isUrlVariant(variant) ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding;
    if (isRawVariant(variant))
        opts |= QByteArray::OmitTrailingEquals;
    return data.toBase64(opts);
}

bool K6Codec::base64Decode(const QByteArray &text, const QString &variant, QByteArray *out, QString *error)
{
    const bool url = isUrlVariant(variant);
    const bool raw = isRawVariant(variant);
    const char c62 = url ? '-' : '+';
    const char c63 = url ? '_' : '/';
    QByteArray clean;   // Go skips CR and LF
    clean.reserve(text.size());
    for (char c : text)
        if (c != '\r' && c != '\n')
            clean.append(c);
    auto fail = [error](qsizetype at) {
        *error = QStringLiteral("illegal base64 data at input byte %1").arg(at);
        return false;
    };
    const qsizetype n = clean.size();
    qsizetype dataEnd = n;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = clean[i];
        const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == c62 || c == c63;
        if (alpha) {
            if (dataEnd != n)   // data after padding
                return fail(i);
            continue;
        }
        if (c != '=' || raw || i % 4 < 2 || n % 4 != 0)
            return fail(i);
        if (dataEnd == n)
            dataEnd = i;
    }
    if (!raw && n % 4 != 0)
        return fail(n);
    if (raw && n % 4 == 1)
        return fail(n - 1);
    if (dataEnd != n && dataEnd % 4 == 2 && n - dataEnd != 2)
        return fail(n);
    const auto res = QByteArray::fromBase64Encoding(
        clean.left(dataEnd), (url ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
                                 | QByteArray::AbortOnBase64DecodingErrors);
    if (!res)
        return fail(0);
    *out = res.decoded;
    return true;
}

bool K6Codec::isAlgorithm(const QString &alg)
{
    return qtAlgorithm(alg).has_value() || sha512Truncation(alg) != 0 || alg == QLatin1String("ripemd160");
}

QByteArray K6Codec::digestBytes(const QString &alg, bool useKey, const QByteArray &key, const QList<QByteArray> &chunks)
{
    if (const auto qa = qtAlgorithm(alg)) {
        if (useKey) {
            QMessageAuthenticationCode mac(*qa, key);
            for (const QByteArray &c : chunks)
                mac.addData(c);
            return mac.result();
        }
        QCryptographicHash h(*qa);
        for (const QByteArray &c : chunks)
            h.addData(c);
        return h.result();
    }
    if (const int bits = sha512Truncation(alg)) {
        auto hash = [bits](const QByteArray &m) { return Sha512t::hash(bits, m); };
        QByteArray message;
        for (const QByteArray &c : chunks)
            message += c;
        return useKey ? hmac(hash, Sha512t::kBlockSize, key, message) : hash(message);
    }
    if (alg == QLatin1String("ripemd160")) {
        QByteArray message;
        for (const QByteArray &c : chunks)
            message += c;
        return useKey ? hmac(&Ripemd160::hash, Ripemd160::kBlockSize, key, message) : Ripemd160::hash(message);
    }
    return QByteArray();
}

bool K6Codec::toBytes(const QJSValue &v, QByteArray *out)
{
    if (v.isString()) {
        *out = v.toString().toUtf8();
        return true;
    }
    const QVariant var = v.toVariant();
    if (var.metaType() == QMetaType::fromType<QByteArray>()) {
        *out = var.toByteArray();
        return true;
    }
    // k6 names the Go type the value converted to.
    QString type = QStringLiteral("map[string]interface {}");
    if (v.isNumber())
        type = v.toNumber() == double(qint64(v.toNumber())) ? QStringLiteral("int64") : QStringLiteral("float64");
    else if (v.isBool())
        type = QStringLiteral("bool");
    else if (v.isNull() || v.isUndefined())
        type = QStringLiteral("<nil>");
    else if (v.isArray())
        type = QStringLiteral("[]interface {}");
    m_engine.throwError(QStringLiteral("invalid type %1, expected string, []byte or ArrayBuffer").arg(type));
    return false;
}

QString K6Codec::b64encode(const QJSValue &input, const QString &variant)
{
    QByteArray data;
    if (!toBytes(input, &data))
        return QString();
    return QString::fromLatin1(base64Encode(data, variant));
}

QJSValue K6Codec::b64decode(const QString &text, const QString &variant, const QString &format)
{
    QByteArray out;
    QString error;
    if (!base64Decode(text.toUtf8(), variant, &out, &error)) {
        m_engine.throwError(error);
        return QJSValue();
    }
    if (format == QLatin1String("s"))
        return QJSValue(QString::fromUtf8(out));
    return m_engine.toScriptValue(out);
}

bool K6Codec::checkAlgorithm(const QString &alg)
{
    if (isAlgorithm(alg))
        return true;
    m_engine.throwError(QStringLiteral("invalid algorithm: %1").arg(alg));
    return false;
}

QJSValue K6Codec::digest(const QString &alg, const QJSValue &key, const QJSValue &chunks, const QString &encoding)
{
    if (!checkAlgorithm(alg))
        return QJSValue();
    QByteArray keyBytes;
    const bool useKey = !key.isNull() && !key.isUndefined();
    if (useKey && !toBytes(key, &keyBytes))
        return QJSValue();
    QList<QByteArray> parts;
    const int n = chunks.property(QStringLiteral("length")).toInt();
    for (int i = 0; i < n; ++i) {
        QByteArray part;
        if (!toBytes(chunks.property(quint32(i)), &part))
            return QJSValue();
        parts.append(part);
    }
    return encodeOutput(digestBytes(alg, useKey, keyBytes, parts), encoding);
}

QJSValue K6Codec::encodeOutput(const QByteArray &sum, const QString &encoding)
{
    if (encoding == QLatin1String("hex"))
        return QJSValue(QString::fromLatin1(sum.toHex()));
    if (encoding == QLatin1String("base64"))
        return QJSValue(QString::fromLatin1(base64Encode(sum, QStringLiteral("std"))));
    if (encoding == QLatin1String("base64url"))
        return QJSValue(QString::fromLatin1(base64Encode(sum, QStringLiteral("url"))));
    if (encoding == QLatin1String("base64rawurl"))
        return QJSValue(QString::fromLatin1(base64Encode(sum, QStringLiteral("rawurl"))));
    if (encoding == QLatin1String("binary"))
        return m_engine.toScriptValue(sum);
    m_engine.throwError(QStringLiteral("invalid output encoding: %1").arg(encoding));
    return QJSValue();
}

QJSValue K6Codec::randomBytes(int size)
{
    if (size < 1) {
        m_engine.throwError(QStringLiteral("invalid size"));
        return QJSValue();
    }
    QList<quint32> words((size + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray out(reinterpret_cast<const char *>(words.constData()), size);
    return m_engine.toScriptValue(out);
}

QString K6Codec::hexEncode(const QJSValue &input)
{
    QByteArray data;
    if (!toBytes(input, &data))
        return QString();
    return QString::fromLatin1(data.toHex());
}

} // namespace throttle
