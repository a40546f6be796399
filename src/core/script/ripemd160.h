#pragma once
// Ripemd160: RIPEMD-160 (Dobbertin, Bosselaers, Preneel, 1996), which QCryptographicHash in
// Qt 6.4 does not offer. Pure function, any thread.

#include <QByteArray>

namespace throttle {

class Ripemd160 {
public:
    static constexpr int kBlockSize = 64;
    static QByteArray hash(const QByteArray &message);
};

} // namespace throttle
