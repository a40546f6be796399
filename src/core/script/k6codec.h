#pragma once
// K6Codec: the native side of k6/encoding and k6/crypto, exposed to one VU's engine as the global
// `__throttleCodec`. Stateless apart from the engine it converts values with; lives on the VU's
// thread with its VuRuntime. Streaming hashers (createHash/createHMAC) keep their input chunks on
// the JS side and pass them all to digest(), so nothing native outlives a call.

#include <QByteArray>
#include <QJSValue>
#include <QObject>

class QJSEngine;

namespace throttle {

class K6Codec : public QObject {
    Q_OBJECT
public:
    explicit K6Codec(QJSEngine &engine);

    // Base64 in k6's four variants ("std", "rawstd", "url", "rawurl"; anything else = "std").
    static QByteArray base64Encode(const QByteArray &data, const QString &variant);
    // Go's encoding/base64 strictness; *error = "illegal base64 data at input byte N".
    static bool base64Decode(const QByteArray &text, const QString &variant, QByteArray *out, QString *error);
    static bool isAlgorithm(const QString &alg);
    // Plain hash when !hmac; "" when the algorithm is unknown.
    static QByteArray digestBytes(const QString &alg, bool hmac, const QByteArray &key, const QList<QByteArray> &chunks);

    Q_INVOKABLE QString b64encode(const QJSValue &input, const QString &variant);
    Q_INVOKABLE QJSValue b64decode(const QString &text, const QString &variant, const QString &format);
    Q_INVOKABLE bool checkAlgorithm(const QString &alg);
    // chunks: array of strings/ArrayBuffers; key: null for a plain hash.
    Q_INVOKABLE QJSValue digest(const QString &alg, const QJSValue &key, const QJSValue &chunks, const QString &encoding);
    Q_INVOKABLE QJSValue randomBytes(int size);
    Q_INVOKABLE QString hexEncode(const QJSValue &input);

private:
    bool toBytes(const QJSValue &v, QByteArray *out);
    QJSValue encodeOutput(const QByteArray &sum, const QString &encoding);

    QJSEngine &m_engine;
};

} // namespace throttle
