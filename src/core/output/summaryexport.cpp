#include "core/output/summaryexport.h"

#include "core/output/jsonwriter.h"
#include "core/output/summarytext.h"

#include <QFile>
#include <algorithm>

namespace throttle {

QStringList SummaryExport::valueKeys(const SummaryMetric &metric, const SummaryOptions &options)
{
    switch (metric.type) {
    case MetricType::Counter: return {QStringLiteral("count"), QStringLiteral("rate")};
    case MetricType::Gauge: return {QStringLiteral("value"), QStringLiteral("min"), QStringLiteral("max")};
    case MetricType::Rate: return {QStringLiteral("rate"), QStringLiteral("passes"), QStringLiteral("fails")};
    case MetricType::Trend: break;
    }
    QStringList keys;
    for (const QString &stat : options.trendStats)
        if (!keys.contains(stat))
            keys << stat;
    return keys;
}

QList<const SummaryMetric *> SummaryExport::sortedMetrics(const SummaryReport &report)
{
    QList<const SummaryMetric *> out;
    for (const SummaryMetric &m : report.data.metrics)
        out << &m;
    std::stable_sort(out.begin(), out.end(), [](const SummaryMetric *a, const SummaryMetric *b) {
        return SummaryText::metricLess(a->name, b->name);
    });
    return out;
}

void SummaryExport::writeGroup(JsonWriter &w, const GroupNode &group, bool keyedByName)
{
    w.beginObject();
    w.key(QStringLiteral("name"));
    w.value(group.name);
    w.key(QStringLiteral("path"));
    w.value(group.path);
    w.key(QStringLiteral("id"));
    w.value(group.id);
    w.key(QStringLiteral("groups"));
    keyedByName ? w.beginObject() : w.beginArray();
    for (const GroupNode &child : group.children) {
        if (keyedByName)
            w.key(child.name);
        writeGroup(w, child, keyedByName);
    }
    keyedByName ? w.endObject() : w.endArray();
    w.key(QStringLiteral("checks"));
    keyedByName ? w.beginObject() : w.beginArray();
    for (const CheckNode &check : group.checks) {
        if (keyedByName)
            w.key(check.name);
        w.beginObject();
        w.key(QStringLiteral("name"));
        w.value(check.name);
        w.key(QStringLiteral("path"));
        w.value(check.path);
        w.key(QStringLiteral("id"));
        w.value(check.id);
        w.key(QStringLiteral("passes"));
        w.value(double(check.passes));
        w.key(QStringLiteral("fails"));
        w.value(double(check.fails));
        w.endObject();
    }
    keyedByName ? w.endObject() : w.endArray();
    w.endObject();
}

QByteArray SummaryExport::handleSummaryData(const SummaryReport &r)
{
    JsonWriter w;
    w.beginObject();
    w.key(QStringLiteral("root_group"));
    writeGroup(w, r.data.rootGroup, false);
    w.key(QStringLiteral("options"));
    w.beginObject();
    w.key(QStringLiteral("summaryTrendStats"));
    w.beginArray();
    for (const QString &stat : r.options.trendStats)
        w.value(stat);
    w.endArray();
    w.key(QStringLiteral("summaryTimeUnit"));
    w.value(r.options.timeUnit);
    w.key(QStringLiteral("noColor"));
    w.value(r.noColor);
    w.endObject();
    w.key(QStringLiteral("state"));
    w.beginObject();
    w.key(QStringLiteral("isStdOutTTY"));
    w.value(r.stdoutTty);
    w.key(QStringLiteral("isStdErrTTY"));
    w.value(r.stderrTty);
    w.key(QStringLiteral("testRunDurationMs"));
    w.value(r.testRunDurationMs);
    w.endObject();
    w.key(QStringLiteral("metrics"));
    w.beginObject();
    for (const SummaryMetric *m : sortedMetrics(r)) {
        w.key(m->name);
        w.beginObject();
        w.key(QStringLiteral("type"));
        w.value(metricTypeName(m->type));
        w.key(QStringLiteral("contains"));
        w.value(valueTypeName(m->contains));
        w.key(QStringLiteral("values"));
        w.beginObject();
        for (const QString &k : valueKeys(*m, r.options)) {
            w.key(k);
            w.value(m->values.value(k));
        }
        w.endObject();
        const auto verdicts = r.thresholds.constFind(m->name);
        if (verdicts != r.thresholds.cend() && !verdicts->isEmpty()) {
            w.key(QStringLiteral("thresholds"));
            w.beginObject();
            for (auto it = verdicts->cbegin(); it != verdicts->cend(); ++it) {
                w.key(it.key());
                w.beginObject();
                w.key(QStringLiteral("ok"));
                w.value(it.value());
                w.endObject();
            }
            w.endObject();
        }
        w.endObject();
    }
    w.endObject();
    if (r.setupData && !r.setupData->isEmpty()) {
        w.key(QStringLiteral("setup_data"));
        w.raw(*r.setupData);
    }
    w.endObject();
    return w.text();
}

QByteArray SummaryExport::exportJson(const SummaryReport &r)
{
    JsonWriter w(4);
    w.beginObject();
    w.key(QStringLiteral("root_group"));
    writeGroup(w, r.data.rootGroup, true);
    w.key(QStringLiteral("metrics"));
    w.beginObject();
    for (const SummaryMetric *m : sortedMetrics(r)) {
        w.key(m->name);
        w.beginObject();
        // The rate's `rate` moves to the end as `value` (k6 deletes and re-adds the key).
        for (const QString &k : valueKeys(*m, r.options)) {
            if (m->type == MetricType::Rate && k == QLatin1String("rate"))
                continue;
            w.key(k);
            w.value(m->values.value(k));
        }
        if (m->type == MetricType::Rate) {
            w.key(QStringLiteral("value"));
            w.value(m->values.value(QStringLiteral("rate")));
        }
        const auto verdicts = r.thresholds.constFind(m->name);
        if (verdicts != r.thresholds.cend() && !verdicts->isEmpty()) {
            w.key(QStringLiteral("thresholds"));
            w.beginObject();
            for (auto it = verdicts->cbegin(); it != verdicts->cend(); ++it) {
                w.key(it.key());
                w.value(!it.value());   // true = failed
            }
            w.endObject();
        }
        w.endObject();
    }
    w.endObject();
    if (r.setupData && !r.setupData->isEmpty()) {
        w.key(QStringLiteral("setup_data"));
        w.raw(*r.setupData);
    }
    w.endObject();
    return w.text();
}

bool SummaryExport::write(const QString &path, const SummaryReport &report, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("open %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray json = exportJson(report);
    if (file.write(json) != json.size()) {
        *error = QStringLiteral("write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace throttle
