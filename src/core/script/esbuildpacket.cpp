#include "core/script/esbuildpacket.h"

#include <QtEndian>

namespace throttle {

namespace {

enum Kind : char { Null = 0, Bool = 1, Uint = 2, String = 3, Bytes = 4, Array = 5, Map = 6 };

void putUint(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void putBlob(QByteArray &out, char kind, const QByteArray &data)
{
    out.append(kind);
    putUint(out, quint32(data.size()));
    out.append(data);
}

void encodeValue(QByteArray &out, const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        out.append(char(Bool));
        out.append(char(v.toBool() ? 1 : 0));
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        out.append(char(Uint));
        putUint(out, quint32(v.toLongLong()));
        return;
    case QMetaType::QString:
        return putBlob(out, String, v.toString().toUtf8());
    case QMetaType::QByteArray:
        return putBlob(out, Bytes, v.toByteArray());
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        const QVariantList list = v.toList();
        out.append(char(Array));
        putUint(out, quint32(list.size()));
        for (const QVariant &item : list)
            encodeValue(out, item);
        return;
    }
    case QMetaType::QVariantMap: {
        // QVariantMap iterates in key order, as esbuild's own encoder does.
        const QVariantMap map = v.toMap();
        out.append(char(Map));
        putUint(out, quint32(map.size()));
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            const QByteArray key = it.key().toUtf8();
            putUint(out, quint32(key.size()));
            out.append(key);
            encodeValue(out, it.value());
        }
        return;
    }
    default:
        out.append(char(Null));
        return;
    }
}

// Reads from [m_pos, m_end) of a packet body; every read checks the bounds.
class Reader {
public:
    Reader(const char *data, qsizetype size) : m_pos(data), m_end(data + size) {}
    bool atEnd() const { return m_pos == m_end; }

    bool uint32(quint32 *v)
    {
        if (m_end - m_pos < 4)
            return false;
        *v = qFromLittleEndian<quint32>(m_pos);
        m_pos += 4;
        return true;
    }

    bool blob(QByteArray *out)
    {
        quint32 n = 0;
        if (!uint32(&n) || quint64(m_end - m_pos) < n)
            return false;
        *out = QByteArray(m_pos, qsizetype(n));
        m_pos += n;
        return true;
    }

    bool value(QVariant *out, int depth = 0)
    {
        if (m_pos == m_end || depth > 64)
            return false;
        const char kind = *m_pos++;
        switch (kind) {
        case Null:
            *out = QVariant();
            return true;
        case Bool:
            if (m_pos == m_end)
                return false;
            *out = QVariant(*m_pos++ != 0);
            return true;
        case Uint: {
            quint32 v = 0;
            if (!uint32(&v))
                return false;
            *out = QVariant(v);
            return true;
        }
        case String:
        case Bytes: {
            QByteArray data;
            if (!blob(&data))
                return false;
            *out = kind == String ? QVariant(QString::fromUtf8(data)) : QVariant(data);
            return true;
        }
        case Array:
            return array(out, depth);
        case Map:
            return map(out, depth);
        default:
            return false;
        }
    }

private:
    bool array(QVariant *out, int depth)
    {
        quint32 n = 0;
        if (!uint32(&n) || quint64(m_end - m_pos) < n)   // every value takes at least one byte
            return false;
        QVariantList list;
        list.reserve(qsizetype(n));
        for (quint32 i = 0; i < n; ++i) {
            QVariant item;
            if (!value(&item, depth + 1))
                return false;
            list.append(item);
        }
        *out = list;
        return true;
    }

    bool map(QVariant *out, int depth)
    {
        quint32 n = 0;
        if (!uint32(&n) || quint64(m_end - m_pos) < quint64(n) * 5)
            return false;
        QVariantMap result;
        for (quint32 i = 0; i < n; ++i) {
            QByteArray key;
            QVariant item;
            if (!blob(&key) || !value(&item, depth + 1))
                return false;
            result.insert(QString::fromUtf8(key), item);
        }
        *out = result;
        return true;
    }

    const char *m_pos;
    const char *m_end;
};

// Length of the frame at the front of buffer, or -1 while it is incomplete.
qsizetype frameLength(const QByteArray &buffer)
{
    if (buffer.size() < 4)
        return -1;
    const quint32 n = qFromLittleEndian<quint32>(buffer.constData());
    if (quint64(buffer.size() - 4) < n)
        return -1;
    return qsizetype(n);
}

} // namespace

QByteArray EsbuildPacket::encode() const
{
    QByteArray out(4, '\0');   // length, patched below
    putUint(out, isRequest ? id << 1 : (id << 1) | 1);
    encodeValue(out, value);
    qToLittleEndian(quint32(out.size() - 4), out.data());
    return out;
}

EsbuildPacket::Take EsbuildPacket::take(QByteArray *buffer, EsbuildPacket *out)
{
    const qsizetype n = frameLength(*buffer);
    if (n < 0)
        return Take::NeedMore;
    Reader r(buffer->constData() + 4, n);
    quint32 raw = 0;
    QVariant value;
    const bool ok = r.uint32(&raw) && r.value(&value) && r.atEnd();
    buffer->remove(0, 4 + n);
    if (!ok)
        return Take::Invalid;
    out->id = raw >> 1;
    out->isRequest = (raw & 1) == 0;
    out->value = value;
    return Take::Packet;
}

EsbuildPacket::Take EsbuildPacket::takeVersion(QByteArray *buffer, QString *version)
{
    const qsizetype n = frameLength(*buffer);
    if (n < 0)
        return Take::NeedMore;
    *version = QString::fromUtf8(buffer->constData() + 4, n);
    buffer->remove(0, 4 + n);
    return Take::Packet;
}

} // namespace throttle
