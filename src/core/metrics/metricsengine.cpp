#include "core/metrics/metricsengine.h"

#include "core/metrics/samplesink.h"

#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace throttle {

namespace {

struct BuiltinDefinition {
    const char *name;
    MetricType type;
    ValueType contains;
};

// Same order as builtin:: so that registration hands out exactly those ids.
constexpr BuiltinDefinition kBuiltins[] = {
    {"vus", MetricType::Gauge, ValueType::Default},
    {"vus_max", MetricType::Gauge, ValueType::Default},
    {"iterations", MetricType::Counter, ValueType::Default},
    {"iteration_duration", MetricType::Trend, ValueType::Time},
    {"dropped_iterations", MetricType::Counter, ValueType::Default},
    {"data_sent", MetricType::Counter, ValueType::Data},
    {"data_received", MetricType::Counter, ValueType::Data},
    {"checks", MetricType::Rate, ValueType::Default},
    {"group_duration", MetricType::Trend, ValueType::Time},
    {"http_reqs", MetricType::Counter, ValueType::Default},
    {"http_req_duration", MetricType::Trend, ValueType::Time},
    {"http_req_blocked", MetricType::Trend, ValueType::Time},
    {"http_req_connecting", MetricType::Trend, ValueType::Time},
    {"http_req_tls_handshaking", MetricType::Trend, ValueType::Time},
    {"http_req_sending", MetricType::Trend, ValueType::Time},
    {"http_req_waiting", MetricType::Trend, ValueType::Time},
    {"http_req_receiving", MetricType::Trend, ValueType::Time},
    {"http_req_failed", MetricType::Rate, ValueType::Default},
    {"http_reqs_interrupted", MetricType::Counter, ValueType::Default},
};
static_assert(std::size(kBuiltins) == builtin::Count);

bool validMetricName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_][a-zA-Z0-9_]{1,128}$"));
    return re.match(name).hasMatch();
}

// Tag lists are small: a linear scan beats a hash here.
const QString *tagValue(const TagList &tags, const QString &key)
{
    for (const auto &pair : tags)
        if (pair.first == key)
            return &pair.second;
    return nullptr;
}

bool isNormalised(const TagList &tags)
{
    for (qsizetype i = 1; i < tags.size(); ++i)
        if (!(tags[i - 1].first < tags[i].first))
            return false;
    return true;
}

TagList normalised(TagList tags)
{
    std::stable_sort(tags.begin(), tags.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    TagList out;
    for (const auto &pair : tags) {
        if (!out.isEmpty() && out.last().first == pair.first)
            out.last().second = pair.second;   // the later value wins, like an object literal
        else
            out.append(pair);
    }
    return out;
}

} // namespace

MetricsEngine::MetricsEngine()
{
    for (const BuiltinDefinition &b : kBuiltins)
        registerMetric(QString::fromLatin1(b.name), b.type, b.contains, nullptr);
    m_tagSets.emplace_back();   // id 0 = the empty set
    m_tagIds.insert(QString(), 0);
}

std::optional<MetricId> MetricsEngine::registerMetric(const QString &name, MetricType type,
                                                      ValueType contains, QString *error)
{
    if (!validMetricName(name)) {
        if (error)
            *error = QStringLiteral("Invalid metric name: '%1'. Metric names must only include up "
                                    "to 128 ASCII letters, numbers, or underscores and start with "
                                    "a letter or an underscore.").arg(name);
        return std::nullopt;
    }
    std::unique_lock lock(m_registryLock);
    const auto found = m_byName.constFind(name);
    if (found != m_byName.cend()) {
        const Definition &d = m_definitions[found.value()];
        if (d.type != type) {
            if (error)
                *error = QStringLiteral("metric '%1' already exists but with type %2, instead of %3")
                             .arg(name, metricTypeName(d.type), metricTypeName(type));
            return std::nullopt;
        }
        if (d.contains != contains) {
            if (error)
                *error = QStringLiteral("metric '%1' already exists but with a value type %2, "
                                        "instead of %3")
                             .arg(name, valueTypeName(d.contains), valueTypeName(contains));
            return std::nullopt;
        }
        return found.value();
    }
    const MetricId id = MetricId(m_definitions.size());
    m_definitions.push_back({name, type, contains});
    m_byName.insert(name, id);
    return id;
}

std::optional<MetricId> MetricsEngine::find(const QString &name) const
{
    std::shared_lock lock(m_registryLock);
    const auto found = m_byName.constFind(name);
    if (found == m_byName.cend())
        return std::nullopt;
    return found.value();
}

