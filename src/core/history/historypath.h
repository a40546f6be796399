#pragma once
// HistoryPath: where the run history lives. `--no-history` (or THROTTLE_NO_HISTORY=1) turns it
// off; `--history PATH`, else THROTTLE_HISTORY, names the database; otherwise it is
// history.sqlite in the user's data directory under "throttle" (QStandardPaths'
// GenericDataLocation, ~/.local/share/throttle/ on Linux), shared by the CLI and the desktop app.
// Stateless; any thread.

#include <QString>

namespace throttle {

class HistoryPath {
public:
    // "" = history off. flag: the --history value ("" = not given).
    static QString resolve(const QString &flag, bool noHistory);
    static QString defaultPath();
};

}   // namespace throttle
