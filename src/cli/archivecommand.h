#pragma once
// `throttle archive` and `throttle inspect`: k6's archive (a tar other runners — Throttle or
// k6 — run without the original files) and k6's JSON description of a test, which the
// k6-operator's initializer reads (maxVUs, totalDuration, thresholds, ...).

#include <QStringList>
#include <QTextStream>
#include <memory>

namespace throttle {

class CliLogSink;
class PreparedRun;
struct RunRequest;

// Which options a document shows: the script's (or archive's) as given (`k6 inspect`), the sources
// consolidated (`k6 archive`'s metadata.json), or consolidated and derived with the execution
// requirements (`k6 inspect --execution-requirements`).
enum class OptionsView { Script, Consolidated, Requirements };
QByteArray k6OptionsDocument(const PreparedRun &p, OptionsView view, int indent, bool escapeHtml);
// PreparedRun::prepare with its warnings and error logged as `throttle run` logs them.
std::unique_ptr<PreparedRun> prepareForArchive(const RunRequest &req, CliLogSink &log, int *exitCode);

int archiveCommand(const QStringList &args, QTextStream &out, QTextStream &err);
int inspectCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace throttle
