#include "cli/cli.h"

#include "cli/controlcommands.h"
#include "cli/runcommand.h"
#include "demo/demotarget.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHostAddress>
#include <QSocketNotifier>
#include <QTimer>
#include <atomic>
#include <csignal>

namespace throttle {

namespace {

const char *kUsage =
    "Throttle: k6-compatible load testing you can steer while it runs.\n"
    "\n"
    "Usage:\n"
    "  throttle run [flags] <script.js>     run a test (k6 run's flags: -u, -d, -i, -s, -e, -p, ...)\n"
    "  throttle [-a host:port] status|pause|resume|scale|stats\n"
    "                                       steer a running test through its REST API (scale: -u N, -m N)\n"
    "  throttle demo-target [--port N]      serve the built-in demo target on 127.0.0.1 (default port 6580)\n"
    "  throttle version                     print the version\n"
    "\n"
    "Run `throttle run --help` for the flags of run.\n";

std::atomic<bool> g_stopDemo{false};
void onDemoSignal(int) { g_stopDemo.store(true); }

int demoTargetCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    quint16 port = 6580;
    QString host = QStringLiteral("127.0.0.1");
    for (int i = 0; i < args.size(); ++i) {
        if ((args[i] == QLatin1String("--port") || args[i] == QLatin1String("-P")) && i + 1 < args.size())
            port = quint16(args[++i].toUInt());
        else if (args[i].startsWith(QLatin1String("--port=")))
            port = quint16(args[i].mid(7).toUInt());
    }
    DemoTarget target;
    if (!target.start(QHostAddress(host), port)) {
        err << "demo-target: cannot listen on " << host << ':' << port << ": " << target.errorString() << '\n';
        return 255;
    }
    out << "demo target serving at " << target.baseUrl() << " (Ctrl-C stops it)\n";
    out.flush();
    g_stopDemo.store(false);
    auto prevInt = std::signal(SIGINT, onDemoSignal);
    auto prevTerm = std::signal(SIGTERM, onDemoSignal);
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (g_stopDemo.load())
            loop.quit();
    });
    poll.start(100);
    loop.exec();
    std::signal(SIGINT, prevInt);
    std::signal(SIGTERM, prevTerm);
    target.stop();
    out << "demo target served " << target.requestCount() << " requests\n";
    return 0;
}

// k6's global flags (cobra persistent flags) may come before the subcommand:
// `throttle -a host:port status` is `throttle status -a host:port`. Moves them behind the
// subcommand name, ahead of its own arguments, so a flag repeated after it still wins.
QStringList hoistGlobalFlags(const QStringList &args)
{
    static const QStringList withValue{QStringLiteral("-a"), QStringLiteral("--address"), QStringLiteral("--log-format")};
    static const QStringList boolean{QStringLiteral("-q"), QStringLiteral("--quiet"), QStringLiteral("-v"),
                                     QStringLiteral("--verbose"), QStringLiteral("--no-color")};
    QStringList global;
    int i = 0;
    for (; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const QString name = a.startsWith(QLatin1String("--")) ? a.section(QLatin1Char('='), 0, 0) : a.left(2);
        if (boolean.contains(a)) {
            global << a;
        } else if (withValue.contains(a) && i + 1 < args.size()) {
            global << a << args.at(i + 1);
            ++i;
        } else if (withValue.contains(name) && a != name) {   // --address=X, -aX, -a=X
            global << a;
        } else {
            break;
        }
    }
    if (global.isEmpty() || i >= args.size())
        return args;
    return QStringList{args.at(i)} + global + args.mid(i + 1);
}

} // namespace

int runCli(const QStringList &rawArgs, QTextStream &out, QTextStream &err)
{
    const QStringList args = hoistGlobalFlags(rawArgs);
    if (args.isEmpty() || args.first() == QLatin1String("help") || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h")) {
        out << kUsage;
        return 0;
    }
    const QString cmd = args.first();
    const QStringList rest = args.mid(1);
    if (cmd == QLatin1String("run"))
        return runCommand(rest, out, err);
    if (isControlCommand(cmd))
        return controlCommand(cmd, rest, out, err);
    if (cmd == QLatin1String("demo-target"))
        return demoTargetCommand(rest, out, err);
    if (cmd == QLatin1String("version") || cmd == QLatin1String("--version")) {
        out << "throttle " << QCoreApplication::applicationVersion() << " (k6 v0.49 compatible)\n";
        return 0;
    }
    err << "unknown command \"" << cmd << "\" for \"throttle\"\n" << kUsage;
    return 255;
}

} // namespace throttle
