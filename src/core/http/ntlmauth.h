#pragma once
// NtlmAuth: the client messages of NTLM HTTP authentication (MS-NLMP), NTLMv2 responses.
// k6 runs the handshake as separate round trips (go-ntlmssp's Negotiator over its measuring
// transport), so each one is a request in the metrics; VuNative drives the hops, this builds the
// messages. Stateless; any thread.

#include <QByteArray>

namespace throttle {

namespace NtlmAuth {

// The NEGOTIATE_MESSAGE (type 1), raw bytes.
QByteArray negotiateMessage();

// The AUTHENTICATE_MESSAGE (type 3, raw bytes) answering `challenge`, the raw CHALLENGE_MESSAGE
// (type 2); empty if `challenge` is not one. `user` may read "DOMAIN\user". The client challenge
// and the timestamp (Windows FILETIME) are random / now unless given (tests).
QByteArray authenticateMessage(const QByteArray &challenge, const QByteArray &user, const QByteArray &password,
                               const QByteArray &clientChallenge = QByteArray(), quint64 timestamp = 0);

// NTOWFv2 (MS-NLMP 3.3.2): HMAC-MD5 keyed with MD4(UTF-16LE password) over UTF-16LE(UPPER(user) + domain).
QByteArray ntowfv2(const QByteArray &user, const QByteArray &password, const QByteArray &domain);

} // namespace NtlmAuth

} // namespace throttle
