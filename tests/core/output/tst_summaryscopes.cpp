// SummaryScopeSink: which samples count in which group and scenario block of k6 v1's `full`
// summary, and the run-wide list of checks by name (checked against k6 v1.3's output for the
// same tags: tests/e2e/summary holds the end-to-end comparison).
#include "core/metrics/metricsengine.h"
#include "core/output/summaryscopesink.h"

#include <QtTest>

using namespace throttle;

namespace {

QStringList names(const QList<SummaryScope> &scopes)
{
    QStringList out;
    for (const SummaryScope &s : scopes)
        out << s.name;
    return out;
}

QStringList checkNames(const QList<CheckNode> &checks)
{
    QStringList out;
    for (const CheckNode &c : checks)
        out << QStringLiteral("%1 %2/%3").arg(c.name).arg(c.passes).arg(c.fails);
    return out;
}

const MetricSnapshot *metric(const SummaryScope &scope, const QString &name)
{
    for (const MetricSnapshot &m : scope.metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

} // namespace

class TstSummaryScopes : public QObject
{
    Q_OBJECT

    // One run's worth of samples: checks in groups, scenarios and setup(), HTTP in a group.
    static void feed(MetricsEngine &engine, SummaryScopeSink &sink)
    {
        engine.addSink(&sink);
        const TagSetId inScenario = engine.intern({{"check", "a"}, {"group", "::g1"}, {"scenario", "s1"}});
        const TagSetId rootDefault = engine.intern({{"check", "b"}, {"group", ""}, {"scenario", "default"}});
        const TagSetId sameNameElsewhere = engine.intern({{"check", "a"}, {"group", "::g1::g2"}, {"scenario", "default"}});
        const TagSetId httpNested = engine.intern({{"group", "::g1::g2"}, {"scenario", "default"}});
        const TagSetId setupDirect = engine.intern({{"check", "s"}, {"group", "::setup"}});
        const TagSetId setupGroup = engine.intern({{"group", "::setup::prep"}});
        engine.ingest({{builtin::Checks, inScenario, 1, 1}, {builtin::Checks, inScenario, 0, 2},
                       {builtin::Checks, rootDefault, 1, 3}, {builtin::Checks, sameNameElsewhere, 1, 4},
                       {builtin::HttpReqs, httpNested, 1, 5}, {builtin::HttpReqs, httpNested, 1, 6},
                       {builtin::Checks, setupDirect, 1, 7}, {builtin::HttpReqs, setupGroup, 1, 8}});
        engine.collect();
    }

private slots:
    void checksByNameInFirstSeenOrder()
    {
        MetricsEngine engine;
        SummaryScopeSink sink(false);
        feed(engine, sink);
        const SummaryScopes scopes = sink.scopes(engine);
        // k6 v1 lists every check once by name, whichever group it ran in.
        QCOMPARE(checkNames(scopes.checks), QStringList({"a 2/1", "b 1/0", "s 1/0"}));
        QVERIFY(scopes.root.groups.isEmpty());   // compact mode keeps no groups
        QVERIFY(scopes.scenarios.isEmpty());
    }

    void fullModeGroupsAndScenarios()
    {
        MetricsEngine engine;
        SummaryScopeSink sink(true);
        feed(engine, sink);
        const SummaryScopes scopes = sink.scopes(engine);
        // Samples of named scenarios go under the scenario; the rest under the root. A sample
        // tagged exactly ::setup stays out, a group inside setup() shows up under "setup".
        QCOMPARE(names(scopes.root.groups), QStringList({"g1", "setup"}));
        QCOMPARE(names(scopes.scenarios), QStringList({"s1"}));
        const SummaryScope &g1 = scopes.root.groups[0];
        QVERIFY(g1.checks.isEmpty());            // its own samples only: none in ::g1 itself
        QCOMPARE(names(g1.groups), QStringList({"g2"}));
        const SummaryScope &g2 = g1.groups[0];
        QCOMPARE(checkNames(g2.checks), QStringList({"a 1/0"}));
        QVERIFY(metric(g2, "http_reqs"));
        QCOMPARE(metric(g2, "http_reqs")->aggregate.count(), 2.0);
        const SummaryScope &setup = scopes.root.groups[1];
        QVERIFY(setup.metrics.isEmpty());
        QCOMPARE(names(setup.groups), QStringList({"prep"}));
        const SummaryScope &s1 = scopes.scenarios[0];
        QCOMPARE(checkNames(s1.checks), QStringList({"a 1/1"}));   // the scenario block itself
        QCOMPARE(names(s1.groups), QStringList({"g1"}));
        QCOMPARE(checkNames(s1.groups[0].checks), QStringList({"a 1/1"}));
        QCOMPARE(metric(s1, "checks")->aggregate.passes(), quint64(1));
    }
};

QTEST_GUILESS_MAIN(TstSummaryScopes)
#include "tst_summaryscopes.moc"
