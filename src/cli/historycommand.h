#pragma once
// `throttle history` (list runs, --format json, --script, --delete RUN, --stages RUN) and
// `throttle compare RUN_A RUN_B` over the run history (src/core/history). Main thread.

#include <QStringList>
#include <QTextStream>

namespace throttle {

int historyCommand(const QStringList &args, QTextStream &out, QTextStream &err);
int compareCommand(const QStringList &args, QTextStream &out, QTextStream &err);

}   // namespace throttle
