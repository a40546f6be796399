// `throttle`: the command-line entry point. Everything else lives in throttle_cli (tests call runCli).
#include "cli/buildinfo.h"
#include "cli/cli.h"
#include "core/exec/memorytrim.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char **argv)
{
    throttle::limitHeapArenas();   // before any thread exists
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("throttle"));
    QCoreApplication::setApplicationVersion(throttle::BuildInfo::version());
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = throttle::runCli(app.arguments().mid(1), out, err);
    out.flush();
    err.flush();
    return code;
}
