#include "api/aggregatesdocument.h"

#include "api/apijson.h"
#include "core/metrics/metricsmerge.h"
#include "core/output/jsonnumber.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace throttle {

namespace {

QByteArray kv(const char *key, double v)
{
    return '"' + QByteArray(key) + "\":" + jsonNumber(v);
}

template <typename T>
QByteArray numbers(const std::vector<T> &values)
{
    QByteArray out = "[";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + jsonNumber(double(values[i]));
    return out + ']';
}

QByteArray histogram(const Histogram &h)
{
    const Histogram::Parts p = h.parts();
    return '{' + kv("count", double(p.count)) + ',' + kv("zero", double(p.zero)) + ',' + kv("min", p.min) + ',' +
           kv("max", p.max) + ',' + kv("sum", p.sum) + ',' + kv("positive_offset", p.positiveOffset) +
           ",\"positive\":" + numbers(p.positive) + ',' + kv("negative_offset", p.negativeOffset) +
           ",\"negative\":" + numbers(p.negative) + ",\"exact\":" + (p.exactOn ? numbers(p.exact) : QByteArray("null")) + '}';
}

QByteArray element(const MetricSnapshot &m, const QMap<QString, bool> &thresholdsOk)
{
    QByteArray tainted = "null";
    if (m.hasThresholds && thresholdsOk.contains(m.name))
        tainted = jsonBool(!thresholdsOk.value(m.name));
    const MetricAggregate::Parts a = m.aggregate.parts();
    QByteArray attrs = "\"type\":" + jsonString(metricTypeName(m.type)) + ",\"contains\":" + jsonString(valueTypeName(m.contains)) +
                       ",\"tainted\":" + tainted + ',' + kv("samples", double(a.samples)) + ',' + kv("count", a.count) + ',' +
                       kv("value", a.value) + ',' + kv("min", a.min) + ',' + kv("max", a.max) + ',' + kv("passes", double(a.passes));
    if (m.type == MetricType::Trend)
        attrs += ",\"histogram\":" + histogram(a.trend);
    return "{\"type\":\"aggregates\",\"id\":" + jsonString(m.name) + ",\"attributes\":{" + attrs + "}}";
}

std::optional<MetricType> typeNamed(const QString &name)
{
    for (const MetricType t : {MetricType::Counter, MetricType::Gauge, MetricType::Rate, MetricType::Trend})
        if (metricTypeName(t) == name)
            return t;
    return std::nullopt;
}

std::optional<ValueType> containsNamed(const QString &name)
{
    for (const ValueType t : {ValueType::Default, ValueType::Time, ValueType::Data})
        if (valueTypeName(t) == name)
            return t;
    return std::nullopt;
}

// Counts: non-negative integers a double holds exactly.
bool count(const QJsonValue &v, quint64 *out)
{
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > 9007199254740992.0 || d != double(quint64(d)))
        return false;
    *out = quint64(d);
    return true;
}

template <typename T>
bool array(const QJsonValue &v, std::vector<T> *out, bool counts)
{
    if (!v.isArray())
        return false;
    const QJsonArray a = v.toArray();
    out->reserve(size_t(a.size()));
    for (const QJsonValue &item : a) {
        quint64 n = 0;
        if (counts ? !count(item, &n) : !item.isDouble())
            return false;
        out->push_back(counts ? T(n) : T(item.toDouble()));
    }
    return true;
}

std::optional<Histogram> histogramFrom(const QJsonObject &o, QString *error)
{
    Histogram::Parts p;
    quint64 posOffset = 0, negOffset = 0;
    const bool ok = count(o.value(QLatin1String("count")), &p.count) && count(o.value(QLatin1String("zero")), &p.zero) &&
                    count(o.value(QLatin1String("positive_offset")), &posOffset) &&
                    count(o.value(QLatin1String("negative_offset")), &negOffset) && posOffset <= 0xffffffffu &&
                    negOffset <= 0xffffffffu && o.value(QLatin1String("min")).isDouble() &&
                    o.value(QLatin1String("max")).isDouble() && o.value(QLatin1String("sum")).isDouble() &&
                    array(o.value(QLatin1String("positive")), &p.positive, true) &&
                    array(o.value(QLatin1String("negative")), &p.negative, true);
    if (!ok) {
        *error = QStringLiteral("a histogram field is missing or not a count");
        return std::nullopt;
    }
    p.min = o.value(QLatin1String("min")).toDouble();
    p.max = o.value(QLatin1String("max")).toDouble();
    p.sum = o.value(QLatin1String("sum")).toDouble();
    p.positiveOffset = quint32(posOffset);
    p.negativeOffset = quint32(negOffset);
    const QJsonValue exact = o.value(QLatin1String("exact"));
    p.exactOn = !exact.isNull();
    if (p.exactOn && !array(exact, &p.exact, false)) {
        *error = QStringLiteral("\"exact\" is neither null nor an array of numbers");
        return std::nullopt;
    }
    return Histogram::fromParts(std::move(p), error);
}

