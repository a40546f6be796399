// NtlmAuth against the worked example of MS-NLMP §4.2.4 (NTLMv2): user "User", domain "Domain",
// password "Password", server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa.
#include "core/http/ntlmauth.h"

#include <QtEndian>
#include <QtTest>

using namespace throttle;

class TstNtlmAuth : public QObject {
    Q_OBJECT

    static quint16 u16(const QByteArray &b, int at) { return qFromLittleEndian<quint16>(b.constData() + at); }
    static quint32 u32(const QByteArray &b, int at) { return qFromLittleEndian<quint32>(b.constData() + at); }
    static QByteArray field(const QByteArray &m, int at) { return m.mid(int(u32(m, at + 4)), u16(m, at)); }

private slots:
    void ntowfv2MatchesTheSpecExample()
    {
        QCOMPARE(NtlmAuth::ntowfv2("User", "Password", "Domain").toHex(), QByteArray("0c868a403bfd7a93a3001ef22ef02e3f"));
    }

    void negotiateMessageIsTypeOne()
    {
        const QByteArray m = NtlmAuth::negotiateMessage();
        QVERIFY(m.startsWith(QByteArray("NTLMSSP\0", 8)));
        QCOMPARE(u32(m, 8), 1u);
        QVERIFY(u32(m, 12) & 0x00000001);   // unicode
        QVERIFY(u32(m, 12) & 0x00000200);   // ntlm
    }

    void authenticateMessageAnswersTheChallenge()
    {
        // A CHALLENGE_MESSAGE with no target info and no timestamp.
        QByteArray challenge("NTLMSSP\0", 8);
        QByteArray fixed(24, '\0');
        qToLittleEndian<quint32>(2, fixed.data());
        qToLittleEndian<quint32>(32, fixed.data() + 8);
        qToLittleEndian<quint32>(0x00008201, fixed.data() + 12);
        memcpy(fixed.data() + 16, QByteArray::fromHex("0123456789abcdef").constData(), 8);
        challenge += fixed;
        const QByteArray client = QByteArray::fromHex("aaaaaaaaaaaaaaaa");
        const quint64 timestamp = 0x0807060504030201ULL;
        const QByteArray m = NtlmAuth::authenticateMessage(challenge, "Domain\\User", "Password", client, timestamp);
        QVERIFY(m.startsWith(QByteArray("NTLMSSP\0", 8)));
        QCOMPARE(u32(m, 8), 3u);
        // LMv2 = HMAC-MD5(NTOWFv2, server + client challenge) + client challenge (MS-NLMP §4.2.4.2.1)
        QCOMPARE(field(m, 12).toHex(), QByteArray("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa"));
        const QByteArray nt = field(m, 20);
        QCOMPARE(nt.mid(16, 8).toHex(), QByteArray("0101000000000000"));
        QCOMPARE(nt.mid(24, 8).toHex(), QByteArray("0102030405060708"));   // the timestamp, little-endian
        QCOMPARE(nt.mid(32, 8), client);
        QCOMPARE(field(m, 28), QByteArray("D\0o\0m\0a\0i\0n\0", 12));
        QCOMPARE(field(m, 36), QByteArray("U\0s\0e\0r\0", 8));
        QVERIFY(NtlmAuth::authenticateMessage("not a challenge", "u", "p").isEmpty());
    }
};

QTEST_MAIN(TstNtlmAuth)
#include "tst_ntlmauth.moc"
