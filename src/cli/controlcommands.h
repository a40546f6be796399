#pragma once
// The control subcommands `throttle status|pause|resume|scale|stats` (control-api.md §9): REST
// clients of a running test, byte-compatible with k6's. Success prints YAML on stdout and exits
// 0; failure prints one logrus-style line on stderr and exits 255. Main thread (blocking calls
// spin a local event loop).

#include <QStringList>
#include <QTextStream>

namespace throttle {

bool isControlCommand(const QString &name);
// args excludes the subcommand name.
int controlCommand(const QString &name, const QStringList &args, QTextStream &out, QTextStream &err);


} // namespace throttle
