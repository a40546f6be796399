#include "core/archive/tarfile.h"

#include <QHash>

#include <cstring>

namespace throttle {

namespace {

constexpr int kBlock = 512;

// Header field offsets and sizes (POSIX ustar).
struct Field {
    int offset;
    int size;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12}, kMtime{136, 12},
    kChksum{148, 8}, kType{156, 1}, kLink{157, 100}, kMagic{257, 6}, kVersion{263, 2}, kDevMajor{329, 8},
    kDevMinor{337, 8}, kPrefix{345, 155};

void putText(QByteArray &h, Field f, const QByteArray &text)
{
    std::memcpy(h.data() + f.offset, text.constData(), size_t(std::min<qsizetype>(text.size(), f.size)));
}

void putOctal(QByteArray &h, Field f, qint64 value)
{
    // Go writes size-1 octal digits and a NUL.
    putText(h, f, QByteArray::number(value, 8).rightJustified(f.size - 1, '0') + '\0');
}

QByteArray field(const char *h, Field f)
{
    const char *p = h + f.offset;
    const void *nul = std::memchr(p, 0, size_t(f.size));
    return QByteArray(p, nul ? static_cast<const char *>(nul) - p : f.size);
}

bool parseNumber(const char *h, Field f, qint64 *out)
{
    const auto *p = reinterpret_cast<const unsigned char *>(h + f.offset);
    if (p[0] & 0x80) {   // base-256 (GNU): big-endian, first byte's high bit set
        if (p[0] != 0x80)
            return false;   // negative or too large
        qint64 v = 0;
        for (int i = 1; i < f.size; ++i) {
            if (v > (std::numeric_limits<qint64>::max() >> 8))
                return false;
            v = (v << 8) | p[i];
        }
        *out = v;
        return true;
    }
    const QByteArray text = field(h, f).trimmed();
    if (text.isEmpty()) {
        *out = 0;
        return true;
    }
    bool ok = false;
    *out = text.toLongLong(&ok, 8);
    return ok && *out >= 0;
}

int checksum(const char *h)
{
    int sum = 0;
    for (int i = 0; i < kBlock; ++i)
        sum += (i >= kChksum.offset && i < kChksum.offset + kChksum.size) ? ' ' : static_cast<unsigned char>(h[i]);
    return sum;
}

QByteArray header(const QByteArray &name, const TarEntry &e, qint64 size, char type, const QByteArray &prefix = {})
{
    QByteArray h(kBlock, '\0');
    putText(h, kName, name);
    putOctal(h, kMode, e.mode);
    putOctal(h, kUid, 0);
    putOctal(h, kGid, 0);
    putOctal(h, kSize, size);
    putOctal(h, kMtime, e.mtime);
    h[kType.offset] = type;
    putText(h, kLink, e.linkName.toUtf8());
    putText(h, kMagic, QByteArrayLiteral("ustar\0"));
    putText(h, kVersion, QByteArrayLiteral("00"));
    putOctal(h, kDevMajor, 0);
    putOctal(h, kDevMinor, 0);
    putText(h, kPrefix, prefix);
    putText(h, kChksum, QByteArray::number(checksum(h.constData()), 8).rightJustified(6, '0') + '\0' + ' ');
    return h;
}

void appendPadded(QByteArray &out, const QByteArray &data)
{
    out += data;
    if (const qsizetype rest = data.size() % kBlock)
        out += QByteArray(kBlock - rest, '\0');
}

// One PAX record: "<len> key=value\n", where len counts the whole record, its own digits included.
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const qsizetype body = key.size() + value.size() + 3;   // ' ', '=', '\n'
    qsizetype len = body + QByteArray::number(body).size();
    if (QByteArray::number(len).size() != QByteArray::number(body).size())
        ++len;
    return QByteArray::number(len) + ' ' + key + '=' + value + '\n';
}

// USTAR can hold a name of up to 100 bytes, or one split at a '/' into a prefix of up to 155.
bool splitUstar(const QByteArray &name, QByteArray *prefix, QByteArray *rest)
{
    if (name.size() <= kName.size) {
        *rest = name;
        return true;
    }
    for (qsizetype i = std::min<qsizetype>(name.size() - 1, kPrefix.size); i > 0; --i) {
        if (name.at(i) == '/' && name.size() - i - 1 <= kName.size && name.size() - i - 1 > 0) {
            *prefix = name.left(i);
            *rest = name.mid(i + 1);
            return true;
        }
    }
    return false;
}

QHash<QByteArray, QByteArray> parsePax(const QByteArray &data, bool *ok)
{
    QHash<QByteArray, QByteArray> records;
    qsizetype pos = 0;
    *ok = true;
    while (pos < data.size()) {
        const qsizetype space = data.indexOf(' ', pos);
        bool numOk = false;
        const qsizetype len = space < 0 ? 0 : data.mid(pos, space - pos).toLongLong(&numOk);
        if (!numOk || len <= space - pos + 1 || pos + len > data.size() || data.at(pos + len - 1) != '\n') {
            *ok = false;
            return records;
        }
        const QByteArray record = data.mid(space + 1, pos + len - space - 2);
        const qsizetype eq = record.indexOf('=');
        if (eq <= 0) {
            *ok = false;
            return records;
        }
        records.insert(record.left(eq), record.mid(eq + 1));
        pos += len;
    }
    return records;
}

} // namespace

