#pragma once
// MetricsEngine: one per run. Owns the metric registry (built-ins first, in builtin:: order,
// then custom metrics), the interned tag sets, the queue of sample batches handed over by VU
// threads, and the aggregates (per metric, per sub-metric, and the group/check tree).
//
// Threads: registerMetric/find/type/contains/name/intern/tags/ingest/snapshot are thread-safe.
// ingest() only moves a batch onto a queue under one short lock (no lock per sample, ARCHITECTURE
// §4); collect() merges the queue on whichever single thread calls it periodically and then
// feeds the sinks. Lock order: aggregate lock before registry/tag locks, never the reverse.

#include "core/metrics/grouptree.h"
#include "core/metrics/metric.h"
#include "core/metrics/metricaggregate.h"
#include "core/metrics/metricssnapshot.h"

#include <QHash>
#include <QMutex>
#include <QString>
#include <deque>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

namespace throttle {

class SampleSink;

class MetricsEngine
{
public:
    MetricsEngine();
    MetricsEngine(const MetricsEngine &) = delete;
    MetricsEngine &operator=(const MetricsEngine &) = delete;

    // Registers a custom metric or returns the existing one of the same type and value type.
    // Errors (k6's texts): bad name, type clash, value-type clash; *error may be null.
    std::optional<MetricId> registerMetric(const QString &name, MetricType type,
                                           ValueType contains, QString *error);
    std::optional<MetricId> find(const QString &name) const;
    MetricType type(MetricId id) const;
    ValueType contains(MetricId id) const;
    QString name(MetricId id) const;
    int metricCount() const;

    // Interns a tag set (sorted by key, unique keys; an unsorted list is normalised, the later
    // of two equal keys wins). The empty set is 0. Locks exclusively only for a new set.
    TagSetId intern(const TagList &sortedTags);
    TagList tags(TagSetId id) const;
    static QString tagKey(const TagList &sortedTags);   // the string a set is interned under

    void ingest(std::vector<Sample> &&batch, SampleMetadata metadata = {});
    void collect();

    // Tracks a sub-metric of `parent` aggregating samples whose tags contain all of `selector`.
    // Named parent{suffix}; suffix defaults to "k:v,k2:v2" from the selector. Returns the
    // sub-metric's name (an existing one for the same selector), or "" for an unknown parent.
    // Call before samples arrive: earlier samples are not counted.
    QString addSubmetric(const QString &parent, const TagList &selector,
                         const QString &suffix = QString());
    // Marks a metric or sub-metric (by full name) as having thresholds, so snapshots list it
    // even without samples. Returns false for an unknown name.
    bool markThresholds(const QString &name);

    void addSink(SampleSink *sink);   // before the run; not thread-safe

    MetricsSnapshot snapshot() const;

private:
    struct Definition {
        QString name;
        MetricType type;
        ValueType contains;
    };
    struct Series {
        MetricAggregate aggregate;
        bool thresholds = false;
        std::vector<int> submetrics;   // indexes into m_submetrics
    };
    struct Submetric {
        MetricId parent;
        QString name;
        QString suffix;
        TagList selector;
        MetricAggregate aggregate;
        bool thresholds = false;
        std::vector<qint8> matches;    // per TagSetId: -1 unknown, 0 no, 1 yes
    };
    struct TagInfo {
        int group = -2;                // -2 unknown, -1 none, else GroupTree index
        int check = -2;
    };

    Definition definition(MetricId id) const;
    void syncSeriesLocked() const;
    void applyLocked(const Sample &sample);
    bool matchesLocked(Submetric &sub, TagSetId tags);
    void observeGroupsLocked(const Sample &sample);
    TagInfo &tagInfoLocked(TagSetId tags);
    MetricSnapshot snapshotOf(MetricId id, const Definition &def,
                              const MetricAggregate &aggregate) const;

    // std::shared_mutex, not QReadWriteLock: Qt's is invisible to ThreadSanitizer (installer/tsan.sh).
    mutable std::shared_mutex m_registryLock;
    std::vector<Definition> m_definitions;
    QHash<QString, MetricId> m_byName;

    mutable std::shared_mutex m_tagLock;
    QHash<QString, TagSetId> m_tagIds;
    std::deque<TagList> m_tagSets;      // index = TagSetId; deque: stable while growing

    QMutex m_queueMutex;
    struct PendingBatch {
        std::vector<Sample> samples;
        SampleMetadata metadata;
    };
    std::vector<PendingBatch> m_pending;

    QMutex m_collectMutex;              // serialises collect() (and the sinks)
    mutable QMutex m_aggregateMutex;
    mutable std::vector<Series> m_series;   // index = MetricId, grown lazily from the registry
    std::vector<Submetric> m_submetrics;
    std::vector<TagInfo> m_tagInfo;     // index = TagSetId
    GroupTree m_groups;
    std::vector<SampleSink *> m_sinks;
};

} // namespace throttle
