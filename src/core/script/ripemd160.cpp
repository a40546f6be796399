#include "core/script/ripemd160.h"

#include <QtEndian>

namespace throttle {

namespace {

// Message word used by each of the 80 steps, left and right lines.
constexpr int kWordLeft[80] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
    3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12, 1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
    4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13};
constexpr int kWordRight[80] = {
    5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
    15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13, 8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
    12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11};
// Left-rotation amounts per step.
constexpr int kShiftLeft[80] = {
    11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8, 7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
    11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5, 11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
    9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6};
constexpr int kShiftRight[80] = {
    8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6, 9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
    9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5, 15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
    8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11};
constexpr quint32 kAddLeft[5] = {0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e};
constexpr quint32 kAddRight[5] = {0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000};

constexpr quint32 rotl(quint32 x, int n)
{
    return (x << n) | (x >> (32 - n));
}

// The five boolean functions, by step (the right line runs them in reverse order).
constexpr quint32 f(int step, quint32 x, quint32 y, quint32 z)
{
    switch (step / 16) {
    case 0: return x ^ y ^ z;
    case 1: return (x & y) | (~x & z);
    case 2: return (x | ~y) ^ z;
    case 3: return (x & z) | (y & ~z);
    default: return x ^ (y | ~z);
    }
}

void compress(quint32 h[5], const uchar *block)
{
    quint32 x[16];
    for (int i = 0; i < 16; ++i)
        x[i] = qFromLittleEndian<quint32>(block + 4 * i);
    quint32 al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
    quint32 ar = h[0], br = h[1], cr = h[2], dr = h[3], er = h[4];
    for (int j = 0; j < 80; ++j) {
        quint32 t = rotl(al + f(j, bl, cl, dl) + x[kWordLeft[j]] + kAddLeft[j / 16], kShiftLeft[j]) + el;
        al = el; el = dl; dl = rotl(cl, 10); cl = bl; bl = t;
        t = rotl(ar + f(79 - j, br, cr, dr) + x[kWordRight[j]] + kAddRight[j / 16], kShiftRight[j]) + er;
        ar = er; er = dr; dr = rotl(cr, 10); cr = br; br = t;
    }
    const quint32 t = h[1] + cl + dr;
    h[1] = h[2] + dl + er;
    h[2] = h[3] + el + ar;
    h[3] = h[4] + al + br;
    h[4] = h[0] + bl + cr;
    h[0] = t;
}

} // namespace

QByteArray Ripemd160::hash(const QByteArray &message)
{
    quint32 h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    QByteArray padded = message;
    padded.append(char(0x80));
    while (padded.size() % 64 != 56)
        padded.append('\0');
    uchar length[8];
    qToLittleEndian<quint64>(quint64(message.size()) << 3, length);
    padded.append(reinterpret_cast<const char *>(length), 8);
    const auto *p = reinterpret_cast<const uchar *>(padded.constData());
    for (qsizetype i = 0; i < padded.size(); i += 64)
        compress(h, p + i);
    QByteArray out(20, Qt::Uninitialized);
    for (int i = 0; i < 5; ++i)
        qToLittleEndian<quint32>(h[i], out.data() + 4 * i);
    return out;
}

} // namespace throttle
