#pragma once

#include "options.h"
#include "core/exitcodes.h"

#include <QString>
#include <QStringList>

namespace throttle {

// OptionsResult: outcome of option consolidation or validation. A plain value struct.
// exitCode follows k6 (script-api.md §12): 0 when ok, 104 for invalid configuration
// (validation, shortcut conflicts, bad K6_* values), 255 for fatal parse errors (unknown
// scenario key, unknown executor, wrong JSON types, invalid trend stat or TLS version).
// `error` is the text k6 prints (possibly multi-line); `warnings` are log lines at warning
// level, already worded like k6's messages.
struct OptionsResult
{
    bool ok = false;
    int exitCode = 0;
    QString error;
    QStringList warnings;
    Options options;
    // The sources merged, before parsing and derivation (null = unset): what `k6 archive` keeps.
    QJsonObject given;

    static constexpr int kInvalidConfig = exitcodes::InvalidConfig;
    static constexpr int kFatal = exitcodes::GenericError;
};

} // namespace throttle
