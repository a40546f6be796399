#include "cli/cli.h"

#include "cli/archivecommand.h"
#include "cli/buildinfo.h"
#include "cli/commandtable.h"
#include "cli/controlcommands.h"
#include "cli/historycommand.h"
#include "cli/runcommand.h"
#include "core/exitcodes.h"
#include "core/k6reference.h"
#include "demo/demotarget.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QHostAddress>
#include <QSocketNotifier>
#include <QTimer>
#include <atomic>
#include <csignal>

namespace throttle {

namespace {

std::atomic<bool> g_stopDemo{false};
void onDemoSignal(int) { g_stopDemo.store(true); }

int demoTargetCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const CliCommand &table = *CommandTable::throttleCommand(QStringLiteral("demo-target"));
    QCommandLineParser p;
    CommandTable::addToParser(table.options, &p);
    if (!p.parse(QStringList{table.name} + args)) {
        err << "demo-target: " << p.errorText() << '\n';
        return 255;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out << table.description << "\n\nUsage:\n  throttle demo-target [flags]\n\nFlags:\n"
            << CommandTable::flagLines(table.options);
        return 0;
    }
    bool ok = false;
    const QString portText = p.value(QStringLiteral("port"));
    const uint portValue = portText.toUInt(&ok);
    if (!ok || portValue > 65535) {
        err << "demo-target: invalid port \"" << portText << "\"\n";
        return 255;
    }
    if (!p.positionalArguments().isEmpty()) {
        err << "demo-target: unexpected argument \"" << p.positionalArguments().first() << "\"\n";
        return 255;
    }
    const quint16 port = quint16(portValue);
    const QString host = QStringLiteral("127.0.0.1");
    DemoTarget target;
    if (!target.start(QHostAddress(host), port)) {
        err << "demo-target: cannot listen on " << host << ':' << port << ": " << target.errorString() << '\n';
        return exitcodes::GenericError;
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
    static const auto [withValue, boolean] = [] {
        QStringList value, flag;
        for (const CliOption &o : CommandTable::globalOptions())
            (o.takesValue() ? value : flag) << o.flags();
        return std::pair{value, flag};
    }();
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
    const CliCommand *help = CommandTable::throttleCommand(QStringLiteral("help"));
    if (args.isEmpty() || args.first() == help->name || help->aliases.contains(args.first())) {
        out << CommandTable::usage();
        return 0;
    }
    const QString cmd = args.first();
    const QStringList rest = args.mid(1);
    if (cmd == QLatin1String("run"))
        return runCommand(rest, out, err);
    if (cmd == QLatin1String("archive"))
        return archiveCommand(rest, out, err);
    if (cmd == QLatin1String("inspect"))
        return inspectCommand(rest, out, err);
    if (isControlCommand(cmd))
        return controlCommand(cmd, rest, out, err);
    if (cmd == QLatin1String("history"))
        return historyCommand(rest, out, err);
    if (cmd == QLatin1String("compare"))
        return compareCommand(rest, out, err);
    if (cmd == QLatin1String("demo-target"))
        return demoTargetCommand(rest, out, err);
    const CliCommand *version = CommandTable::throttleCommand(QStringLiteral("version"));
    if (cmd == version->name || version->aliases.contains(cmd)) {
        out << "throttle " << BuildInfo::versionLine() << " (k6 " << k6reference::kVersion << " compatible)\n";
        return 0;
    }
    err << "unknown command \"" << cmd << "\" for \"throttle\"\n" << CommandTable::usage();
    return exitcodes::GenericError;
}

} // namespace throttle
