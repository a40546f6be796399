#include "envoptionsreader.h"

#include "duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace throttle {

EnvOptionsReader::Result EnvOptionsReader::read(const QMap<QString, QString> &environment)
{
    struct Entry
    {
        const char *variable;
        const char *key;
        Kind kind;
    };
    static const Entry table[] = {
        {"K6_VUS", "vus", Kind::Int},
        {"K6_DURATION", "duration", Kind::Duration},
        {"K6_ITERATIONS", "iterations", Kind::Int},
        {"K6_STAGES", "stages", Kind::Stages},
        {"K6_THRESHOLDS", "thresholds", Kind::JsonObject},
        {"K6_TAGS", "tags", Kind::Map},
        {"K6_SETUP_TIMEOUT", "setupTimeout", Kind::Duration},
        {"K6_TEARDOWN_TIMEOUT", "teardownTimeout", Kind::Duration},
        {"K6_NO_SETUP", "noSetup", Kind::Bool},
        {"K6_NO_TEARDOWN", "noTeardown", Kind::Bool},
        {"K6_SUMMARY_TREND_STATS", "summaryTrendStats", Kind::List},
        {"K6_SUMMARY_TIME_UNIT", "summaryTimeUnit", Kind::String},
        {"K6_DISCARD_RESPONSE_BODIES", "discardResponseBodies", Kind::Bool},
        {"K6_USER_AGENT", "userAgent", Kind::String},
        {"K6_INSECURE_SKIP_TLS_VERIFY", "insecureSkipTLSVerify", Kind::Bool},
        {"K6_MAX_REDIRECTS", "maxRedirects", Kind::Int},
        {"K6_BATCH", "batch", Kind::Int},
        {"K6_BATCH_PER_HOST", "batchPerHost", Kind::Int},
        {"K6_NO_CONNECTION_REUSE", "noConnectionReuse", Kind::Bool},
        {"K6_NO_VU_CONNECTION_REUSE", "noVUConnectionReuse", Kind::Bool},
        {"K6_NO_COOKIES_RESET", "noCookiesReset", Kind::Bool},
        {"K6_MIN_ITERATION_DURATION", "minIterationDuration", Kind::Duration},
        {"K6_THROW", "throw", Kind::Bool},
        {"K6_HOSTS", "hosts", Kind::Map},
        {"K6_HTTP_DEBUG", "httpDebug", Kind::String},
        {"K6_SYSTEM_TAGS", "systemTags", Kind::List},
        {"K6_DNS", "dns", Kind::Dns},
        {"K6_RPS", "rps", Kind::Int},
        {"K6_TLS_CIPHER_SUITES", "tlsCipherSuites", Kind::List},
        {"K6_BLACKLIST_IPS", "blacklistIPs", Kind::List},
        {"K6_BLOCK_HOSTNAMES", "blockHostnames", Kind::List},
        {"K6_PAUSED", "paused", Kind::Bool},
        // Not read by k6 v0.49 (flags only); here so containers can set a runner's share.
        {"K6_EXECUTION_SEGMENT", "executionSegment", Kind::String},
        {"K6_EXECUTION_SEGMENT_SEQUENCE", "executionSegmentSequence", Kind::String},
        {"K6_CONSOLE_OUTPUT", "consoleOutput", Kind::String},
        {"K6_LOCAL_IPS", "localIPs", Kind::String},
    };
    Result result;
    for (const Entry &entry : table) {
        const QString variable = QString::fromLatin1(entry.variable);
        const QString text = environment.value(variable);
        if (text.isEmpty())
            continue;
        QJsonValue value;
        QString detail;
        if (!convert(entry.kind, text, &value, &detail)) {
            result.error = QStringLiteral("envconfig.Process: assigning %1 to %2: converting '%3' to type %4. "
                                          "details: %5")
                               .arg(variable, QString::fromLatin1(entry.key), text, typeName(entry.kind), detail);
            return result;
        }
        result.options.insert(QString::fromLatin1(entry.key), value);
    }
    result.ok = true;
    return result;
}

QString EnvOptionsReader::typeName(Kind kind)
{
    switch (kind) {
    case Kind::Int: return QStringLiteral("null.Int");
    case Kind::Bool: return QStringLiteral("null.Bool");
    case Kind::String: return QStringLiteral("null.String");
    case Kind::Duration: return QStringLiteral("types.NullDuration");
    case Kind::List: return QStringLiteral("[]string");
    case Kind::Map: return QStringLiteral("map[string]string");
    case Kind::Stages: return QStringLiteral("[]lib.Stage");
    case Kind::Dns: return QStringLiteral("types.DNSConfig");
    case Kind::JsonObject: return QStringLiteral("map[string]metrics.Thresholds");
    }
    return {};
}

bool EnvOptionsReader::convert(Kind kind, const QString &text, QJsonValue *out, QString *detail)
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?\\d+$"));
    switch (kind) {
    case Kind::Int:
        if (!integer.match(text).hasMatch()) {
            *detail = QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(text);
            return false;
        }
        *out = double(text.toLongLong());
        return true;
    case Kind::Bool:
        if (text != QLatin1String("true") && text != QLatin1String("false")) {
            *detail = QStringLiteral("invalid input:") + text;
            return false;
        }
        *out = text == QLatin1String("true");
        return true;
    case Kind::String:
        *out = text;
        return true;
    case Kind::Duration: {
        const Duration::Parsed parsed = Duration::parse(text);
        if (!parsed.ok) {
            *detail = parsed.error;
            return false;
        }
        *out = text;
        return true;
    }
    case Kind::List:
        *out = QJsonArray::fromStringList(text.split(QLatin1Char(','), Qt::SkipEmptyParts));
        return true;
    case Kind::Map:
    case Kind::Dns:
        return convertPairs(text, out, detail);
    case Kind::Stages:
        return convertStages(text, out, detail);
    case Kind::JsonObject: {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (!doc.isObject()) {
            *detail = error.error != QJsonParseError::NoError ? error.errorString()
                                                              : QStringLiteral("not a JSON object");
            return false;
        }
        *out = doc.object();
        return true;
    }
    }
    return false;
}

bool EnvOptionsReader::convertStages(const QString &text, QJsonValue *out, QString *detail)
{
    QJsonArray stages;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString durationText = part.section(QLatin1Char(':'), 0, 0);
        const QString targetText = part.section(QLatin1Char(':'), 1);
        const Duration::Parsed parsed = Duration::parse(durationText);
        if (!parsed.ok) {
            *detail = parsed.error;
            return false;
        }
        QJsonObject stage{{"duration", durationText}};
        if (!targetText.isEmpty()) {
            bool ok = false;
            const qint64 target = targetText.toLongLong(&ok);
            if (!ok) {
                *detail = QStringLiteral("strconv.ParseInt: parsing \"%1\": invalid syntax").arg(targetText);
                return false;
            }
            stage.insert("target", double(target));
        }
        stages.append(stage);
    }
    *out = stages;
    return true;
}

bool EnvOptionsReader::convertPairs(const QString &text, QJsonValue *out, QString *detail)
{
    QJsonObject obj;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        // '=' first: host keys and values may carry ports ("a.com:443=10.0.0.1:8443").
        int at = part.indexOf(QLatin1Char('='));
        if (at < 0)
            at = part.indexOf(QLatin1Char(':'));
        if (at <= 0) {
            *detail = QStringLiteral("invalid key=value pair '%1'").arg(part);
            return false;
        }
        obj.insert(part.left(at).trimmed(), part.mid(at + 1).trimmed());
    }
    *out = obj;
    return true;
}

} // namespace throttle
