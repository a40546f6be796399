#pragma once
// EsbuildPacket: the packet format of esbuild's service mode (`esbuild --service=<version>`), the
// small binary protocol its own JavaScript API speaks over the child's stdin and stdout. A packet
// is a little-endian uint32 length, a uint32 id (request: id << 1, response: id << 1 | 1) and one
// value; a value is a type byte followed by its data: 0 null, 1 bool (1 byte), 2 uint32, 3 UTF-8
// string, 4 bytes (both uint32 length + data), 5 array (uint32 count + values), 6 map (uint32
// count + (uint32 key length, key, value) each). The service also sends one bare length-prefixed
// string first: its version. Values are QVariant: null, bool, uint, QString, QByteArray,
// QVariantList, QVariantMap. Stateless; any thread.

#include <QByteArray>
#include <QVariant>

namespace throttle {

class EsbuildPacket {
public:
    quint32 id = 0;
    bool isRequest = false;
    QVariant value;

    QByteArray encode() const;

    enum class Take { Packet, NeedMore, Invalid };
    // Takes one whole packet off the front of *buffer (the rest stays). NeedMore leaves it untouched.
    static Take take(QByteArray *buffer, EsbuildPacket *out);
    // The service's first message: its version string. NeedMore until it has all arrived.
    static Take takeVersion(QByteArray *buffer, QString *version);
};

} // namespace throttle
