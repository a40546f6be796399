#include "core/output/summaryscopesink.h"

#include "core/metrics/metricsengine.h"

#include <algorithm>

namespace throttle {

namespace {

const QString kScenario = QStringLiteral("scenario");
const QString kGroup = QStringLiteral("group");
const QString kCheck = QStringLiteral("check");
const QString kSeparator = QStringLiteral("::");

} // namespace

int SummaryScopeSink::childOf(int parent, const QString &name)
{
    const auto found = m_nodes[size_t(parent)].childByName.constFind(name);
    if (found != m_nodes[size_t(parent)].childByName.cend())
        return found.value();
    const int index = int(m_nodes.size());
    m_nodes.push_back(Node{});
    m_nodes.back().name = name;
    m_nodes[size_t(parent)].children.push_back(index);
    m_nodes[size_t(parent)].childByName.insert(name, index);
    return index;
}

SummaryScopeSink::TagInfo &SummaryScopeSink::infoFor(TagSetId tags, const MetricsEngine &engine)
{
    if (tags >= m_tagInfo.size())
        m_tagInfo.resize(size_t(tags) + 1);
    TagInfo &info = m_tagInfo[tags];
    if (info.known)
        return info;
    info.known = true;
    QString scenario, group;
    for (const auto &tag : engine.tags(tags)) {
        if (tag.first == kScenario)
            scenario = tag.second;
        else if (tag.first == kGroup)
            group = tag.second;
        else if (tag.first == kCheck) {
            info.check = int(m_checkNames.indexOf(tag.second));
            if (info.check < 0) {
                info.check = int(m_checkNames.size());
                m_checkNames << tag.second;
            }
        }
    }
    if (!m_full)
        return info;
    if (m_nodes.empty())
        m_nodes.push_back(Node{});
    int base = 0;
    if (!scenario.isEmpty() && scenario != QLatin1String("default")) {
        auto found = m_scenarioNodes.constFind(scenario);
        if (found == m_scenarioNodes.cend()) {
            const int index = int(m_nodes.size());
            m_nodes.push_back(Node{});
            m_nodes.back().name = scenario;
            found = m_scenarioNodes.insert(scenario, index);
            m_scenarioOrder.push_back(index);
        }
        base = info.scenarioNode = found.value();
    }
    if (group.isEmpty() || group == QLatin1String("::setup") || group == QLatin1String("::teardown"))
        return info;
    const QString path = group.startsWith(kSeparator) ? group.mid(2) : group;
    int node = base;
    for (const QString &name : path.split(kSeparator))
        node = childOf(node, name);
    info.groupNode = node;
    return info;
}

void SummaryScopeSink::recordCheck(QList<CheckNode> &checks, QHash<QString, int> &index,
                                   const QString &name, bool passed)
{
    auto found = index.constFind(name);
    if (found == index.cend()) {
        found = index.insert(name, int(checks.size()));
        CheckNode check;
        check.name = name;
        checks.append(check);
    }
    CheckNode &check = checks[found.value()];
    ++(passed ? check.passes : check.fails);
}

void SummaryScopeSink::addTo(Node &node, const Sample &sample, MetricType type, const QString *check)
{
    if (sample.metric >= node.metricOf.size())
        node.metricOf.resize(size_t(sample.metric) + 1, -1);
    int &slot = node.metricOf[sample.metric];
    if (slot < 0) {
        slot = int(node.metrics.size());
        node.metrics.emplace_back(type);
        node.metricIds.push_back(sample.metric);
    }
    node.metrics[size_t(slot)].add(sample.value, sample.timeNs);
    if (check)
        recordCheck(node.checks, node.checkByName, *check, sample.value != 0.0);
}

void SummaryScopeSink::consume(const std::vector<Sample> &batch, const MetricsEngine &engine)
{
    for (const Sample &sample : batch) {
        const bool isCheck = sample.metric == builtin::Checks;
        if (!m_full && !isCheck)
            continue;
        const TagInfo &info = infoFor(sample.tags, engine);
        const QString *check = isCheck && info.check >= 0 ? &m_checkNames[info.check] : nullptr;
        if (check)
            recordCheck(m_checks, m_checkIndex, *check, sample.value != 0.0);
        if (!m_full || (info.scenarioNode < 0 && info.groupNode < 0))
            continue;
        const MetricType type = engine.type(sample.metric);
        if (info.scenarioNode >= 0)
            addTo(m_nodes[size_t(info.scenarioNode)], sample, type, check);
        if (info.groupNode >= 0)
            addTo(m_nodes[size_t(info.groupNode)], sample, type, check);
    }
}

SummaryScope SummaryScopeSink::toScope(int index, const MetricsEngine &engine) const
{
    const Node &node = m_nodes[size_t(index)];
    SummaryScope scope;
    scope.name = node.name;
    scope.checks = node.checks;
    for (size_t i = 0; i < node.metrics.size(); ++i) {
        MetricSnapshot m;
        m.id = node.metricIds[i];
        m.name = m.parent = engine.name(m.id);
        m.type = engine.type(m.id);
        m.contains = engine.contains(m.id);
        m.aggregate = node.metrics[i];
        scope.metrics.append(m);
    }
    for (int child : node.children)
        scope.groups.append(toScope(child, engine));
    return scope;
}

SummaryScopes SummaryScopeSink::scopes(const MetricsEngine &engine) const
{
    SummaryScopes out;
    out.checks = m_checks;
    if (m_nodes.empty())
        return out;
    out.root = toScope(0, engine);
    for (int index : m_scenarioOrder)
        out.scenarios.append(toScope(index, engine));
    return out;
}

} // namespace throttle
