#include "cli/commandtable.h"

#include <QCommandLineParser>

namespace throttle {

namespace {

using V = CliOption::Value;

CliOption help(const QString &command)
{
    return {{"h", "help"}, {}, QStringLiteral("help for %1").arg(command)};
}

// k6 run's flags (cmd/options.go, cmd/runtime_options.go, cmd/run.go) plus Throttle's own.
QList<CliOption> runOptions()
{
    return {
        {{"u", "vus"}, "n", "number of virtual users"},
        {{"d", "duration"}, "duration", "test duration limit"},
        {{"i", "iterations"}, "n", "script total iteration limit"},
        {{"s", "stage"}, "stage", "add a stage, as `[duration]:[target]`", {}, V::Text, {}, true},
        {{"e", "env"}, "VAR=value", "add/override environment variable with `VAR=value`", {}, V::Text, {}, true},
        {{"p", "paused"}, {}, "start the test in a paused state"},
        {{"c", "config"}, "file", "JSON config file", {}, V::File},
        {{"no-summary"}, {}, "don't show the summary at the end of the test (deprecated: --summary-mode=disabled)"},
        {{"summary-mode"}, "mode", "the end-of-test summary: compact (default), full, legacy or disabled", {}, V::Text, {"compact", "full", "legacy", "disabled"}},
        {{"no-setup"}, {}, "don't run setup()"},
        {{"no-teardown"}, {}, "don't run teardown()"},
        {{"summary-trend-stats"}, "stats", "define stats for trend metrics"},
        {{"summary-time-unit"}, "unit", "define the time unit used in the summary", {}, V::Text, {"s", "ms", "us"}},
        {{"tag"}, "tag", "add a tag to be applied to all samples, as `[name]=[value]`", {}, V::Text, {}, true},
        {{"user-agent"}, "ua", "user agent for http requests"},
        {{"insecure-skip-tls-verify"}, {}, "skip verification of TLS certificates"},
        {{"max-redirects"}, "n", "follow at most n redirects"},
        {{"rps"}, "n", "limit requests per second (0 = no limit)"},
        {{"http-debug"}, "headers|full", "log all HTTP requests and responses (--http-debug=full: with bodies)", {},
         V::Text, {"headers", "full"}, false, true},
        {{"a", "address"}, "host:port", "address for the REST API server"},
        {{"l", "linger"}, {}, "keep the API server alive past test end"},
        {{"q", "quiet"}, {}, "disable progress updates"},
        {{"v", "verbose"}, {}, "enable verbose logging"},
        {{"log-format"}, "format", "log output format: text, json or raw", {}, V::Text, {"text", "json", "raw"}},
        {{"no-color"}, {}, "disable colored output"},
        {{"w", "throw"}, {}, "throw warnings (like failed http requests) as errors"},
        {{"include-system-env-vars"}, "bool", "pass the real system environment variables to the runtime", "true",
         V::Text, {"true", "false"}},
        {{"no-thresholds"}, {}, "don't run thresholds"},
        {{"offline"}, {}, "never fetch remote modules: take them from the cache of an earlier run"},
        {{"with-demo-target"}, {}, "serve the built-in demo target on loopback and set BASE_URL to it"},
        {{"o", "out"}, "uri", "`uri` for an external metrics database (json=file, csv=file)", {}, V::Text, {}, true},
        {{"summary-export"}, "file", "output the end-of-test summary report to JSON file", {}, V::File},
        {{"execution-segment"}, "segment", "limit execution to the specified segment, e.g. 10%, 1/3, 0.2:2/3"},
        {{"execution-segment-sequence"}, "sequence", "the execution segment sequence"},
        {{"strict-k6"}, {}, "answer pause/scale exactly as k6 (only externally-controlled is steerable)"},
        {{"system-tags"}, "tags", "only include these system tags in metrics (a comma list; empty for none)"},
        {{"dns"}, "settings", "DNS resolver settings, as `ttl=5m,select=random,policy=preferIPv4`"},
        {{"api-token"}, "token", "require this bearer token on the REST API (default $THROTTLE_API_TOKEN)"},
        {{"api-read-only"}, {}, "serve the REST API read-only: GET requests only"},
        {{"max-vus-ceiling"}, "n", "the most VUs this process may initialise (0 = no ceiling; default 50000, or $THROTTLE_MAX_VUS)"},
        {{"max-memory"}, "size", "abort the run (exit code 107) when Throttle's memory reaches this size, e.g. 4GiB (default $THROTTLE_MAX_MEMORY)"},
        {{"history"}, "file", "record the run into this run-history database (default $THROTTLE_HISTORY, else ~/.local/share/throttle/history.sqlite)", {}, CliOption::Value::File},
        {{"no-history"}, {}, "do not record the run in the run history"},
        help("run"),
    };
}

CliCommand control(const QString &name, const QString &summary, const QString &description,
                   QList<CliOption> options = {})
{
    options.append(help(name));
    return {name, {}, summary, description, options, false, true};
}

QList<CliCommand> makeCommands()
{
    const QString viaApi = QStringLiteral(", through its REST API (-a/--address, default localhost:6565; several "
                                          "addresses, or a name that resolves to several, address a fleet of runners).");
    QList<CliCommand> c;
    c.append({"run", "<script>", "Run a test",
              "Runs a k6 script (JavaScript or TypeScript) as k6 run does: the same options in the same order of "
              "precedence (script options < K6_* environment variables < flags; --config file lowest), the same "
              "end-of-test summary and exit codes. While it runs, the REST API on --address lets status, pause, "
              "resume, scale, stats, curl or the desktop app steer it.",
              runOptions(), true, false});
    QList<CliOption> archive = runOptions();
    archive.removeLast();   // run's help
    for (CliOption &o : archive)
        if (o.names.contains(QStringLiteral("include-system-env-vars")))
            o.defaultValue = QStringLiteral("false");   // k6 archive's default
    archive << CliOption{{"O", "archive-out"}, "file", "archive output filename (- = stdout)", "archive.tar", V::File}
            << CliOption{{"exclude-env-vars"}, {}, "do not embed any environment variables (from --env or the system) in the archive"}
            << help("archive");
    c.append({"archive", "<script>", "Create an archive",
              "Writes a k6 archive: a tar holding the script, its local and remote modules, the files it open()s and "
              "the options (the script's, the config file's, K6_* and the flags, consolidated), which throttle run "
              "and k6 run run without the original files. Takes throttle run's option flags.",
              archive, true, false});
    c.append({"inspect", "<script|archive>", "Inspect a script or archive",
              "Prints the test's options as k6 inspect does (JSON); with --execution-requirements consolidated "
              "(config file, K6_* environment) and derived, with totalDuration and maxVUs, as the k6-operator reads them.",
              {{{"execution-requirements"}, {}, "include calculations of execution requirements for the test"},
               {{"e", "env"}, "VAR=value", "add/override environment variable with `VAR=value`", {}, V::Text, {}, true},
               {{"include-system-env-vars"}, "bool", "pass the real system environment variables to the runtime", "false",
                V::Text, {"true", "false"}},
               {{"c", "config"}, "file", "JSON config file", {}, V::File},
               {{"no-thresholds"}, {}, "don't run thresholds"},
               {{"log-format"}, "format", "log output format: text, json or raw", {}, V::Text, {"text", "json", "raw"}},
               {{"q", "quiet"}, {}, "disable progress updates"},
               {{"v", "verbose"}, {}, "enable verbose logging"},
               help("inspect")},
              true, false});
    c.append(control("status", "Show test status",
                     "Prints the status of a running test as YAML, as k6 status does, followed by each scenario's "
                     "executor, capabilities and mode" + viaApi));
    c.append(control("pause", "Pause a running test", "Pauses a running test" + viaApi));
    c.append(control("resume", "Resume a paused test", "Resumes a paused test (or one started with --paused)" + viaApi));
    c.append(control("scale", "Scale a running test",
                     "Changes the number of active VUs (-u), the number of initialised VUs (-m) or the rate of an "
                     "arrival-rate scenario (-r) of a running test" + viaApi,
                     {{{"u", "vus"}, "int", "number of virtual users"},
                      {{"m", "max"}, "int", "max available virtual users"},
                      {{"r", "rate"}, "int", "iteration starts per timeUnit of an arrival-rate scenario"},
                      {{"schedule"}, {}, "return to the scenario's schedule after a manual change"},
                      {{"scenario"}, "string", "the scenario to change (default: the first that can)"}}));
    c.append(control("stop", "Stop a running test",
                     "Stops a running test as PATCH {\"stopped\":true} does (its exit code is then 103; k6 has no stop "
                     "command)" + viaApi));
    c.append(control("stats", "Show test metrics", "Prints every metric of a running test as YAML, as k6 stats does" + viaApi));
    c.append({"history", {}, "List recorded runs",
              "Lists the runs in the run history, newest first: id, start, duration, exit code, peak VUs, requests, "
              "failed requests and the script. With --stages RUN, prints that run's steering log as the options of "
              "a ramping-vus (or ramping-arrival-rate) scenario that replays it; with --delete RUN, deletes it.",
              {{{"format"}, "format", "output format: text or json", "text", CliOption::Value::Text, {"text", "json"}},
               {{"script"}, "path", "only the runs of scripts whose path contains this"},
               {{"stages"}, "run", "print the run's steering log as a scenario to paste into a script"},
               {{"delete"}, "run", "delete the run and everything recorded with it"},
               {{"history"}, "file", "the run-history database (default $THROTTLE_HISTORY, else ~/.local/share/throttle/history.sqlite)", {}, CliOption::Value::File},
               help("history")}});
    c.append({"compare", "<run-a> <run-b>", "Compare two recorded runs",
              "Prints the end-of-test metrics of two runs in the run history side by side with the change from the "
              "first to the second in percent, and the thresholds whose verdict flipped.",
              {{{"format"}, "format", "output format: text or json", "text", CliOption::Value::Text, {"text", "json"}},
               {{"history"}, "file", "the run-history database (default $THROTTLE_HISTORY, else ~/.local/share/throttle/history.sqlite)", {}, CliOption::Value::File},
               help("compare")}});
    c.append({"demo-target", {}, "Serve the built-in demo target",
              "Serves the built-in demo target (the pages and APIs the examples use) on 127.0.0.1 until Ctrl-C.",
              {{{"P", "port"}, "port", "the port to listen on", "6580"}, help("demo-target")}});
    c.append({"version", {}, "Print the version", "Prints the version, the git commit it was built from and the Qt version.",
              {}, false, false, {"--version"}});
    c.append({"help", {}, "Print this help", "Prints the list of commands.", {}, false, false, {"-h", "--help"}});
    return c;
}

QString defaultSuffix(const CliOption &o)
{
    if (o.defaultValue.isEmpty() || o.description.contains(QLatin1String("default")))
        return {};
    return QStringLiteral(" (default \"%1\")").arg(o.defaultValue);
}

} // namespace

QString CliOption::shortFlag() const
{
    for (const QString &n : names)
        if (n.size() == 1)
            return QLatin1Char('-') + n;
    return {};
}

QString CliOption::longFlag() const
{
    for (const QString &n : names)
        if (n.size() > 1)
            return QStringLiteral("--") + n;
    return {};
}

QStringList CliOption::flags() const
{
    QStringList out;
    for (const QString &n : names)
        out << (n.size() == 1 ? QLatin1Char('-') + n : QStringLiteral("--") + n);
    return out;
}

const CliOption *CliCommand::find(const QString &flag) const
{
    for (const CliOption &o : options)
        if (flag.startsWith(QLatin1Char('-')) ? o.flags().contains(flag) : o.names.contains(flag))
            return &o;
    return nullptr;
}

const QList<CliCommand> &CommandTable::throttleCommands()
{
    static const QList<CliCommand> commands = makeCommands();
    return commands;
}

const CliCommand *CommandTable::throttleCommand(const QString &name)
{
    for (const CliCommand &c : throttleCommands())
        if (c.name == name)
            return &c;
    return nullptr;
}

const QList<CliOption> &CommandTable::globalOptions()
{
    static const QList<CliOption> options{
        {{"a", "address"}, "string", "address for the REST API server", "localhost:6565"},
        {{"log-format"}, "string", "log output format: text, json or raw", {}, V::Text, {"text", "json", "raw"}},
        {{"q", "quiet"}, {}, "disable progress updates"},
        {{"v", "verbose"}, {}, "enable verbose logging"},
        {{"no-color"}, {}, "disable colored output"},
        {{"api-token"}, "string", "bearer token the API asks for (default $THROTTLE_API_TOKEN)"},
    };
    return options;
}

const CliCommand &CommandTable::desktop()
{
    static const CliCommand command{
        "throttle-desktop", "[script]", "Run and steer k6-style load tests in a window",
        "Opens the Throttle window: open a script (or pass it on the command line), start it, drag the VU slider, "
        "pause, resume and stop it while live charts, metrics, checks, thresholds and the console show the run. The "
        "window's run serves the REST API on --address, so throttle status|pause|resume|scale|stats and curl work on it "
        "too; with --attach the window steers a headless throttle run in another process instead.",
        {
            {{"h", "help"}, {}, "Displays help on commandline options.", {}, V::None, {}, false, false, CliOption::Role::QtHelp},
            {{"help-all"}, {}, "Displays help including Qt specific options.", {}, V::None, {}, false, false,
             CliOption::Role::QtHelpAll},
            {{"v", "version"}, {}, "Displays version information.", {}, V::None, {}, false, false, CliOption::Role::QtVersion},
            {{"start"}, {}, "start the test at once"},
            {{"a", "address"}, "host:port", "REST API address (default localhost:6565, \"\" = off)"},
            {{"attach"}, "host:port", "steer the run whose REST API is at host:port (throttle run ...); several, comma-separated, steer a fleet"},
            {{"e", "env"}, "KEY=VALUE", "add an environment variable for the scripts (__ENV), as throttle run -e", {},
             V::Text, {}, true},
            {{"history"}, "file", "record the runs into this run-history database (default $THROTTLE_HISTORY, else ~/.local/share/throttle/history.sqlite)", {}, V::File},
            {{"no-history"}, {}, "do not record the runs in the run history"},
        },
        true, false};
    return command;
}

void CommandTable::addToParser(const QList<CliOption> &options, QCommandLineParser *parser)
{
    for (const CliOption &o : options) {
        switch (o.role) {
        case CliOption::Role::QtHelp:
            parser->addHelpOption();
            break;
        case CliOption::Role::QtHelpAll:   // addHelpOption() adds it
            break;
        case CliOption::Role::QtVersion:
            parser->addVersionOption();
            break;
        case CliOption::Role::Normal:
            parser->addOption(QCommandLineOption(o.names, o.description, o.valueName, o.defaultValue));
            break;
        }
    }
}

QString CommandTable::flagLines(const QList<CliOption> &options)
{
    QStringList left;
    qsizetype width = 0;
    for (const CliOption &o : options) {
        const QString s = o.shortFlag();
        QString l = (s.isEmpty() ? QStringLiteral("    ") : s + QStringLiteral(", ")) + o.longFlag();
        if (o.takesValue())
            l += QLatin1Char(' ') + o.valueName;
        width = std::max(width, l.size());
        left << l;
    }
    QString out;
    for (qsizetype i = 0; i < options.size(); ++i)
        out += QStringLiteral("  %1   %2%3\n").arg(left[i], -int(width)).arg(options[i].description, defaultSuffix(options[i]));
    return out;
}

QString CommandTable::usage()
{
    QString out = QStringLiteral("Throttle: k6-compatible load testing you can steer while it runs.\n\n"
                                 "Usage:\n  throttle [global flags] <command> [flags] [arguments]\n\nCommands:\n");
    QStringList left;
    qsizetype width = 0;
    for (const CliCommand &c : throttleCommands()) {
        left << (c.arguments.isEmpty() ? c.name : c.name + QLatin1Char(' ') + c.arguments);
        width = std::max(width, left.last().size());
    }
    for (qsizetype i = 0; i < left.size(); ++i)
        out += QStringLiteral("  %1   %2\n").arg(left[i], -int(width)).arg(throttleCommands()[i].summary);
    out += QStringLiteral("\nGlobal flags (status, pause, resume, scale and stats; before or after the command):\n");
    out += flagLines(globalOptions());
    out += QStringLiteral("\nRun `throttle <command> --help` for the flags of a command; `man throttle` lists them all.\n");
    return out;
}

} // namespace throttle
