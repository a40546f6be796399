#include "core/archive/k6optionsjson.h"

#include "core/output/jsonwriter.h"
#include "core/script/duration.h"
#include "core/script/executionsegment.h"
#include "core/script/executionsegmentsequence.h"
#include "core/script/options.h"

#include <QJsonArray>
#include <functional>

namespace throttle {

namespace {

using Emit = std::function<void(JsonWriter &, const Options &, const QJsonValue &given)>;

Emit boolean(bool Options::*m)
{
    return [m](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(o.*m); };
}

Emit integer(qint64 Options::*m)
{
    return [m](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(double(o.*m)); };
}

Emit text(QString Options::*m)
{
    return [m](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(o.*m); };
}

Emit duration(qint64 Options::*m)
{
    return [m](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(Duration::format(o.*m)); };
}

Emit optionalDuration(std::optional<qint64> Options::*m)
{
    return [m](JsonWriter &w, const Options &o, const QJsonValue &) {
        if (o.*m)
            w.value(Duration::format(*(o.*m)));
        else
            w.null();
    };
}

Emit asGiven()
{
    return [](JsonWriter &w, const Options &, const QJsonValue &given) { K6OptionsJson::writeValue(w, given); };
}

void stringList(JsonWriter &w, const QStringList &list)
{
    w.beginArray();
    for (const QString &s : list)
        w.value(s);
    w.endArray();
}

void stringMap(JsonWriter &w, const QMap<QString, QString> &map)
{
    if (map.isEmpty()) {
        w.null();
        return;
    }
    w.beginObject();
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        w.key(it.key());
        w.value(it.value());
    }
    w.endObject();
}

void stages(JsonWriter &w, const QList<ScenarioConfig::Stage> &list)
{
    w.beginArray();
    for (const ScenarioConfig::Stage &s : list) {
        w.beginObject();
        w.key(QStringLiteral("duration"));
        s.durationMs ? w.value(Duration::format(*s.durationMs)) : w.null();
        w.key(QStringLiteral("target"));
        s.target ? w.value(double(*s.target)) : w.null();
        w.endObject();
    }
    w.endArray();
}

// A scenario as k6 marshals its executor's config: the common fields, then the executor's own.
void scenario(JsonWriter &w, const ScenarioConfig &sc)
{
    const QJsonObject values = sc.toJson();
    static const QStringList common{"executor", "startTime", "gracefulStop", "env", "exec", "tags", "options"};
    w.beginObject();
    QStringList keys = common;
    for (const QString &k : ScenarioConfig::allowedKeys(sc.executor))
        if (!common.contains(k))
            keys << k;
    for (const QString &k : std::as_const(keys)) {
        if (!values.contains(k))
            continue;
        w.key(k);
        if (k == QLatin1String("stages"))
            stages(w, sc.stages);
        else
            K6OptionsJson::writeValue(w, values.value(k));
    }
    w.endObject();
}

QString canonical(const QString &text, bool sequence)
{
    QString error;
    if (sequence) {
        const auto s = ExecutionSegmentSequence::parse(text, &error);
        return s ? s->toString() : text;
    }
    const auto s = ExecutionSegment::parse(text, &error);
    return s ? s->toString() : text;
}

void dns(JsonWriter &w, const Options &o, const QJsonValue &given)
{
    // Set as a whole (K6_DNS, --dns) or key by key (the script's object).
    const QJsonObject keys = given.toObject();
    const auto set = [&](const char *k) { return !given.isObject() || !(keys.value(QLatin1String(k)).isNull() || keys.value(QLatin1String(k)).isUndefined()); };
    w.beginObject();
    w.key(QStringLiteral("ttl"));
    set("ttl") ? w.value(o.dns.ttl) : w.null();
    w.key(QStringLiteral("select"));
    set("select") ? w.value(o.dns.select) : w.null();
    w.key(QStringLiteral("policy"));
    set("policy") ? w.value(o.dns.policy) : w.null();
    w.endObject();
}

struct Key {
    const char *name;
    Emit print;
};

const QList<Key> &keys()
{
    static const QList<Key> table{
        {"paused", boolean(&Options::paused)},
        {"vus", integer(&Options::vus)},
        {"duration", optionalDuration(&Options::durationMs)},
        {"iterations", [](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(double(o.iterations.value_or(0))); }},
        {"stages", [](JsonWriter &w, const Options &o, const QJsonValue &) { stages(w, o.stages.value_or(QList<ScenarioConfig::Stage>())); }},
        {"scenarios", nullptr},   // written by writeMembers
        {"executionSegment", [](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(canonical(o.executionSegment, false)); }},
        {"executionSegmentSequence", [](JsonWriter &w, const Options &o, const QJsonValue &) { w.value(canonical(o.executionSegmentSequence, true)); }},
        {"noSetup", boolean(&Options::noSetup)},
        {"setupTimeout", duration(&Options::setupTimeoutMs)},
        {"noTeardown", boolean(&Options::noTeardown)},
        {"teardownTimeout", duration(&Options::teardownTimeoutMs)},
        {"rps", integer(&Options::rps)},
        {"dns", nullptr},
        {"maxRedirects", integer(&Options::maxRedirects)},
        {"userAgent", text(&Options::userAgent)},
        {"batch", integer(&Options::batch)},
        {"batchPerHost", integer(&Options::batchPerHost)},
        {"httpDebug", text(&Options::httpDebug)},
        {"insecureSkipTLSVerify", boolean(&Options::insecureSkipTLSVerify)},
        {"tlsCipherSuites", asGiven()},
        {"tlsVersion", asGiven()},
        {"tlsAuth", asGiven()},
        {"throw", boolean(&Options::throwErrors)},
        {"thresholds", asGiven()},
        {"blacklistIPs", asGiven()},
        {"blockHostnames", asGiven()},
        {"hosts", asGiven()},
        {"noConnectionReuse", boolean(&Options::noConnectionReuse)},
        {"noVUConnectionReuse", boolean(&Options::noVUConnectionReuse)},
        {"minIterationDuration", optionalDuration(&Options::minIterationDurationMs)},
        {"ext", asGiven()},
        {"summaryTrendStats", [](JsonWriter &w, const Options &o, const QJsonValue &) { stringList(w, o.summaryTrendStats); }},
        {"summaryTimeUnit", text(&Options::summaryTimeUnit)},
        {"systemTags", [](JsonWriter &w, const Options &o, const QJsonValue &) {
             QStringList tags = o.systemTags;
             tags.sort();   // a set in k6, marshalled in name order
             stringList(w, tags);
         }},
        {"tags", [](JsonWriter &w, const Options &o, const QJsonValue &) { stringMap(w, o.tags); }},
        {"metricSamplesBufferSize", integer(&Options::metricSamplesBufferSize)},
        {"noCookiesReset", boolean(&Options::noCookiesReset)},
        {"discardResponseBodies", boolean(&Options::discardResponseBodies)},
    };
    return table;
}

bool isSet(const QJsonValue &v) { return !v.isNull() && !v.isUndefined(); }

} // namespace

