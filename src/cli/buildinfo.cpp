#include "cli/buildinfo.h"

#include "throttle_buildinfo.h"   // generated into the build tree: THROTTLE_VERSION_STRING, ...

namespace throttle {

QString BuildInfo::version()
{
    return QStringLiteral(THROTTLE_VERSION_STRING);
}

QString BuildInfo::commit()
{
    return QStringLiteral(THROTTLE_GIT_COMMIT);
}

QString BuildInfo::license()
{
    return QStringLiteral(THROTTLE_LICENSE);
}

QString BuildInfo::appId()
{
    return QStringLiteral(THROTTLE_APP_ID);
}

QString BuildInfo::qtVersion()
{
    return QString::fromLatin1(qVersion());
}

QString BuildInfo::versionLine()
{
    const QString c = commit();
    return QStringLiteral("%1 (%2Qt %3)").arg(version(), c.isEmpty() ? QString() : QStringLiteral("commit %1, ").arg(c), qtVersion());
}

} // namespace throttle
