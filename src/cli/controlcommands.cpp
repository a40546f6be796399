#include "cli/controlcommands.h"

#include "api/fleetclient.h"
#include "api/restclient.h"
#include "api/statusdocument.h"
#include "cli/clilogsink.h"
#include "cli/commandtable.h"
#include "cli/controlyaml.h"
#include "cli/fleetcommands.h"
#include "core/exitcodes.h"

#include <QStringList>
#include <optional>

namespace throttle {

namespace {

struct ControlFlags {
    QString address = QStringLiteral("localhost:6565");
    QString logFormat = QStringLiteral("text");
    std::optional<qint64> vus;
    std::optional<qint64> vusMax;
    std::optional<qint64> rate;       // Throttle: --rate
    bool schedule = false;            // Throttle: --schedule
    QString scenario;                 // Throttle: --scenario
    QByteArray apiToken = RestClient::environmentToken();   // Throttle: --api-token / THROTTLE_API_TOKEN
    bool help = false;
};

// A failure: the message for the log line and the exit code.
struct Failure {
    QString message;
    int exitCode = exitcodes::GenericError;
};

// Cobra's help layout, from CommandTable (the man page and the completion use the same rows).
void printHelp(const QString &name, QTextStream &out)
{
    const CliCommand &c = *CommandTable::throttleCommand(name);
    out << c.summary << ".\n\n"
        << "Use the global --address flag to specify the URL to the API server.\n\n"
        << "Usage:\n  throttle " << name << " [flags]\n\nFlags:\n"
        << CommandTable::flagLines(c.options)
        << "\nGlobal Flags:\n"
        << CommandTable::flagLines(CommandTable::globalOptions());
}

void logFailure(const Failure &f, const QString &format, QTextStream &err)
{
    CliLogSink(err, false, CliLogSink::formatNamed(format).value_or(CliLogSink::Format::Text))
        .log(LogLevel::Error, f.message);
}

std::optional<Failure> intFlag(const QString &flagName, const QString &value, std::optional<qint64> *out)
{
    bool ok = false;
    const qint64 v = value.toLongLong(&ok);
    if (!ok)
        return Failure{QStringLiteral("invalid argument \"%1\" for \"%2\" flag: strconv.ParseInt: parsing \"%1\": invalid syntax")
                           .arg(value, flagName)};
    *out = v;
    return std::nullopt;
}

const CliOption *findGlobal(const QString &flag)
{
    for (const CliOption &o : CommandTable::globalOptions())
        if (o.flags().contains(flag))
            return &o;
    return nullptr;
}

bool isHelp(const CliOption *o)
{
    return o && o->longFlag() == QLatin1String("--help");
}

// cobra-style flags: -a X, -aX, --address X, --address=X; extra positional arguments are ignored.

std::optional<Failure> parseFlags(const QString &cmd, const QStringList &args, ControlFlags *f)
{
    const CliCommand &command = *CommandTable::throttleCommand(cmd);
    for (int i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (!arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-"))
            continue;
        if (isHelp(command.find(arg))) {
            f->help = true;
            continue;
        }
        // k6's other boolean global flags: accepted, and without effect on a one-shot REST call.
        if (const CliOption *global = findGlobal(arg); global && !global->takesValue())
            continue;
        QString name = arg, value;
        bool inlineValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            name = arg.section(QLatin1Char('='), 0, 0);
            value = arg.section(QLatin1Char('='), 1);
            inlineValue = true;
        } else if (!arg.startsWith(QLatin1String("--")) && arg.size() > 2) {
            name = arg.left(2);
            value = arg.mid(2).startsWith(QLatin1Char('=')) ? arg.mid(3) : arg.mid(2);
            inlineValue = true;
        }
        // The command's own flags (but help) and the global flags with a value take the forms above.
        const CliOption *known = command.find(name);
        if (!known && (known = findGlobal(name)) && !known->takesValue())
            known = nullptr;
        if (!known || isHelp(known)) {
            return Failure{name.startsWith(QLatin1String("--")) ? QStringLiteral("unknown flag: %1").arg(name)
                                                                 : QStringLiteral("unknown shorthand flag: '%1' in %2").arg(name.mid(1), arg)};
        }
        if (!known->takesValue()) {   // a boolean flag: --schedule
            f->schedule = !inlineValue || (value != QLatin1String("false") && value != QLatin1String("0"));
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size())
                return Failure{QStringLiteral("flag needs an argument: %1").arg(name)};
            value = args.at(++i);
        }
        if (name == QLatin1String("-a") || name == QLatin1String("--address"))
            f->address = value;
        else if (name == QLatin1String("--log-format"))
            f->logFormat = value;
        else if (name == QLatin1String("--api-token"))
            f->apiToken = value.toUtf8();
        else if (name == QLatin1String("--scenario"))
            f->scenario = value;
        else if (name == QLatin1String("-u") || name == QLatin1String("--vus")) {
            if (auto e = intFlag(QStringLiteral("-u, --vus"), value, &f->vus))
                return e;
        } else if (name == QLatin1String("-r") || name == QLatin1String("--rate")) {
            if (auto e = intFlag(QStringLiteral("-r, --rate"), value, &f->rate))
                return e;
        } else if (auto e = intFlag(QStringLiteral("-m, --max"), value, &f->vusMax)) {
            return e;
        }
    }
    return std::nullopt;
}

// An answer >= 400 becomes "<title>: <detail>" from the error document, as k6's client does.
std::optional<Failure> checkReply(const RestReply &r)
{
    bool panic = false;
    if (const std::optional<QString> e = replyError(r, &panic))
        return Failure{*e, panic ? exitcodes::GoPanic : exitcodes::GenericError};
    return std::nullopt;
}

std::optional<Failure> printStatus(const RestReply &r, QTextStream &out, bool withScenarios = false)
{
    if (auto f = checkReply(r))
        return f;
    StatusAttributes a;
    QString error;
    if (!StatusDocument::decode(r.body, &a, &error))
        return Failure{error};
    out << statusYaml(a);
    if (withScenarios)
        out << scenariosYaml(a.scenarios);
    return std::nullopt;
}

std::optional<Failure> printStats(const RestReply &r, QTextStream &out)
{
    if (auto f = checkReply(r))
        return f;
    QString yaml, error;
    if (!metricsYaml(r.body, &yaml, &error))
        return Failure{error};
    out << yaml;
    return std::nullopt;
}

// The PATCH body of pause, resume, stop and scale; nullopt for status and stats.
std::optional<QByteArray> patchBody(const QString &cmd, const ControlFlags &f, std::optional<Failure> *failure)
{
    StatusAttributes patch;
    if (cmd == QLatin1String("status") || cmd == QLatin1String("stats"))
        return std::nullopt;
    if (cmd == QLatin1String("pause") || cmd == QLatin1String("resume")) {
        patch.paused = cmd == QLatin1String("pause");
    } else if (cmd == QLatin1String("stop")) {
        patch.stopped = true;
    } else {
        if (!f.vus && !f.vusMax && !f.rate && !f.schedule) {
            *failure = Failure{QStringLiteral("Specify either -u/--vus or -m/--max")};
            return std::nullopt;
        }
        patch.vus = f.vus;
        patch.vusMax = f.vusMax;
        patch.rate = f.rate;
        if (f.schedule)
            patch.mode = QStringLiteral("schedule");
        if (!f.scenario.isEmpty())
            patch.scenario = f.scenario;
    }
    return StatusDocument::encode(patch);
}

QList<Failure> runOne(const QString &cmd, const ControlFlags &f, const std::optional<QByteArray> &body, QTextStream &out)
{
    const RestClient client(f.address, f.apiToken);
    std::optional<Failure> failure;
    if (body)
        failure = printStatus(client.patch(QStringLiteral("/v1/status"), *body), out);
    else if (cmd == QLatin1String("status"))
        failure = printStatus(client.get(QStringLiteral("/v1/status")), out, true);
    else
        failure = printStats(client.get(QStringLiteral("/v1/metrics")), out);
    return failure ? QList<Failure>{*failure} : QList<Failure>{};
}

// Several runners: each failure is one log line naming its runner.
QList<Failure> runFleet(const QString &cmd, const FleetClient &fleet, const std::optional<QByteArray> &body, QTextStream &out)
{
    QList<Failure> failures;
    const QList<FleetFailure> failed = cmd == QLatin1String("stats") ? fleetStats(fleet, out) : fleetStatus(fleet, body, out);
    for (const FleetFailure &e : failed)
        failures.append({e.address.isEmpty() ? e.message : QStringLiteral("runner %1: %2").arg(e.address, e.message)});
    return failures;
}

QList<Failure> run(const QString &cmd, const ControlFlags &f, QTextStream &out)
{
    if (cmd == QLatin1String("stats") && f.address.isEmpty())
        return {Failure{QStringLiteral("The REST API server is disabled, but this command needs to read metrics from it. "
                                       "Enable it by setting --address or K6_ADDRESS.")}};
    std::optional<Failure> failure;
    const std::optional<QByteArray> body = patchBody(cmd, f, &failure);
    if (failure)
        return {*failure};
    const QStringList runners = FleetClient::resolve(f.address);
    if (runners.size() > 1)
        return runFleet(cmd, FleetClient(runners, f.apiToken), body, out);
    return runOne(cmd, f, body, out);
}

} // namespace

bool isControlCommand(const QString &name)
{
    const CliCommand *c = CommandTable::throttleCommand(name);
    return c && c->globalFlags;   // the REST client commands take k6's global flags
}

int controlCommand(const QString &name, const QStringList &args, QTextStream &out, QTextStream &err)
{
    ControlFlags flags;
    const QString envAddress = qEnvironmentVariable("THROTTLE_ADDRESS", qEnvironmentVariable("K6_ADDRESS"));
    if (qEnvironmentVariableIsSet("THROTTLE_ADDRESS") || qEnvironmentVariableIsSet("K6_ADDRESS"))
        flags.address = envAddress;
    std::optional<Failure> failure = parseFlags(name, args, &flags);
    if (!failure && flags.help) {
        printHelp(name, out);
        return 0;
    }
    const QList<Failure> failures = failure ? QList<Failure>{*failure} : run(name, flags, out);
    out.flush();
    for (const Failure &f : failures)
        logFailure(f, flags.logFormat, err);
    return failures.isEmpty() ? 0 : failures.first().exitCode;
}

} // namespace throttle
