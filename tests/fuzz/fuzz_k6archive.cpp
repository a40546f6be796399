// libFuzzer target: k6 archives (TarFile's headers, PAX records, GNU long names, metadata.json),
// read by `throttle run file.tar` and `throttle inspect`; what reads is written and read again.
#include "core/archive/k6archive.h"
#include "core/archive/tarfile.h"

#include <cstdint>

using namespace throttle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    TarFile::looksLikeTar(input);
    QList<TarEntry> entries;
    QString error;
    if (TarFile::read(input, &entries, &error)) {
        QList<TarEntry> again;
        TarFile::read(TarFile::write(entries), &again, &error);
    }
    K6Archive archive;
    if (K6Archive::fromTar(input, &archive, &error)) {
        archive.runOptions();
        K6Archive back;
        K6Archive::fromTar(archive.toTar(), &back, &error);
    }
    return 0;
}