QByteArray TarFile::write(const QList<TarEntry> &entries)
{
    QByteArray out;
    for (const TarEntry &e : entries) {
        const QByteArray name = e.name.toUtf8();
        const qint64 size = e.type == TarEntry::Type::File ? e.data.size() : 0;
        QByteArray prefix, rest;
        if (!splitUstar(name, &prefix, &rest) || e.linkName.toUtf8().size() > kLink.size) {
            // As Go does for what USTAR cannot hold: a PAX header first, then a header whose
            // name is cut to what fits.
            QByteArray pax = paxRecord("path", name);
            if (e.linkName.toUtf8().size() > kLink.size)
                pax += paxRecord("linkpath", e.linkName.toUtf8());
            TarEntry paxEntry;
            paxEntry.mtime = e.mtime;
            out += header("PaxHeaders.0/" + name.right(kName.size - 13), paxEntry, pax.size(), 'x');
            appendPadded(out, pax);
            prefix.clear();
            rest = name.left(kName.size);
        }
        TarEntry cut = e;
        cut.linkName = QString::fromUtf8(e.linkName.toUtf8().left(kLink.size));
        out += header(rest, cut, size, char(e.type), prefix);
        if (size > 0)
            appendPadded(out, e.data);
    }
    out += QByteArray(2 * kBlock, '\0');
    return out;
}

bool TarFile::looksLikeTar(const QByteArray &head)
{
    if (head.size() < kBlock)
        return false;
    const QByteArray magic = head.mid(kMagic.offset, 5);
    qint64 stored = 0;
    return magic == "ustar" && parseNumber(head.constData(), kChksum, &stored) && stored == checksum(head.constData());
}

bool TarFile::read(const QByteArray &tar, QList<TarEntry> *entries, QString *error)
{
    entries->clear();
    QHash<QByteArray, QByteArray> pax;   // applies to the next entry
    QByteArray longName, longLink;       // GNU 'L' / 'K'
    qsizetype pos = 0;
    while (true) {
        if (pos + kBlock > tar.size()) {
            *error = QStringLiteral("unexpected end of the archive at byte %1").arg(pos);
            return false;
        }
        const char *h = tar.constData() + pos;
        if (std::all_of(h, h + kBlock, [](char c) { return c == 0; }))
            return true;   // end of archive (one zero block is enough, as Go reads it)
        qint64 stored = 0, size = 0, mode = 0, mtime = 0;
        if (!parseNumber(h, kChksum, &stored) || stored != checksum(h)) {
            *error = QStringLiteral("invalid tar header checksum at byte %1").arg(pos);
            return false;
        }
        if (!parseNumber(h, kSize, &size) || !parseNumber(h, kMode, &mode) || !parseNumber(h, kMtime, &mtime)) {
            *error = QStringLiteral("invalid number in the tar header at byte %1").arg(pos);
            return false;
        }
        const char type = h[kType.offset];
        const qsizetype dataPos = pos + kBlock;
        if (type != '1' && type != '2' && type != '5' && (size > tar.size() - dataPos)) {
            *error = QStringLiteral("tar entry at byte %1 is larger than the archive").arg(pos);
            return false;
        }
        const qint64 dataSize = (type == '1' || type == '2' || type == '5') ? 0 : size;
        const QByteArray data = tar.mid(dataPos, dataSize);
        pos = dataPos + ((dataSize + kBlock - 1) / kBlock) * kBlock;
        if (type == 'x' || type == 'g') {
            bool ok = false;
            const auto records = parsePax(data, &ok);
            if (!ok) {
                *error = QStringLiteral("invalid PAX header in the archive");
                return false;
            }
            if (type == 'x')
                pax = records;
            continue;
        }
        if (type == 'L' || type == 'K') {
            (type == 'L' ? longName : longLink) = data.left(data.indexOf('\0') < 0 ? data.size() : data.indexOf('\0'));
            continue;
        }
        TarEntry e;
        QByteArray name = field(h, kName);
        const QByteArray prefix = field(h, kPrefix);
        if (field(h, kMagic) == "ustar" && !prefix.isEmpty())
            name = prefix + '/' + name;
        if (!longName.isEmpty())
            name = longName;
        name = pax.value("path", name);
        e.linkName = QString::fromUtf8(pax.value("linkpath", longLink.isEmpty() ? field(h, kLink) : longLink));
        while (name.endsWith('/'))
            name.chop(1);
        e.name = QString::fromUtf8(name);
        e.mode = int(mode);
        e.mtime = mtime;
        pax.clear();
        longName.clear();
        longLink.clear();
        switch (type) {
        case '0':
        case '\0':
        case '7':
            e.type = TarEntry::Type::File;
            e.data = data;
            break;
        case '1':
            e.type = TarEntry::Type::HardLink;
            break;
        case '2':
            e.type = TarEntry::Type::SymLink;
            break;
        case '5':
            e.type = TarEntry::Type::Directory;
            break;
        default:
            continue;   // devices, FIFOs: nothing a test needs
        }
        if (e.name.isEmpty()) {
            *error = QStringLiteral("tar entry with an empty name at byte %1").arg(dataPos - kBlock);
            return false;
        }
        entries->append(e);
    }
}

} // namespace throttle
