#include "cli/controlcommands.h"

#include "api/apierror.h"
#include "api/apijson.h"
#include "api/gojsonparser.h"
#include "api/restclient.h"
#include "api/statusdocument.h"
#include "cli/clilogsink.h"
#include "cli/commandtable.h"
#include "core/exitcodes.h"
#include "core/script/duration.h"

#include <QDateTime>
#include <QMap>
#include <QStringList>
#include <cmath>
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
    if (r.transportFailed())
        return Failure{r.error};
    if (r.status < 400)
        return std::nullopt;
    QString jsonError;
    if (const std::optional<ApiError> e = ApiError::fromDocument(r.status, r.body, &jsonError))
        return Failure{QStringLiteral("%1: %2").arg(e->title, e->detail)};
    if (!jsonError.isEmpty())
        return Failure{jsonError};
    // k6's client indexes errors[0] without a check: it panics on an empty list.
    return Failure{QStringLiteral("panic: runtime error: index out of range [0] with length 0"), exitcodes::GoPanic};
}

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString statusYaml(const StatusAttributes &a)
{
    const QString paused = a.paused ? (*a.paused ? QStringLiteral("true") : QStringLiteral("false")) : QString();
    const QString vus = a.vus ? QString::number(*a.vus) : QString();
    const QString vusMax = a.vusMax ? QString::number(*a.vusMax) : QString();
    const auto b = [](bool v) { return v ? QStringLiteral("true") : QStringLiteral("false"); };
    return QStringLiteral("status: %1\npaused: %2\nvus: %3\nvus-max: %4\nstopped: %5\nrunning: %6\ntainted: %7\n")
        .arg(a.status).arg(quoted(paused), quoted(vus), quoted(vusMax), b(a.stopped), b(a.running), b(a.tainted));
}

// Throttle's per-scenario attributes, after k6's seven lines (`throttle status` only).
QString scenariosYaml(const QList<ScenarioStatus> &scenarios)
{
    if (scenarios.isEmpty())
        return {};
    QString out = QStringLiteral("scenarios:\n");
    for (const ScenarioStatus &sc : scenarios) {
        out += QStringLiteral("  - name: %1\n    executor: %2\n    capabilities: [%3]\n    mode: %4\n    vus: %5\n    vus-max: %6\n")
                   .arg(sc.name, sc.executor, sc.capabilities.join(QStringLiteral(", ")), sc.mode)
                   .arg(sc.vus).arg(sc.vusMax);
        if (sc.rate)
            out += QStringLiteral("    rate: %1\n    timeUnit: %2\n").arg(formatYamlFloat(*sc.rate), Duration::format(sc.timeUnitMs));
    }
    return out;
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

QString yamlTypeBlock(const char *key, const JsonNode *v, const QStringList &allowed, const char *invalid,
                      std::optional<Failure> *failure)
{
    QString type = allowed.first();
    bool valid = false;
    if (v && !v->isNull()) {
        type = QString::fromUtf8(v->text);
        valid = v->kind == JsonNode::Kind::String && allowed.contains(type);
        if (!valid)
            *failure = Failure{QLatin1String(invalid)};
    }
    return QStringLiteral("  %1:\n    type: %2\n    valid: %3\n").arg(QLatin1String(key), type, valid ? "true" : "false");
}

std::optional<Failure> metricYaml(const JsonNode &m, QString *yaml)
{
    const JsonNode *id = m.member("id");
    const JsonNode *attrs = m.member("attributes");
    static const JsonNode none;
    const JsonNode &a = attrs ? *attrs : none;
    std::optional<Failure> failure;
    QString out = QStringLiteral("- name: %1\n").arg(id ? QString::fromUtf8(id->text) : QString());
    out += yamlTypeBlock("type", a.member("type"), {"counter", "gauge", "trend", "rate"}, "invalid metric type", &failure);
    out += yamlTypeBlock("contains", a.member("contains"), {"default", "time", "data"}, "invalid value type", &failure);
    const JsonNode *tainted = a.member("tainted");
    out += QStringLiteral("  tainted: %1\n")
               .arg(quoted(tainted && tainted->kind == JsonNode::Kind::Bool ? (tainted->boolean ? "true" : "false") : ""));
    QMap<QByteArray, double> sample;   // QMap: sorted bytewise, like Go's yaml
    if (const JsonNode *s = a.member("sample"); s && s->kind == JsonNode::Kind::Object)
        for (const auto &[k, v] : s->members)
            sample.insert(k, v.text.toDouble());
    out += sample.isEmpty() ? QStringLiteral("  sample: {}\n") : QStringLiteral("  sample:\n");
    for (auto it = sample.cbegin(); it != sample.cend(); ++it)
        out += QStringLiteral("    %1: %2\n").arg(QString::fromUtf8(it.key()), formatYamlFloat(it.value()));
    *yaml = out;
    return failure;
}

std::optional<Failure> printStats(const RestReply &r, QTextStream &out)
{
    if (auto f = checkReply(r))
        return f;
    QString error;
    const std::optional<JsonNode> doc = GoJsonParser::parse(r.body, &error);
    if (!doc)
        return Failure{error};
    const JsonNode *data = doc->kind == JsonNode::Kind::Object ? doc->member("data") : nullptr;
    if (!data || data->kind != JsonNode::Kind::Array || data->items.empty()) {
        out << "[]\n";
        return std::nullopt;
    }
    QString yaml;
    for (const JsonNode &m : data->items) {
        QString one;
        if (auto f = metricYaml(m, &one))
            return f;
        yaml += one;
    }
    out << yaml;
    return std::nullopt;
}

std::optional<Failure> run(const QString &cmd, const ControlFlags &f, QTextStream &out)
{
    const RestClient client(f.address, f.apiToken);
    if (cmd == QLatin1String("status"))
        return printStatus(client.get(QStringLiteral("/v1/status")), out, true);
    if (cmd == QLatin1String("stats")) {
        if (f.address.isEmpty())
            return Failure{QStringLiteral("The REST API server is disabled, but this command needs to read metrics from it. "
                                          "Enable it by setting --address or K6_ADDRESS.")};
        return printStats(client.get(QStringLiteral("/v1/metrics")), out);
    }
    StatusAttributes patch;
    if (cmd == QLatin1String("pause") || cmd == QLatin1String("resume")) {
        patch.paused = cmd == QLatin1String("pause");
    } else {
        if (!f.vus && !f.vusMax && !f.rate && !f.schedule)
            return Failure{QStringLiteral("Specify either -u/--vus or -m/--max")};
        patch.vus = f.vus;
        patch.vusMax = f.vusMax;
        patch.rate = f.rate;
        if (f.schedule)
            patch.mode = QStringLiteral("schedule");
        if (!f.scenario.isEmpty())
            patch.scenario = f.scenario;
    }
    return printStatus(client.patch(QStringLiteral("/v1/status"), StatusDocument::encode(patch)), out);
}

} // namespace

