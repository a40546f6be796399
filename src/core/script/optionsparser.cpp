#include "optionsparser.h"

#include "duration.h"
#include "executionsegmentsequence.h"
#include "jsonvaluereader.h"
#include "scenarioparser.h"

#include <QRegularExpression>

namespace throttle {

using R = JsonValueReader;

namespace {

// Small adapters so that each key is one line: read into an optional, copy when given.
bool readInt(const QJsonValue &v, qint64 &target, QString *error)
{
    std::optional<qint64> value;
    if (!R::readInt(v, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readBool(const QJsonValue &v, bool &target, QString *error)
{
    std::optional<bool> value;
    if (!R::readBool(v, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readString(const QJsonValue &v, QString &target, QString *error)
{
    std::optional<QString> value;
    if (!R::readString(v, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readDuration(const QJsonValue &v, qint64 &target, QString *error)
{
    std::optional<qint64> value;
    if (!R::readDuration(v, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readList(const QJsonValue &v, const QString &key, QStringList &target, QString *error)
{
    std::optional<QStringList> value;
    if (!R::readStringList(v, QStringLiteral("Options.") + key, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readMap(const QJsonValue &v, const QString &key, QMap<QString, QString> &target, QString *error)
{
    std::optional<QMap<QString, QString>> value;
    if (!R::readStringMap(v, QStringLiteral("Options.") + key, value, error))
        return false;
    if (value)
        target = *value;
    return true;
}

bool readObject(const QJsonValue &v, const QString &key, QJsonObject &target, QString *error)
{
    if (v.isNull())
        return true;
    if (!v.isObject()) {
        *error = R::fieldMismatch(v, QStringLiteral("Options.") + key, QStringLiteral("map[string]interface {}"));
        return false;
    }
    target = v.toObject();
    return true;
}

bool validTrendStat(const QString &stat)
{
    static const QStringList plain = {"avg", "min", "med", "max", "count"};
    if (plain.contains(stat))
        return true;
    static const QRegularExpression percentile(QStringLiteral("^p\\((\\d+(\\.\\d+)?)\\)$"));
    const QRegularExpressionMatch m = percentile.match(stat);
    return m.hasMatch() && m.captured(1).toDouble() <= 100.0;
}

} // namespace

OptionsParser::Result OptionsParser::parse(const QJsonObject &json)
{
    Result result;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!parseKey(result.options, it.key(), it.value(), &result.error))
            return result;
    }
    const ScenarioParser::Result scenarios = ScenarioParser::parseAll(json.value(QStringLiteral("scenarios")));
    if (!scenarios.ok) {
        result.error = scenarios.error;
        return result;
    }
    result.options.scenarios = scenarios.scenarios;
    result.ok = true;
    return result;
}

QStringList OptionsParser::unknownScriptKeys(const QJsonObject &scriptOptions)
{
    QStringList unknown;
    const QStringList known = Options::scriptKeys();
    for (auto it = scriptOptions.begin(); it != scriptOptions.end(); ++it) {
        if (!known.contains(it.key()))
            unknown << it.key();
    }
    return unknown;
}

bool OptionsParser::parseKey(Options &o, const QString &key, const QJsonValue &v, QString *error)
{
    bool handled = false;
    bool ok = parseExecutionKey(o, key, v, error, &handled);
    if (!handled)
        ok = parseHttpKey(o, key, v, error, &handled);
    if (!handled)
        ok = parseTestKey(o, key, v, error, &handled);
    return ok; // unknown keys: ignored here, warned about for the script only
}

bool OptionsParser::parseExecutionKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                                      bool *handled)
{
    *handled = true;
    if (key == QLatin1String("vus")) {
        std::optional<qint64> vus;
        if (!R::readInt(v, vus, error))
            return false;
        o.vusSet = vus.has_value();
        o.vus = vus.value_or(1);
        return true;
    }
    if (key == QLatin1String("duration"))
        return R::readDuration(v, o.durationMs, error);
    if (key == QLatin1String("iterations"))
        return R::readInt(v, o.iterations, error);
    if (key == QLatin1String("stages"))
        return parseStages(v, o, error);
    if (key == QLatin1String("scenarios"))
        return true; // parsed strictly after the loop
    if (key == QLatin1String("paused"))
        return readBool(v, o.paused, error);
    if (key == QLatin1String("executionSegment"))
        return readString(v, o.executionSegment, error) && ExecutionSegment::parse(o.executionSegment, error);
    if (key == QLatin1String("executionSegmentSequence"))
        return readString(v, o.executionSegmentSequence, error)
            && ExecutionSegmentSequence::parse(o.executionSegmentSequence, error);
    if (key == QLatin1String("minIterationDuration"))
        return R::readDuration(v, o.minIterationDurationMs, error);
    *handled = false;
    return true;
}

bool OptionsParser::parseHttpKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                                 bool *handled)
{
    *handled = true;
    const QHash<QString, qint64 *> ints = {{"maxRedirects", &o.maxRedirects}, {"batch", &o.batch},
                                           {"batchPerHost", &o.batchPerHost}, {"rps", &o.rps}};
    const QHash<QString, bool *> bools = {
        {"discardResponseBodies", &o.discardResponseBodies}, {"insecureSkipTLSVerify", &o.insecureSkipTLSVerify},
        {"noConnectionReuse", &o.noConnectionReuse}, {"noVUConnectionReuse", &o.noVUConnectionReuse},
        {"noCookiesReset", &o.noCookiesReset}, {"throw", &o.throwErrors}};
    const QHash<QString, QStringList *> lists = {{"blacklistIPs", &o.blacklistIPs},
                                                 {"blockHostnames", &o.blockHostnames}};
    if (ints.contains(key))
        return readInt(v, *ints.value(key), error);
    if (bools.contains(key))
        return readBool(v, *bools.value(key), error);
    if (lists.contains(key))
        return readList(v, key, *lists.value(key), error);
    if (key == QLatin1String("userAgent"))
        return readString(v, o.userAgent, error);
    if (key == QLatin1String("httpDebug"))
        return readString(v, o.httpDebug, error);
    if (key == QLatin1String("hosts"))
        return readMap(v, key, o.hosts, error);
    if (key == QLatin1String("dns"))
        return parseDns(v, o, error);
    if (key == QLatin1String("tlsVersion"))
        return parseTlsVersion(v, o, error);
    if (key == QLatin1String("tlsCipherSuites"))
        return R::readStringList(v, QStringLiteral("Options.tlsCipherSuites"), o.tlsCipherSuites, error);
    if (key == QLatin1String("tlsAuth")) {
        if (!v.isArray() && !v.isNull()) {
            *error = R::fieldMismatch(v, QStringLiteral("Options.tlsAuth"), QStringLiteral("[]*lib.TLSAuth"));
            return false;
        }
        o.tlsAuth = v.toArray();
        return true;
    }
    *handled = false;
    return true;
}

bool OptionsParser::parseTestKey(Options &o, const QString &key, const QJsonValue &v, QString *error,
                                 bool *handled)
{
    *handled = true;
    if (key == QLatin1String("setupTimeout"))
        return readDuration(v, o.setupTimeoutMs, error);
    if (key == QLatin1String("teardownTimeout"))
        return readDuration(v, o.teardownTimeoutMs, error);
    if (key == QLatin1String("noSetup"))
        return readBool(v, o.noSetup, error);
    if (key == QLatin1String("noTeardown"))
        return readBool(v, o.noTeardown, error);
    if (key == QLatin1String("thresholds"))
        return readObject(v, key, o.thresholds, error);
    if (key == QLatin1String("tags"))
        return readMap(v, key, o.tags, error);
    if (key == QLatin1String("systemTags"))
        return readList(v, key, o.systemTags, error);
    if (key == QLatin1String("summaryTrendStats"))
        return parseTrendStats(v, o, error);
    if (key == QLatin1String("summaryTimeUnit")) {
        QString unit;
        if (!readString(v, unit, error))
            return false;
        // The script key silently ignores values other than s, ms, us (measured).
        static const QStringList units = {"s", "ms", "us"};
        o.summaryTimeUnit = units.contains(unit) ? unit : QString();
        return true;
    }
    if (key == QLatin1String("metricSamplesBufferSize"))
        return readInt(v, o.metricSamplesBufferSize, error);
    if (key == QLatin1String("ext"))
        return readObject(v, key, o.ext, error);
    if (key == QLatin1String("cloud")) {
        o.cloud = v;
        return true;
    }
    if (key == QLatin1String("consoleOutput"))
        return readString(v, o.consoleOutput, error);
    if (key == QLatin1String("localIPs"))
        return readString(v, o.localIPs, error);
    *handled = false;
    return true;
}

bool OptionsParser::parseStages(const QJsonValue &v, Options &o, QString *error)
{
    o.stages.reset();
    if (v.isNull())
        return true;
    if (!v.isArray()) {
        *error = R::fieldMismatch(v, QStringLiteral("Options.stages"), QStringLiteral("[]lib.Stage"));
        return false;
    }
    QList<ScenarioConfig::Stage> stages;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isObject()) {
            *error = R::fieldMismatch(item, QStringLiteral("Options.stages"), QStringLiteral("lib.Stage"));
            return false;
        }
        ScenarioConfig::Stage stage;
        const QJsonObject obj = item.toObject();
        if (!R::readDuration(obj.value(QStringLiteral("duration")), stage.durationMs, error)
            || !R::readInt(obj.value(QStringLiteral("target")), stage.target, error))
            return false;
        stages << stage;
    }
    o.stages = stages;
    return true;
}

bool OptionsParser::parseTrendStats(const QJsonValue &v, Options &o, QString *error)
{
    QStringList stats = Options::defaultSummaryTrendStats();
    if (!readList(v, QStringLiteral("summaryTrendStats"), stats, error))
        return false;
    for (const QString &stat : stats) {
        if (!validTrendStat(stat)) {
            *error = QStringLiteral("invalid trend stat '%1', unknown format").arg(stat);
            return false;
        }
    }
    o.summaryTrendStats = stats;
    return true;
}

bool OptionsParser::parseTlsVersion(const QJsonValue &v, Options &o, QString *error)
{
    static const QStringList known = {"tls1.0", "tls1.1", "tls1.2", "tls1.3"};
    QString min;
    QString max;
    if (v.isNull())
        return true;
    if (v.isString()) {
        min = max = v.toString();
    } else if (v.isObject()) {
        min = v.toObject().value(QStringLiteral("min")).toString();
        max = v.toObject().value(QStringLiteral("max")).toString();
    } else {
        *error = R::fieldMismatch(v, QStringLiteral("Options.tlsVersion"), QStringLiteral("lib.TLSVersions"));
        return false;
    }
    for (const QString &version : {min, max}) {
        if (!version.isEmpty() && !known.contains(version)) {
            *error = QStringLiteral("unknown TLS version '%1'").arg(version);
            return false;
        }
    }
    o.tlsVersionMin = min;
    o.tlsVersionMax = max;
    return true;
}

bool OptionsParser::parseDns(const QJsonValue &v, Options &o, QString *error)
{
    if (v.isNull())
        return true;
    if (!v.isObject()) {
        *error = R::fieldMismatch(v, QStringLiteral("Options.dns"), QStringLiteral("types.DNSConfig"));
        return false;
    }
    const QJsonObject obj = v.toObject();
    if (!readString(obj.value(QStringLiteral("ttl")), o.dns.ttl, error)
        || !readString(obj.value(QStringLiteral("select")), o.dns.select, error)
        || !readString(obj.value(QStringLiteral("policy")), o.dns.policy, error))
        return false;
    // k6: "inf", or a duration (a bare number is milliseconds) that is not negative. The
    // select and policy names are checked with the rest of the network settings (exit 104).
    if (o.dns.ttl == QLatin1String("inf")) {
        o.dns.ttlMs = -1;
        return true;
    }
    const Duration::Parsed ttl = Duration::parse(o.dns.ttl);
    if (!ttl.ok || ttl.ns < 0) {
        *error = QStringLiteral("invalid DNS TTL: %1").arg(o.dns.ttl);
        return false;
    }
    o.dns.ttlMs = ttl.ms();
    return true;
}

} // namespace throttle
