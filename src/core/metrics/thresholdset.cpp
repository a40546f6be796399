#include "core/metrics/thresholdset.h"

#include "core/metrics/metricsengine.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace throttle {

namespace {

// k6's sub-metric selector: "k:v,k2:v2", spaces and quotes around keys and values trimmed.
TagList parseSelector(const QString &text)
{
    TagList tags;
    for (const QString &part : text.split(QLatin1Char(','))) {
        if (part.isEmpty())
            continue;
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        auto clean = [](QString s) {
            s = s.trimmed();
            while (!s.isEmpty() && (s.front() == '"' || s.front() == '\''))
                s.remove(0, 1);
            while (!s.isEmpty() && (s.back() == '"' || s.back() == '\''))
                s.chop(1);
            return s;
        };
        tags.append({clean(part.left(colon < 0 ? part.size() : colon)),
                     colon < 0 ? QString() : clean(part.mid(colon + 1))});
    }
    return tags;
}

// Milliseconds as a number, or a Go duration string ("10s", "1m30s", "500ms").
double durationSec(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble() / 1000.0;
    static const QRegularExpression part(QStringLiteral("([0-9.]+)(ns|us|µs|ms|s|m|h|d)"));
    double sec = 0;
    for (const auto &m : part.globalMatch(v.toString())) {
        const QString u = m.captured(2);
        const double n = m.captured(1).toDouble();
        sec += n * (u == "ns" ? 1e-9 : u == "us" || u == "µs" ? 1e-6 : u == "ms" ? 1e-3
                    : u == "s" ? 1 : u == "m" ? 60 : u == "h" ? 3600 : 86400);
    }
    return sec;
}

} // namespace

std::optional<ThresholdSet> ThresholdSet::parse(const QJsonObject &thresholds,
                                                MetricsEngine &engine, QString *error)
{
    ThresholdSet set;
    for (auto it = thresholds.begin(); it != thresholds.end(); ++it)
        if (!addEntry(it.key(), it.value(), engine, &set, error))
            return std::nullopt;
    return set;
}

bool ThresholdSet::addEntry(const QString &key, const QJsonValue &list, MetricsEngine &engine,
                            ThresholdSet *set, QString *error)
{
    const qsizetype brace = key.indexOf(QLatin1Char('{'));
    const QString parent = brace < 0 ? key.trimmed() : key.left(brace).trimmed();
    const std::optional<MetricId> id = engine.find(parent);
    if (!id) {
        *error = QStringLiteral("invalid threshold defined on %1; reason: no metric name \"%2\" found")
                     .arg(key, parent);
        return false;
    }
    Entry entry{key, engine.type(*id), engine.contains(*id), {}};
    if (brace >= 0) {
        const QString suffix = key.mid(brace + 1).chopped(key.endsWith('}') ? 1 : 0).trimmed();
        entry.metric = engine.addSubmetric(parent, parseSelector(suffix), suffix);
    }
    const QJsonArray items = list.isArray() ? list.toArray() : QJsonArray{list};
    for (const QJsonValue &item : items) {
        const QString expr = item.isObject() ? item[QLatin1String("threshold")].toString()
                                             : item.toString();
        std::optional<Threshold> t = Threshold::parse(expr, error);
        if (!t)
            return false;
        if (!t->supports(entry.type)) {
            *error = QStringLiteral("invalid threshold \"%1\" applied on metric %2; reason: "
                                    "unsupported aggregation method %3 on metric of type %4. "
                                    "supported aggregation methods for this metric are: %5")
                         .arg(expr, key, t->method(), metricTypeName(entry.type),
                              Threshold::methodsFor(entry.type).join(QLatin1String(", ")));
            return false;
        }
        if (item.isObject()) {
            t->abortOnFail = item[QLatin1String("abortOnFail")].toBool();
            t->delayAbortEvalSec = durationSec(item[QLatin1String("delayAbortEval")]);
        }
        entry.thresholds.append(*t);
    }
    engine.markThresholds(entry.metric);
    set->m_entries.append(entry);
    return true;
}

std::optional<double> ThresholdSet::aggregate(const Threshold &t, const MetricSnapshot *m,
                                              MetricType type, double elapsedSec)
{
    if (!m || m->aggregate.samples() == 0)
        return type == MetricType::Rate ? std::nullopt : std::optional<double>(0.0);
    switch (type) {
    case MetricType::Counter:
        return t.method() == QLatin1String("rate") ? counterRate(*m, elapsedSec)
                                                   : m->aggregate.count();
    case MetricType::Gauge: return m->aggregate.value();
    case MetricType::Rate: return m->aggregate.rate();
    case MetricType::Trend: return trendStat(*m, t.stat());
    }
    return std::nullopt;
}

ThresholdSet::Evaluation ThresholdSet::evaluate(const MetricsSnapshot &snapshot,
                                                double elapsedSec, bool final) const
{
    Evaluation result;
    for (const Entry &e : m_entries) {
        const MetricSnapshot *m = snapshot.find(e.metric);
        if (!final && (!m || m->aggregate.samples() == 0))
            continue;
        bool allOk = true;
        for (const Threshold &t : e.thresholds) {
            const std::optional<double> v = aggregate(t, m, e.type, elapsedSec);
            const bool ok = !v || t.passes(*v);
            result.expressions[e.metric].insert(t.source(), ok);
            result.ordered[e.metric].append({t.source(), ok});
            allOk = allOk && ok;
            if (!ok && t.abortOnFail && elapsedSec >= t.delayAbortEvalSec)
                result.abort = true;
        }
        result.ok.insert(e.metric, allOk);
        if (!allOk)
            result.failed.append(e.metric);
    }
    result.failed.sort();
    return result;
}

QList<ThresholdReading> ThresholdSet::readings(const Evaluation &evaluation, const MetricsSnapshot &snapshot,
                                               double elapsedSec) const
{
    QList<ThresholdReading> out;
    for (const Entry &e : m_entries) {
        const MetricSnapshot *m = snapshot.find(e.metric);
        const auto judged = evaluation.expressions.constFind(e.metric);
        for (const Threshold &t : e.thresholds) {
            ThresholdReading r;
            r.metric = e.metric;
            r.expression = t.source();
            r.abortOnFail = t.abortOnFail;
            r.state = QStringLiteral("pending");
            if (judged != evaluation.expressions.constEnd())
                if (const auto it = judged->constFind(t.source()); it != judged->constEnd())
                    r.state = *it ? QStringLiteral("pass") : QStringLiteral("fail");
            r.stat = t.stat();
            if (m && m->aggregate.samples() > 0)
                r.observed = aggregate(t, m, e.type, elapsedSec);
            r.type = metricTypeName(e.type);
            r.contains = valueTypeName(e.contains);
            out.append(r);
        }
    }
    return out;
}

QString ThresholdSet::crossedMessage(const QStringList &failed)
{
    return QStringLiteral("thresholds on metrics '%1' have been crossed")
        .arg(failed.join(QLatin1String(", ")));
}

} // namespace throttle
