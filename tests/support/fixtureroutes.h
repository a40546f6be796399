#pragma once
// fixtureRoute: the routes the k6/http tests serve from a FixtureServer:
//   /echo  {method, path, query, body, headers, cookie}     /setcookie  three Set-Cookie headers
//   /redirect-cookie  302 + Set-Cookie r=1 -> /echo         /redirect  302 -> /echo?redirected=1
//   /basic  200 for Basic user:pass, else 401               /digest  RFC 7616 MD5 qop=auth, user:pass
//   /ntlm  NTLM handshake, NTLMv2 for user:pass (any domain) /decode  decodes Content-Encoding layers
//   /ntlm-bad  401 "NTLM" to everything, no challenge
//   /slow  answers after 150 ms
#include "core/http/bodycompression.h"
#include "support/fixtureserver.h"

#include <QCryptographicHash>
#include <QHash>
#include <QMessageAuthenticationCode>
#include <QtEndian>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <thread>

namespace throttle {

namespace fixtureroutes_detail {

inline QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline FixtureReply echo(const FixtureRequest &r)
{
    QJsonObject headers;
    for (const auto &h : r.headers)
        headers.insert(QString::fromLatin1(h.first), QString::fromLatin1(h.second));
    return {200, {{"Content-Type", "application/json"}},
            json({{"method", QString::fromLatin1(r.method)}, {"path", QString::fromLatin1(r.path)},
                  {"query", QString::fromLatin1(r.query)}, {"body", QString::fromUtf8(r.body)},
                  {"headers", headers}, {"cookie", QString::fromLatin1(r.header("Cookie"))}})};
}

inline QHash<QByteArray, QByteArray> digestFields(QByteArray v)
{
    QHash<QByteArray, QByteArray> out;
    v = v.mid(v.indexOf(' ') + 1);
    for (const QByteArray &part : v.split(',')) {
        const qsizetype eq = part.indexOf('=');
        QByteArray val = part.mid(eq + 1).trimmed();
        if (val.startsWith('"'))
            val = val.mid(1, val.size() - 2);
        out.insert(part.left(eq).trimmed(), val);
    }
    return out;
}

// RFC 7616 with MD5 and qop=auth, written out on the server side for user "user", password "pass".
inline FixtureReply digest(const FixtureRequest &r)
{
    const FixtureReply challenge{401, {{"WWW-Authenticate", R"(Digest realm="throttle", nonce="n0nce", qop="auth", opaque="0paque")"}}, "no"};
    const QByteArray auth = r.header("Authorization");
    if (!auth.startsWith("Digest "))
        return challenge;
    const auto f = digestFields(auth);
    const auto md5 = [](const QByteArray &s) { return QCryptographicHash::hash(s, QCryptographicHash::Md5).toHex(); };
    const QByteArray ha1 = md5("user:throttle:pass");
    const QByteArray ha2 = md5(r.method + ':' + r.target);
    const QByteArray expected = md5(ha1 + ":n0nce:" + f.value("nc") + ':' + f.value("cnonce") + ":auth:" + ha2);
    if (f.value("username") != "user" || f.value("uri") != r.target || f.value("opaque") != "0paque" ||
        f.value("response") != expected)
        return challenge;
    return {200, {}, "digest ok"};
}

// NTLM, server side (MS-NLMP), written out independently of the client's NtlmAuth: a NEGOTIATE
// message gets a CHALLENGE with a fixed server challenge and target info; an AUTHENTICATE message
// passes if its NTLMv2 proof checks out for user "user", password "pass". Stateless (the
// challenge never changes), so it does not care which connection each hop uses.
inline const QByteArray &ntlmServerChallenge()
{
    static const QByteArray c = QByteArray::fromHex("0123456789abcdef");
    return c;
}

inline QByteArray ntlmUtf16(const QString &s)
{
    QByteArray out;
    for (QChar c : s) {
        out.append(char(c.unicode() & 0xff));
        out.append(char(c.unicode() >> 8));
    }
    return out;
}

inline QByteArray ntlmTargetInfo()
{
    const QByteArray domain = ntlmUtf16(QStringLiteral("FIXTURE"));
    QByteArray info;
    info.append("\x02\x00", 2);   // MsvAvNbDomainName
    info.append(char(domain.size()));
    info.append('\0');
    info += domain;
    info.append(QByteArray(4, '\0'));   // MsvAvEOL
    return info;
}

inline QByteArray ntlmChallengeMessage()
{
    const QByteArray info = ntlmTargetInfo();
    QByteArray m("NTLMSSP\0", 8);
    QByteArray fixed(40, '\0');
    qToLittleEndian<quint32>(2, fixed.data());                       // type
    qToLittleEndian<quint32>(48, fixed.data() + 8);                  // target name: empty, at 48
    qToLittleEndian<quint32>(0x00808205, fixed.data() + 12);         // unicode, ntlm, target info
    memcpy(fixed.data() + 16, ntlmServerChallenge().constData(), 8);
    qToLittleEndian<quint16>(quint16(info.size()), fixed.data() + 32);
    qToLittleEndian<quint16>(quint16(info.size()), fixed.data() + 34);
    qToLittleEndian<quint32>(48, fixed.data() + 36);
    return m + fixed + info;
}

inline bool ntlmAuthenticateOk(const QByteArray &m)
{
    const auto field = [&m](int at) {
        const quint16 len = qFromLittleEndian<quint16>(m.constData() + at);
        const quint32 offset = qFromLittleEndian<quint32>(m.constData() + at + 4);
        return offset + len <= quint32(m.size()) ? m.mid(int(offset), len) : QByteArray();
    };
    if (m.size() < 64 || !m.startsWith(QByteArray("NTLMSSP\0", 8)) || qFromLittleEndian<quint32>(m.constData() + 8) != 3)
        return false;
    const QByteArray nt = field(20), domain = field(28), user = field(36);
    if (user != ntlmUtf16(QStringLiteral("user")) || nt.size() < 48)
        return false;
    const QByteArray ntHash = QCryptographicHash::hash(ntlmUtf16(QStringLiteral("pass")), QCryptographicHash::Md4);
    const QByteArray key = QMessageAuthenticationCode::hash(ntlmUtf16(QStringLiteral("USER")) + domain, ntHash,
                                                            QCryptographicHash::Md5);
    const QByteArray blob = nt.mid(16);
    const QByteArray proof = QMessageAuthenticationCode::hash(ntlmServerChallenge() + blob, key, QCryptographicHash::Md5);
    return proof == nt.left(16) && blob.contains(ntlmTargetInfo());
}

inline FixtureReply ntlm(const FixtureRequest &r)
{
    const FixtureReply offer{401, {{"WWW-Authenticate", "NTLM"}}, "no"};
    const QByteArray auth = r.header("Authorization");
    if (!auth.startsWith("NTLM "))
        return offer;
    const QByteArray msg = QByteArray::fromBase64(auth.mid(5));
    if (msg.size() >= 12 && msg.startsWith(QByteArray("NTLMSSP\0", 8)) && msg.at(8) == 1)
        return {401, {{"WWW-Authenticate", "NTLM " + ntlmChallengeMessage().toBase64()}}, "no"};
    return ntlmAuthenticateOk(msg) ? FixtureReply{200, {}, "ntlm ok"} : offer;
}

inline FixtureReply decode(const FixtureRequest &r)
{
    const QByteArray encoding = r.header("Content-Encoding");
    QByteArray body = r.body;
    bool ok = !encoding.isEmpty();
    QList<QByteArray> layers = encoding.split(',');
    std::reverse(layers.begin(), layers.end());
    for (const QByteArray &layer : layers) {
        QByteArray out;
        ok = ok && BodyCompression::decode(layer.trimmed(), body, &out);
        body = out;
    }
    return {200, {}, json({{"ok", ok}, {"encoding", QString::fromLatin1(encoding)}, {"body", QString::fromUtf8(body)}})};
}

} // namespace fixtureroutes_detail

inline FixtureReply fixtureRoute(const FixtureRequest &r)
{
    if (r.path == "/echo")
        return fixtureroutes_detail::echo(r);
    if (r.path == "/setcookie")
        return {200,
                {{"Set-Cookie", "a=1; Path=/; HttpOnly"},
                 {"Set-Cookie", "b=2; Max-Age=100"},
                 {"Set-Cookie", "c=3; Domain=127.0.0.1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Secure"}},
                "set"};
    if (r.path == "/redirect-cookie")
        return {302, {{"Set-Cookie", "r=1; Path=/"}, {"Location", "/echo"}}, ""};
    if (r.path == "/redirect")
        return {302, {{"Location", "/echo?redirected=1"}}, ""};
    if (r.path == "/basic") {
        if (r.header("Authorization") == "Basic " + QByteArray("user:pass").toBase64())
            return {200, {}, "basic ok"};
        return {401, {{"WWW-Authenticate", R"(Basic realm="throttle")"}}, "no"};
    }
    if (r.path == "/digest")
        return fixtureroutes_detail::digest(r);
    if (r.path == "/ntlm")
        return fixtureroutes_detail::ntlm(r);
    if (r.path == "/ntlm-bad")
        return {401, {{"WWW-Authenticate", "NTLM"}}, "no"};
    if (r.path == "/decode")
        return fixtureroutes_detail::decode(r);
    if (r.path == "/slow") {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));   // the server's own pace
        return {200, {}, "ok"};
    }
    return {404, {}, "not found"};
}


} // namespace throttle
