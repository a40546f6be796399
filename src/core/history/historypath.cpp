#include "core/history/historypath.h"

#include <QStandardPaths>

namespace throttle {

QString HistoryPath::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/throttle/history.sqlite");
}

QString HistoryPath::resolve(const QString &flag, bool noHistory)
{
    if (noHistory)
        return {};
    if (!flag.isEmpty())
        return flag;
    const QString off = qEnvironmentVariable("THROTTLE_NO_HISTORY");
    if (off == QLatin1String("1") || off.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return {};
    const QString env = qEnvironmentVariable("THROTTLE_HISTORY");
    return env.isEmpty() ? defaultPath() : env;
}

}   // namespace throttle