bool isControlCommand(const QString &name)
{
    const CliCommand *c = CommandTable::throttleCommand(name);
    return c && c->globalFlags;   // the REST client commands take k6's global flags
}

QString formatYamlFloat(double v)
{
    if (std::isnan(v))
        return QStringLiteral(".nan");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
    if (v == 0)
        return std::signbit(v) ? QStringLiteral("-0") : QStringLiteral("0");
    const QString e = QString::number(v, 'e', QLocale::FloatingPointShortest);   // "-1.234567e+06"
    const bool negative = e.startsWith(QLatin1Char('-'));
    const qsizetype ePos = e.indexOf(QLatin1Char('e'));
    QString digits = e.mid(negative ? 1 : 0, ePos - (negative ? 1 : 0)).remove(QLatin1Char('.'));
    const int exp = e.mid(ePos + 1).toInt();
    QString body;
    if (exp < -4 || exp >= 6) {   // Go's shortest %g switches at 1e-4 and 1e6 (eprec = 6)
        body = digits.left(1) + (digits.size() > 1 ? QLatin1Char('.') + digits.mid(1) : QString()) + QLatin1Char('e') +
               (exp < 0 ? QLatin1Char('-') : QLatin1Char('+')) + QStringLiteral("%1").arg(std::abs(exp), 2, 10, QLatin1Char('0'));
    } else if (exp < 0) {
        body = QStringLiteral("0.") + QString(-exp - 1, QLatin1Char('0')) + digits;
    } else {
        while (digits.size() < exp + 1)
            digits += QLatin1Char('0');
        body = digits.left(exp + 1) + (digits.size() > exp + 1 ? QLatin1Char('.') + digits.mid(exp + 1) : QString());
    }
    return (negative ? QStringLiteral("-") : QString()) + body;
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
    if (!failure)
        failure = run(name, flags, out);
    out.flush();
    if (!failure)
        return 0;
    logFailure(*failure, flags.logFormat, err);
    return failure->exitCode;
}

} // namespace throttle
