#pragma once
// The `throttle` command line: dispatches to the subcommands. Tests call runCli() in-process.

#include <QStringList>
#include <QTextStream>

namespace throttle {

// args excludes the program name, e.g. {"run", "script.js"}. Returns the process exit code.
int runCli(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace throttle
