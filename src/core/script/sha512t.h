#pragma once
// Sha512t: SHA-512/t (FIPS 180-4 §5.3.6, §6.4) for t = 224 and 256, which QCryptographicHash in
// Qt 6.4 does not offer. Pure functions, any thread.

#include <QByteArray>

namespace throttle {

class Sha512t {
public:
    static constexpr int kBlockSize = 128;
    // SHA-512/t of the message; bits must be 224 or 256 (512 gives plain SHA-512, for tests).
    static QByteArray hash(int bits, const QByteArray &message);
};

} // namespace throttle
