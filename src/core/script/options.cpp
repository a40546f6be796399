#include "options.h"

#include "duration.h"
#include "executionsegmentsequence.h"

namespace throttle {

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue orNull(const QStringList &list)
{
    return list.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QJsonArray::fromStringList(list));
}

QJsonValue orNull(const QMap<QString, QString> &map)
{
    if (map.isEmpty())
        return QJsonValue(QJsonValue::Null);
    QJsonObject obj;
    for (auto it = map.begin(); it != map.end(); ++it)
        obj.insert(it.key(), it.value());
    return obj;
}

// As k6 marshals them: "50%:100%" shows as "1/2:1".
QJsonValue canonicalSegment(const QString &text)
{
    QString error;
    const std::optional<ExecutionSegment> s = ExecutionSegment::parse(text, &error);
    return text.isEmpty() || !s ? orNull(text) : QJsonValue(s->toString());
}

QJsonValue canonicalSequence(const QString &text)
{
    QString error;
    const std::optional<ExecutionSegmentSequence> s = ExecutionSegmentSequence::parse(text, &error);
    return text.isEmpty() || !s ? orNull(text) : QJsonValue(s->toString());
}

QJsonValue tlsVersion(const QString &min, const QString &max)
{
    if (min.isEmpty() && max.isEmpty())
        return QJsonValue(QJsonValue::Null);
    return QJsonObject{{"min", min}, {"max", max}};
}

} // namespace

QStringList Options::defaultSummaryTrendStats()
{
    return {"avg", "min", "med", "max", "p(90)", "p(95)"};
}

QStringList Options::defaultSystemTags()
{
    // k6's default set: everything except iter, vu, ocsp_status and ip.
    return {"check", "error", "error_code", "expected_response", "group", "method", "name",
            "proto", "scenario", "service", "status", "subproto", "tls_version", "url"};
}

QStringList Options::scriptKeys()
{
    return {"paused", "vus", "duration", "iterations", "stages", "scenarios", "executionSegment",
            "executionSegmentSequence", "noSetup", "setupTimeout", "noTeardown", "teardownTimeout",
            "rps", "dns", "maxRedirects", "userAgent", "batch", "batchPerHost", "httpDebug",
            "insecureSkipTLSVerify", "tlsCipherSuites", "tlsVersion", "tlsAuth", "throw",
            "thresholds", "blacklistIPs", "blockHostnames", "hosts", "noConnectionReuse",
            "noVUConnectionReuse", "minIterationDuration", "noCookiesReset",
            "discardResponseBodies", "tags", "metricSamplesBufferSize", "systemTags",
            "summaryTrendStats", "summaryTimeUnit", "ext", "cloud"};
}

const ScenarioConfig *Options::firstScenario(ScenarioConfig::Executor executor) const
{
    for (const ScenarioConfig &s : scenarios) {
        if (s.executor == executor)
            return &s;
    }
    return nullptr;
}

QJsonObject Options::toJson() const
{
    QJsonObject scenarioObject;
    for (const ScenarioConfig &s : scenarios)
        scenarioObject.insert(s.name, s.toJson());
    QJsonObject o{
        {"paused", paused},
        {"scenarios", scenarioObject},
        {"executionSegment", canonicalSegment(executionSegment)},
        {"executionSegmentSequence", canonicalSequence(executionSegmentSequence)},
        {"noSetup", noSetup},
        {"setupTimeout", Duration::format(setupTimeoutMs)},
        {"noTeardown", noTeardown},
        {"teardownTimeout", Duration::format(teardownTimeoutMs)},
        {"rps", rps == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(double(rps))},
        {"dns", QJsonObject{{"ttl", dns.ttl}, {"select", dns.select}, {"policy", dns.policy}}},
        {"maxRedirects", double(maxRedirects)},
        {"userAgent", userAgent},
        {"batch", double(batch)},
        {"batchPerHost", double(batchPerHost)},
        {"httpDebug", orNull(httpDebug)},
        {"insecureSkipTLSVerify", insecureSkipTLSVerify},
        {"tlsCipherSuites", tlsCipherSuites ? orNull(*tlsCipherSuites) : QJsonValue(QJsonValue::Null)},
        {"tlsVersion", tlsVersion(tlsVersionMin, tlsVersionMax)},
        {"tlsAuth", tlsAuth.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(tlsAuth)},
        {"throw", throwErrors},
        {"thresholds", thresholds.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(thresholds)},
        {"blacklistIPs", orNull(blacklistIPs)},
        {"blockHostnames", orNull(blockHostnames)},
        {"hosts", orNull(hosts)},
        {"noConnectionReuse", noConnectionReuse},
        {"noVUConnectionReuse", noVUConnectionReuse},
        {"minIterationDuration", minIterationDurationMs ? QJsonValue(Duration::format(*minIterationDurationMs))
                                                          : QJsonValue(QJsonValue::Null)},
        {"noCookiesReset", noCookiesReset},
        {"discardResponseBodies", discardResponseBodies},
        {"tags", orNull(tags)},
        {"metricSamplesBufferSize", double(metricSamplesBufferSize)},
        {"systemTags", QJsonArray::fromStringList(systemTags)},
        {"summaryTrendStats", QJsonArray::fromStringList(summaryTrendStats)},
        {"summaryTimeUnit", orNull(summaryTimeUnit)},
        {"consoleOutput", orNull(consoleOutput)},
        {"localIPs", orNull(localIPs)},
    };
    if (!ext.isEmpty())
        o.insert("ext", ext);
    if (!cloud.isNull() && !cloud.isUndefined())
        o.insert("cloud", cloud);
    return o;
}

} // namespace throttle
