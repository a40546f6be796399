#pragma once
// DigestAuth: the client side of HTTP Digest authentication (RFC 7616; MD5, MD5-sess, SHA-256,
// SHA-256-sess; qop "auth" or none). k6 answers a 401 challenge once per request (two hops, no
// nonce cache); so do we. Stateless; any thread.

#include <QByteArray>

namespace throttle {

namespace DigestAuth {

// The Authorization header value answering `challenge` (a WWW-Authenticate value starting
// with "Digest"); empty if the challenge cannot be answered. `uri` is the request target.
QByteArray authorization(const QByteArray &challenge, const QByteArray &method, const QByteArray &uri,
                         const QByteArray &user, const QByteArray &password,
                         const QByteArray &cnonce = QByteArray());

} // namespace DigestAuth

} // namespace throttle