MetricsEngine::Definition MetricsEngine::definition(MetricId id) const
{
    std::shared_lock lock(m_registryLock);
    return id < m_definitions.size() ? m_definitions[id] : Definition{};
}

MetricType MetricsEngine::type(MetricId id) const { return definition(id).type; }
ValueType MetricsEngine::contains(MetricId id) const { return definition(id).contains; }
QString MetricsEngine::name(MetricId id) const { return definition(id).name; }

int MetricsEngine::metricCount() const
{
    std::shared_lock lock(m_registryLock);
    return int(m_definitions.size());
}

QString MetricsEngine::tagKey(const TagList &sortedTags)
{
    // Length-prefixed, so no key or value content can make two sets collide.
    QString key;
    for (const auto &pair : sortedTags) {
        key += QString::number(pair.first.size()) + QLatin1Char(':') + pair.first;
        key += QString::number(pair.second.size()) + QLatin1Char(':') + pair.second;
    }
    return key;
}

TagSetId MetricsEngine::intern(const TagList &sortedTags)
{
    if (sortedTags.isEmpty())
        return 0;
    const TagList tags = isNormalised(sortedTags) ? sortedTags : normalised(sortedTags);
    const QString key = tagKey(tags);
    {
        std::shared_lock lock(m_tagLock);
        const auto found = m_tagIds.constFind(key);
        if (found != m_tagIds.cend())
            return found.value();
    }
    std::unique_lock lock(m_tagLock);
    const auto found = m_tagIds.constFind(key);   // another thread may have won the race
    if (found != m_tagIds.cend())
        return found.value();
    const TagSetId id = TagSetId(m_tagSets.size());
    m_tagSets.push_back(tags);
    m_tagIds.insert(key, id);
    return id;
}

TagList MetricsEngine::tags(TagSetId id) const
{
    std::shared_lock lock(m_tagLock);
    return id < m_tagSets.size() ? m_tagSets[id] : TagList();
}

void MetricsEngine::ingest(std::vector<Sample> &&batch, SampleMetadata metadata)
{
    if (batch.empty())
        return;
    if (metadata && metadata->isEmpty())
        metadata.reset();
    QMutexLocker lock(&m_queueMutex);
    m_pending.push_back({std::move(batch), std::move(metadata)});
}

void MetricsEngine::collect()
{
    QMutexLocker collectLock(&m_collectMutex);
    std::vector<PendingBatch> batches;
    {
        QMutexLocker lock(&m_queueMutex);
        batches.swap(m_pending);
    }
    if (batches.empty())
        return;
    {
        QMutexLocker lock(&m_aggregateMutex);
        syncSeriesLocked();
        for (const auto &batch : batches)
            for (const Sample &sample : batch.samples)
                applyLocked(sample);
    }
    for (SampleSink *sink : m_sinks) {
        for (const auto &batch : batches) {
            if (batch.metadata)
                sink->consumeWithMetadata(batch.samples, *batch.metadata, *this);
            else
                sink->consume(batch.samples, *this);
        }
    }
}

void MetricsEngine::syncSeriesLocked() const
{
    std::shared_lock lock(m_registryLock);
    while (m_series.size() < m_definitions.size())
        m_series.push_back(Series{MetricAggregate(m_definitions[m_series.size()].type), false, {}});
}

void MetricsEngine::applyLocked(const Sample &sample)
{
    if (!std::isfinite(sample.value))
        return;   // k6 rejects NaN at add(); never let one poison an aggregate
    if (sample.metric >= m_series.size()) {
        syncSeriesLocked();   // registered after this collect() began
        if (sample.metric >= m_series.size())
            return;
    }
    Series &series = m_series[sample.metric];
    series.aggregate.add(sample.value, sample.timeNs);
    for (int index : series.submetrics) {
        Submetric &sub = m_submetrics[size_t(index)];
        if (matchesLocked(sub, sample.tags))
            sub.aggregate.add(sample.value, sample.timeNs);
    }
    observeGroupsLocked(sample);
}

bool MetricsEngine::matchesLocked(Submetric &sub, TagSetId tags)
{
    if (tags >= sub.matches.size())
        sub.matches.resize(size_t(tags) + 1, -1);
    qint8 &cached = sub.matches[tags];
    if (cached < 0) {
        const TagList set = this->tags(tags);
        cached = 1;
        for (const auto &pair : sub.selector) {
            const QString *value = tagValue(set, pair.first);
            if (!value || *value != pair.second) {
                cached = 0;
                break;
            }
        }
    }
    return cached == 1;
}