void K6OptionsJson::writeMembers(JsonWriter &w, const Input &in)
{
    for (const Key &k : keys()) {
        const QString name = QString::fromLatin1(k.name);
        const QJsonValue given = in.given.value(name);
        w.key(name);
        if (name == QLatin1String("dns")) {
            dns(w, in.options, isSet(given) ? given : QJsonValue(QJsonObject()));
        } else if (name == QLatin1String("scenarios")) {
            if (!isSet(given) && !in.derivedScenarios) {
                w.null();
                continue;
            }
            w.beginObject();
            QList<ScenarioConfig> sorted = in.options.scenarios;   // a Go map: by name
            std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
            for (const ScenarioConfig &sc : std::as_const(sorted)) {
                w.key(sc.name);
                scenario(w, sc);
            }
            w.endObject();
        } else if (isSet(given) || (in.defaults && (name == QLatin1String("systemTags") || name == QLatin1String("summaryTrendStats")))) {
            k.print(w, in.options, given);
        } else {
            w.null();
        }
    }
}

void K6OptionsJson::writeValue(JsonWriter &w, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();   // QJsonObject keeps keys sorted, as Go marshals maps
        w.beginObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            w.key(it.key());
            writeValue(w, it.value());
        }
        w.endObject();
        break;
    }
    case QJsonValue::Array:
        w.beginArray();
        for (const QJsonValue &item : v.toArray())
            writeValue(w, item);
        w.endArray();
        break;
    case QJsonValue::String:
        w.value(v.toString());
        break;
    case QJsonValue::Double:
        w.value(v.toDouble());
        break;
    case QJsonValue::Bool:
        w.value(v.toBool());
        break;
    default:
        w.null();
    }
}

QJsonObject K6OptionsJson::withoutNulls(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isNull() || it.value().isUndefined())
            continue;
        out.insert(it.key(), it.value().isObject() ? QJsonValue(withoutNulls(it.value().toObject())) : it.value());
    }
    return out;
}

} // namespace throttle
