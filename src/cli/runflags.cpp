#include "cli/runflags.h"

#include "cli/commandtable.h"
#include "core/exec/memoryguard.h"
#include "core/exec/preparedrun.h"
#include "core/exitcodes.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace throttle {

bool parseRunFlags(const QString &command, const QStringList &args, RunFlags *f, QTextStream &err, int *exitCode)
{
    QCommandLineParser p;
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    // The flags come from CommandTable (so --help, the man page and the completion list exactly
    // these); each is looked up below by its long name.
    const CliCommand &table = *CommandTable::throttleCommand(command);
    CommandTable::addToParser(table.options, &p);
    p.addPositionalArgument("script", "the script to run");
    const QString vus = QStringLiteral("vus");
    const QString duration = QStringLiteral("duration");
    const QString iterations = QStringLiteral("iterations");
    const QString stage = QStringLiteral("stage");
    const QString env = QStringLiteral("env");
    const QString paused = QStringLiteral("paused");
    const QString config = QStringLiteral("config");
    const QString noSummary = QStringLiteral("no-summary");
    const QString summaryMode = QStringLiteral("summary-mode");
    const QString systemTags = QStringLiteral("system-tags");
    const QString dns = QStringLiteral("dns");
    const QString noSetup = QStringLiteral("no-setup");
    const QString noTeardown = QStringLiteral("no-teardown");
    const QString trendStats = QStringLiteral("summary-trend-stats");
    const QString timeUnit = QStringLiteral("summary-time-unit");
    const QString tag = QStringLiteral("tag");
    const QString userAgent = QStringLiteral("user-agent");
    const QString insecure = QStringLiteral("insecure-skip-tls-verify");
    const QString maxRedirects = QStringLiteral("max-redirects");
    const QString rps = QStringLiteral("rps");
    const QString httpDebug = QStringLiteral("http-debug");
    const QString address = QStringLiteral("address");
    const QString linger = QStringLiteral("linger");
    const QString quiet = QStringLiteral("quiet");
    const QString verbose = QStringLiteral("verbose");
    const QString logFormat = QStringLiteral("log-format");
    const QString noColor = QStringLiteral("no-color");
    const QString throwOpt = QStringLiteral("throw");
    const QString sysEnv = QStringLiteral("include-system-env-vars");
    const QString noThresholds = QStringLiteral("no-thresholds");
    const QString offline = QStringLiteral("offline");
    const QString demo = QStringLiteral("with-demo-target");
    const QString outOpt = QStringLiteral("out");
    const QString summaryExport = QStringLiteral("summary-export");
    const QString segment = QStringLiteral("execution-segment");
    const QString sequence = QStringLiteral("execution-segment-sequence");
    const QString strictK6 = QStringLiteral("strict-k6");
    const QString maxVusCeiling = QStringLiteral("max-vus-ceiling");
    const QString apiToken = QStringLiteral("api-token");
    const QString apiReadOnly = QStringLiteral("api-read-only");
    const QString maxMemory = QStringLiteral("max-memory");
    const QString history = QStringLiteral("history");
    const QString noHistory = QStringLiteral("no-history");
    const QString help = QStringLiteral("help");
    // k6's bare --http-debug means "headers" (its first choice); QCommandLineParser wants a value.
    QStringList argv = args;
    for (QString &a : argv) {
        for (const CliOption &o : table.options)
            if (o.optionalValue && a == o.longFlag())
                a = o.longFlag() + QLatin1Char('=') + o.choices.first();
    }
    if (!p.parse(QStringList{QStringLiteral("throttle ") + command} + argv)) {
        err << p.errorText() << '\n';
        *exitCode = exitcodes::GenericError;
        return false;
    }
    if (p.isSet(help)) {
        err << p.helpText();
        *exitCode = 0;
        return false;
    }
    const auto intFlag = [&](const QString &o, const char *key, const char *flagName) {
        if (!p.isSet(o))
            return true;
        bool ok = false;
        const qint64 v = p.value(o).toLongLong(&ok);
        if (!ok) {
            err << QStringLiteral("invalid argument \"%1\" for \"%2\" flag: strconv.ParseInt: parsing \"%1\": invalid syntax\n")
                       .arg(p.value(o), QLatin1String(flagName));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->cli.insert(QLatin1String(key), v);
        return true;
    };
    if (!intFlag(vus, "vus", "-u, --vus") || !intFlag(iterations, "iterations", "-i, --iterations") ||
        !intFlag(maxRedirects, "maxRedirects", "--max-redirects") || !intFlag(rps, "rps", "--rps"))
        return false;
    if (p.isSet(maxVusCeiling)) {
        bool ok = false;
        const qint64 v = p.value(maxVusCeiling).toLongLong(&ok);
        if (!ok || v < 0) {
            err << QStringLiteral("invalid argument \"%1\" for \"--max-vus-ceiling\" flag: a VU count (0 = no ceiling) is expected\n")
                       .arg(p.value(maxVusCeiling));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->maxVusCeiling = v;
    }
    if (p.isSet(maxMemory)) {
        const std::optional<qint64> bytes = MemoryGuard::parseBytes(p.value(maxMemory));
        if (!bytes) {
            err << QStringLiteral("invalid argument \"%1\" for \"--max-memory\" flag: a size such as 4GiB or 512MB is expected\n")
                       .arg(p.value(maxMemory));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->maxMemoryBytes = bytes;
    }
    if (p.isSet(duration))
        f->cli.insert(QStringLiteral("duration"), p.value(duration));
    if (p.isSet(httpDebug))
        f->cli.insert(QStringLiteral("httpDebug"), p.value(httpDebug));
    if (p.isSet(stage)) {
        QJsonArray stages;
        for (const QString &s : p.values(stage)) {
            const int colon = s.lastIndexOf(QLatin1Char(':'));
            stages.append(QJsonObject{{"duration", s.left(colon)}, {"target", s.mid(colon + 1).toLongLong()}});
        }
        f->cli.insert(QStringLiteral("stages"), stages);
    }
    if (p.isSet(paused))
        f->cli.insert(QStringLiteral("paused"), true);
    if (p.isSet(noSetup))
        f->cli.insert(QStringLiteral("noSetup"), true);
    if (p.isSet(noTeardown))
        f->cli.insert(QStringLiteral("noTeardown"), true);
    if (p.isSet(trendStats))
        f->cli.insert(QStringLiteral("summaryTrendStats"), QJsonArray::fromStringList(p.value(trendStats).split(QLatin1Char(','))));
    if (p.isSet(timeUnit)) {
        const QString u = p.value(timeUnit);
        if (u != QLatin1String("s") && u != QLatin1String("ms") && u != QLatin1String("us")) {
            err << QStringLiteral("invalid summary time unit '%1', use 's', 'ms' or 'us'\n").arg(u);
            *exitCode = exitcodes::GenericError;
            return false;
        }
        f->cli.insert(QStringLiteral("summaryTimeUnit"), u);
    }
    if (p.isSet(tag)) {
        QJsonObject tags;
        for (const QString &t : p.values(tag)) {
            const int eq = t.indexOf(QLatin1Char('='));
            tags.insert(t.left(eq), t.mid(eq + 1));
        }
        f->cli.insert(QStringLiteral("tags"), tags);
    }
    if (p.isSet(segment))
        f->cli.insert(QStringLiteral("executionSegment"), p.value(segment));
    if (p.isSet(sequence))
        f->cli.insert(QStringLiteral("executionSegmentSequence"), p.value(sequence));
    if (p.isSet(userAgent))
        f->cli.insert(QStringLiteral("userAgent"), p.value(userAgent));
    if (p.isSet(insecure))
        f->cli.insert(QStringLiteral("insecureSkipTLSVerify"), true);
    if (p.isSet(throwOpt))
        f->cli.insert(QStringLiteral("throw"), true);
    if (p.isSet(systemTags))   // k6: a comma list; "" = none
        f->cli.insert(QStringLiteral("systemTags"),
                      QJsonArray::fromStringList(p.value(systemTags).split(QLatin1Char(','), Qt::SkipEmptyParts)));
    if (p.isSet(dns)) {   // as K6_DNS: key=value pairs
        QJsonObject settings;
        for (const QString &pair : p.value(dns).split(QLatin1Char(','), Qt::SkipEmptyParts))
            settings.insert(pair.section(QLatin1Char('='), 0, 0).trimmed(), pair.section(QLatin1Char('='), 1).trimmed());
        f->cli.insert(QStringLiteral("dns"), settings);
    }
    for (const QString &e : p.values(env)) {
        const int eq = e.indexOf(QLatin1Char('='));
        f->envVars.insert(e.left(eq), eq < 0 ? QString() : e.mid(eq + 1));
    }
    f->configFile = p.value(config);
    f->noSummary = p.isSet(noSummary);
    f->summaryMode = p.isSet(summaryMode)
        ? p.value(summaryMode)
        : qEnvironmentVariable("THROTTLE_SUMMARY_MODE", qEnvironmentVariable("K6_SUMMARY_MODE"));
    f->quiet = p.isSet(quiet);
    f->verbose = p.isSet(verbose);
    // As k6: a name it does not know leaves the text format.
    f->logFormat = CliLogSink::formatNamed(p.value(logFormat)).value_or(CliLogSink::Format::Text);
    f->demoTarget = p.isSet(demo);
    f->noThresholds = p.isSet(noThresholds);
    f->offline = p.isSet(offline);
    f->linger = p.isSet(linger);
    if (p.isSet(apiToken))
        f->apiAccess.token = p.value(apiToken).toUtf8();
    if (p.isSet(apiReadOnly))
        f->apiAccess.readOnly = true;
    f->outputs = p.values(outOpt);
    f->summaryExport = p.value(summaryExport);
    f->history = p.value(history);
    f->noHistory = p.isSet(noHistory);
    f->noColor = p.isSet(noColor);
    const QString strictEnv = qEnvironmentVariable("THROTTLE_STRICT_K6");
    f->strictK6 = p.isSet(strictK6) || strictEnv == QLatin1String("1") || strictEnv.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    f->addressExplicit = p.isSet(address);
    f->address = f->addressExplicit ? p.value(address)
                                    : qEnvironmentVariable("THROTTLE_ADDRESS", qEnvironmentVariable("K6_ADDRESS", QStringLiteral("localhost:6565")));
    f->includeSystemEnv = p.value(sysEnv) != QLatin1String("false");
    if (p.positionalArguments().isEmpty()) {
        err << "accepts 1 arg(s), received 0\n";
        *exitCode = exitcodes::GenericError;
        return false;
    }
    f->script = p.positionalArguments().first();
    if (table.find(QStringLiteral("--archive-out"))) {
        f->archiveOut = p.value(QStringLiteral("archive-out"));
        f->excludeEnvVars = p.isSet(QStringLiteral("exclude-env-vars"));
    }
    return true;
}

bool runRequestFromFlags(const RunFlags &f, RunRequest *req, CliLogSink &log, int *exitCode)
{
    req->scriptPath = f.script;
    req->cliOverrides = f.cli;
    req->noThresholds = f.noThresholds;
    req->offline = f.offline;
    req->strictK6 = f.strictK6;
    req->maxVusCeiling = f.maxVusCeiling;
    req->maxMemoryBytes = f.maxMemoryBytes;
    const QProcessEnvironment sysEnv = QProcessEnvironment::systemEnvironment();
    for (const QString &k : sysEnv.keys())
        req->systemEnv.insert(k, sysEnv.value(k));
    if (f.includeSystemEnv)
        req->env.insert(req->systemEnv);
    for (auto it = f.envVars.cbegin(); it != f.envVars.cend(); ++it)
        req->env.insert(it.key(), it.value());
    if (!f.configFile.isEmpty()) {
        QFile cf(f.configFile);
        if (!cf.open(QIODevice::ReadOnly)) {
            log.log(LogLevel::Error, QStringLiteral("couldn't read config file %1").arg(f.configFile));
            *exitCode = exitcodes::GenericError;
            return false;
        }
        req->configFile = QJsonDocument::fromJson(cf.readAll()).object();
    }
    return true;
}

} // namespace throttle
