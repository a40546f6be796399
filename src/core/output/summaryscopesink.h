#pragma once
// SummaryScopeSink: collects SummaryScopes from the sample stream for k6 v1's summary. Always
// the run-wide list of checks by name; with `full` set also per-group and per-scenario
// aggregates, as k6's summary output does: a sample of a named scenario counts in that scenario
// and, when it carries a group tag, in that group under the scenario; other samples count in
// their group under the root. Samples tagged exactly ::setup or ::teardown stay out of the
// groups (k6 v1.3 shows no setup group for them; a group inside setup() shows up under "setup").
// Fed by MetricsEngine::collect() on its collecting thread; scopes() reads on that thread or
// after the run.

#include "core/metrics/samplesink.h"
#include "core/output/summaryscope.h"

#include <QHash>
#include <QString>
#include <vector>

namespace throttle {

class SummaryScopeSink : public SampleSink
{
public:
    explicit SummaryScopeSink(bool full) : m_full(full) {}

    void consume(const std::vector<Sample> &batch, const MetricsEngine &engine) override;
    SummaryScopes scopes(const MetricsEngine &engine) const;

private:
    struct Node {
        QString name;
        std::vector<int> children;            // node indexes, first-seen order
        QHash<QString, int> childByName;
        std::vector<int> metricOf;            // per MetricId: index into metrics, -1 none
        std::vector<MetricAggregate> metrics;
        std::vector<MetricId> metricIds;
        QList<CheckNode> checks;
        QHash<QString, int> checkByName;
    };
    struct TagInfo {
        bool known = false;
        int scenarioNode = -1;   // a named scenario's node, or -1
        int groupNode = -1;      // the group's node (under the scenario or the root), or -1
        int check = -1;          // index into m_checkNames, or -1
    };

    TagInfo &infoFor(TagSetId tags, const MetricsEngine &engine);
    int childOf(int parent, const QString &name);
    static void addTo(Node &node, const Sample &sample, MetricType type, const QString *check);
    static void recordCheck(QList<CheckNode> &checks, QHash<QString, int> &index,
                            const QString &name, bool passed);
    SummaryScope toScope(int node, const MetricsEngine &engine) const;

    bool m_full;
    std::vector<Node> m_nodes;               // [0] = root
    QHash<QString, int> m_scenarioNodes;
    std::vector<int> m_scenarioOrder;
    std::vector<TagInfo> m_tagInfo;          // per TagSetId
    QStringList m_checkNames;
    QList<CheckNode> m_checks;               // run-wide, by name
    QHash<QString, int> m_checkIndex;
};

} // namespace throttle
