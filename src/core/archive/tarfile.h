#pragma once
// TarFile: reads and writes the tar format k6 archives use (Go's archive/tar: USTAR headers,
// PAX records for long names; GNU long names are read too). Whole archives in memory: k6
// archives hold a script and its files, not bulk data. Reading checks every header (checksum,
// sizes, bounds) and fails with a message instead of trusting the input. Stateless; any thread.

#include <QByteArray>
#include <QList>
#include <QString>

namespace throttle {

struct TarEntry {
    enum class Type : char { File = '0', HardLink = '1', SymLink = '2', Directory = '5' };
    QString name;          // "file/home/me/script.js", no trailing slash for directories
    Type type = Type::File;
    QByteArray data;       // regular files only
    QString linkName;      // hard and symbolic links
    int mode = 0644;
    qint64 mtime = 0;      // seconds since the epoch
};

class TarFile {
public:
    static QByteArray write(const QList<TarEntry> &entries);
    // False with *error on a malformed archive; PAX global headers and unknown types are skipped.
    static bool read(const QByteArray &tar, QList<TarEntry> *entries, QString *error);
    // True when `head` (at least 512 bytes) starts with a USTAR/GNU tar header.
    static bool looksLikeTar(const QByteArray &head);
};

} // namespace throttle
