#include "core/http/ntlmauth.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QString>
#include <QtEndian>

namespace throttle {

namespace {

constexpr char kSignature[] = "NTLMSSP";   // 8 bytes with its terminating NUL

// NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_NTLM | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY |
// NEGOTIATE_TARGET_INFO | NEGOTIATE_128 | NEGOTIATE_56
constexpr quint32 kNegotiateFlags = 0x00000001 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00080000 | 0x00800000
    | 0x20000000 | 0x80000000;
constexpr quint16 kAvTimestamp = 7;   // MsvAvTimestamp in the challenge's target info

void putU16(QByteArray &b, int at, quint16 v)
{
    qToLittleEndian(v, b.data() + at);
}

void putU32(QByteArray &b, int at, quint32 v)
{
    qToLittleEndian(v, b.data() + at);
}

quint16 u16(const QByteArray &b, int at)
{
    return qFromLittleEndian<quint16>(b.constData() + at);
}

quint32 u32(const QByteArray &b, int at)
{
    return qFromLittleEndian<quint32>(b.constData() + at);
}

QByteArray utf16le(const QString &s)
{
    QByteArray out(s.size() * 2, '\0');
    for (int i = 0; i < s.size(); ++i)
        putU16(out, i * 2, s.at(i).unicode());
    return out;
}

QByteArray hmacMd5(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Md5);
}

// A security buffer's payload (length at `at`, offset at `at + 4`); false if out of bounds.
bool field(const QByteArray &msg, int at, QByteArray *out)
{
    if (msg.size() < at + 8)
        return false;
    const quint32 len = u16(msg, at), offset = u32(msg, at + 4);
    if (quint64(offset) + len > quint64(msg.size()))
        return false;
    *out = msg.mid(int(offset), int(len));
    return true;
}

// The timestamp the server put in its target info (AV pairs), or 0.
quint64 targetInfoTimestamp(const QByteArray &info)
{
    for (int i = 0; i + 4 <= info.size();) {
        const quint16 id = u16(info, i), len = u16(info, i + 2);
        if (id == 0 || i + 4 + len > info.size())
            break;
        if (id == kAvTimestamp && len == 8)
            return qFromLittleEndian<quint64>(info.constData() + i + 4);
        i += 4 + len;
    }
    return 0;
}

quint64 fileTimeNow()
{
    // 100 ns ticks since 1601-01-01.
    return quint64(QDateTime::currentMSecsSinceEpoch() + 11644473600000LL) * 10000ULL;
}

} // namespace

namespace NtlmAuth {

QByteArray negotiateMessage()
{
    QByteArray m(32, '\0');
    memcpy(m.data(), kSignature, 8);
    putU32(m, 8, 1);
    putU32(m, 12, kNegotiateFlags);
    // domain and workstation: empty security buffers (offset after the fixed part)
    putU32(m, 20, 32);
    putU32(m, 28, 32);
    return m;
}

QByteArray ntowfv2(const QByteArray &user, const QByteArray &password, const QByteArray &domain)
{
    const QByteArray key = QCryptographicHash::hash(utf16le(QString::fromUtf8(password)), QCryptographicHash::Md4);
    return hmacMd5(key, utf16le(QString::fromUtf8(user).toUpper() + QString::fromUtf8(domain)));
}

QByteArray authenticateMessage(const QByteArray &challenge, const QByteArray &userArg, const QByteArray &password,
                               const QByteArray &clientChallengeArg, quint64 timestamp)
{
    if (challenge.size() < 32 || memcmp(challenge.constData(), kSignature, 8) != 0 || u32(challenge, 8) != 2)
        return {};
    const QByteArray serverChallenge = challenge.mid(24, 8);
    const quint32 flags = u32(challenge, 20);
    QByteArray targetInfo;
    if (challenge.size() >= 48 && !field(challenge, 40, &targetInfo))
        return {};

    QByteArray user = userArg, domain;
    const qsizetype slash = user.indexOf('\\');
    if (slash >= 0) {
        domain = user.left(slash);
        user = user.mid(slash + 1);
    }
    QByteArray clientChallenge = clientChallengeArg;
    if (clientChallenge.size() != 8) {
        clientChallenge.resize(8);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(clientChallenge.data()), 2);
    }
    const quint64 serverTime = targetInfoTimestamp(targetInfo);
    if (timestamp == 0)
        timestamp = serverTime ? serverTime : fileTimeNow();

    // NTLMv2 (MS-NLMP 3.3.2): NTProofStr = HMAC-MD5(NTOWFv2, server challenge + temp).
    const QByteArray key = ntowfv2(user, password, domain);
    QByteArray temp(28, '\0');
    temp[0] = 1;   // RespType
    temp[1] = 1;   // HiRespType
    qToLittleEndian(timestamp, temp.data() + 8);
    memcpy(temp.data() + 16, clientChallenge.constData(), 8);
    temp += targetInfo;
    temp += QByteArray(4, '\0');
    const QByteArray ntResponse = hmacMd5(key, serverChallenge + temp) + temp;
    // With a server timestamp the LMv2 response is zeros (MS-NLMP 3.1.5.1.2).
    const QByteArray lmResponse = serverTime ? QByteArray(24, '\0')
                                             : hmacMd5(key, serverChallenge + clientChallenge) + clientChallenge;

    const QByteArray domainField = utf16le(QString::fromUtf8(domain));
    const QByteArray userField = utf16le(QString::fromUtf8(user));
    const QByteArray payloads[] = {lmResponse, ntResponse, domainField, userField, QByteArray(), QByteArray()};
    QByteArray m(64, '\0');
    memcpy(m.data(), kSignature, 8);
    putU32(m, 8, 3);
    int at = 12;
    for (const QByteArray &p : payloads) {
        putU16(m, at, quint16(p.size()));
        putU16(m, at + 2, quint16(p.size()));
        putU32(m, at + 4, quint32(m.size()));
        m += p;
        at += 8;
    }
    putU32(m, 60, (flags & kNegotiateFlags) | 0x00000001);
    return m;
}

} // namespace NtlmAuth

} // namespace throttle