MetricsEngine::TagInfo &MetricsEngine::tagInfoLocked(TagSetId tags)
{
    if (tags >= m_tagInfo.size())
        m_tagInfo.resize(size_t(tags) + 1);
    return m_tagInfo[tags];
}

void MetricsEngine::observeGroupsLocked(const Sample &sample)
{
    TagInfo &info = tagInfoLocked(sample.tags);
    const bool isCheck = sample.metric == builtin::Checks;
    if (info.group == -2 || (isCheck && info.check == -2)) {
        const TagList set = tags(sample.tags);
        const QString *group = tagValue(set, QStringLiteral("group"));
        info.group = group ? m_groups.ensureGroup(*group) : -1;
        if (isCheck) {
            const QString *check = tagValue(set, QStringLiteral("check"));
            info.check = (check && info.group >= 0) ? m_groups.ensureCheck(info.group, *check) : -1;
        }
    }
    if (isCheck && info.check >= 0)
        m_groups.recordCheck(info.check, sample.value != 0.0);
}

QString MetricsEngine::addSubmetric(const QString &parent, const TagList &selector,
                                    const QString &suffix)
{
    const std::optional<MetricId> parentId = find(parent);
    if (!parentId)
        return QString();
    const TagList sorted = isNormalised(selector) ? selector : normalised(selector);
    QMutexLocker lock(&m_aggregateMutex);
    syncSeriesLocked();
    Series &series = m_series[*parentId];
    for (int index : series.submetrics)
        if (m_submetrics[size_t(index)].selector == sorted)
            return m_submetrics[size_t(index)].name;
    Submetric sub{*parentId, {}, suffix, sorted, MetricAggregate(series.aggregate.type()), false, {}};
    if (sub.suffix.isEmpty()) {
        QStringList parts;
        for (const auto &pair : sorted)
            parts << pair.first + QLatin1Char(':') + pair.second;
        sub.suffix = parts.join(QLatin1Char(','));
    }
    sub.name = parent + QLatin1Char('{') + sub.suffix + QLatin1Char('}');
    series.submetrics.push_back(int(m_submetrics.size()));
    m_submetrics.push_back(std::move(sub));
    return m_submetrics.back().name;
}

bool MetricsEngine::markThresholds(const QString &name)
{
    const std::optional<MetricId> id = find(name);
    QMutexLocker lock(&m_aggregateMutex);
    syncSeriesLocked();
    if (id) {
        m_series[*id].thresholds = true;
        return true;
    }
    for (Submetric &sub : m_submetrics) {
        if (sub.name == name) {
            sub.thresholds = true;
            return true;
        }
    }
    return false;
}

void MetricsEngine::addSink(SampleSink *sink)
{
    m_sinks.push_back(sink);
}

MetricSnapshot MetricsEngine::snapshotOf(MetricId id, const Definition &def,
                                         const MetricAggregate &aggregate) const
{
    MetricSnapshot m;
    m.name = def.name;
    m.parent = def.name;
    m.id = id;
    m.type = def.type;
    m.contains = def.contains;
    m.aggregate = aggregate;
    return m;
}

MetricsSnapshot MetricsEngine::snapshot() const
{
    MetricsSnapshot out;
    QMutexLocker lock(&m_aggregateMutex);
    syncSeriesLocked();
    std::vector<Definition> defs;
    {
        std::shared_lock registry(m_registryLock);
        defs = m_definitions;
    }
    for (MetricId id = 0; id < m_series.size() && id < defs.size(); ++id) {
        const Series &series = m_series[id];
        if (series.aggregate.samples() > 0 || series.thresholds) {
            out.metrics.append(snapshotOf(id, defs[id], series.aggregate));
            out.metrics.last().hasThresholds = series.thresholds;
        }
        for (int index : series.submetrics) {
            const Submetric &sub = m_submetrics[size_t(index)];
            if (sub.aggregate.samples() == 0 && !sub.thresholds)
                continue;
            MetricSnapshot m = snapshotOf(id, defs[id], sub.aggregate);
            m.name = sub.name;
            m.suffix = sub.suffix;
            m.selector = sub.selector;
            m.hasThresholds = sub.thresholds;
            out.metrics.append(m);
        }
    }
    out.rootGroup = m_groups.toNode();
    return out;
}

} // namespace throttle