std::optional<MetricSnapshot> metricFrom(const QJsonObject &e, QString *error, bool *tainted)
{
    MetricSnapshot m;
    m.name = e.value(QLatin1String("id")).toString();
    const QJsonObject a = e.value(QLatin1String("attributes")).toObject();
    const std::optional<MetricType> type = typeNamed(a.value(QLatin1String("type")).toString());
    const std::optional<ValueType> contains = containsNamed(a.value(QLatin1String("contains")).toString());
    MetricAggregate::Parts parts;
    const QJsonValue t = a.value(QLatin1String("tainted"));
    if (m.name.isEmpty() || !type || !contains || !count(a.value(QLatin1String("samples")), &parts.samples) ||
        !count(a.value(QLatin1String("passes")), &parts.passes) || !(t.isNull() || t.isBool())) {
        *error = QStringLiteral("a metric's id, type, contains, tainted, samples or passes is missing or invalid");
        return std::nullopt;
    }
    const std::pair<const char *, double *> fields[] = {
        {"count", &parts.count}, {"value", &parts.value}, {"min", &parts.min}, {"max", &parts.max}};
    for (const auto &[key, field] : fields) {
        if (!a.value(QLatin1String(key)).isDouble()) {
            *error = QStringLiteral("\"%1\" is not a number").arg(QLatin1String(key));
            return std::nullopt;
        }
        *field = a.value(QLatin1String(key)).toDouble();
    }
    if (*type == MetricType::Trend) {
        std::optional<Histogram> h = histogramFrom(a.value(QLatin1String("histogram")).toObject(), error);
        if (!h)
            return std::nullopt;
        parts.trend = std::move(*h);
    }
    m.type = *type;
    m.contains = *contains;
    m.hasThresholds = t.isBool();
    *tainted = t.toBool();
    const qsizetype brace = m.name.indexOf(QLatin1Char('{'));
    m.parent = brace > 0 ? m.name.left(brace) : m.name;
    m.suffix = brace > 0 && m.name.endsWith(QLatin1Char('}')) ? m.name.mid(brace + 1).chopped(1) : QString();
    m.aggregate = MetricAggregate::fromParts(*type, std::move(parts));
    return m;
}

} // namespace

QByteArray AggregatesDocument::encode(const MetricsSnapshot &snapshot, double elapsedSec, const QMap<QString, bool> &thresholdsOk)
{
    QByteArray out = "{\"data\":[";
    for (qsizetype i = 0; i < snapshot.metrics.size(); ++i)
        out += (i ? "," : "") + element(snapshot.metrics.at(i), thresholdsOk);
    return out + "],\"meta\":{" + kv("elapsed", elapsedSec) + "}}";
}

std::optional<AggregatesReading> AggregatesDocument::decode(const QByteArray &body, QString *error)
{
    QString ignored;
    QString &why = error ? *error : ignored;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue data = doc.object().value(QLatin1String("data"));
    if (!doc.isObject() || !data.isArray()) {
        why = QStringLiteral("not an aggregates document: %1")
                  .arg(parseError.error ? parseError.errorString() : QStringLiteral("no \"data\" array"));
        return std::nullopt;
    }
    AggregatesReading r;
    r.elapsedSec = doc.object().value(QLatin1String("meta")).toObject().value(QLatin1String("elapsed")).toDouble();
    for (const QJsonValue &v : data.toArray()) {
        bool tainted = false;
        const std::optional<MetricSnapshot> m = metricFrom(v.toObject(), &why, &tainted);
        if (!m) {
            why = QStringLiteral("metric \"%1\": %2").arg(v.toObject().value(QLatin1String("id")).toString(), why);
            return std::nullopt;
        }
        if (m->hasThresholds)
            r.thresholdsOk.insert(m->name, !tainted);
        r.snapshot.metrics.append(*m);
    }
    return r;
}

AggregatesReading AggregatesDocument::merge(const QList<AggregatesReading> &runners)
{
    AggregatesReading out;
    QList<MetricsSnapshot> snapshots;
    for (const AggregatesReading &r : runners) {
        snapshots.append(r.snapshot);
        out.elapsedSec = std::max(out.elapsedSec, r.elapsedSec);
        for (auto it = r.thresholdsOk.cbegin(); it != r.thresholdsOk.cend(); ++it)
            out.thresholdsOk[it.key()] = out.thresholdsOk.value(it.key(), true) && it.value();
    }
    out.snapshot = mergeSnapshots(snapshots);
    return out;
}

} // namespace throttle
