#pragma once
// ArchiveInput: the test a command was given, when it is a k6 archive (recognised by its
// content, as k6 does: a tar holding metadata.json). It unpacks the archive into a temporary
// directory that lives as long as this object, and turns the request into a run of it: the
// archive's options replace the script's own, its env lies under the system's and -e, open()
// reads its files, its remote modules are never fetched. Main thread.

#include "core/archive/k6archive.h"

#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace throttle {

class CliLogSink;
struct RunRequest;

class ArchiveInput {
public:
    // Reads `path` if it is an archive; false (error logged, *exitCode set) when it is a broken one.
    bool open(const QString &path, CliLogSink &log, int *exitCode);
    bool isArchive() const { return m_archive.has_value(); }
    const K6Archive &archive() const { return *m_archive; }
    // For an archive: unpacks it and rewrites `req` (built from the flags) to run it. No-op otherwise.
    bool apply(RunRequest *req, CliLogSink &log, int *exitCode);
    // A path inside the unpacked archive as it was where the archive was made (else unchanged).
    QString originalPath(const QString &path) const;

private:
    std::optional<K6Archive> m_archive;
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace throttle
