#pragma once
// `throttle run`: k6 run's options, banner, progress, summary and exit codes (script-api.md §2, §11, §12).

#include <QStringList>
#include <QTextStream>

namespace throttle {

int runCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace throttle
