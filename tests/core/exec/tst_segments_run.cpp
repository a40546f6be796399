// Execution segments in real runs (PreparedRun + LocalRun against a loopback DemoTarget): the
// three runners of the sequence 0,1/3,2/3,1 together do exactly what one unsegmented run does,
// counted both by the run and at the target.
#include "core/exec/executorfactory.h"
#include "core/exec/preparedrun.h"
#include "core/exec/rampingvusexecutor.h"
#include "core/exec/vupool.h"
#include "demo/demotarget.h"
#include "support/testlog.h"

#include <QRegularExpression>
#include <QtTest>
#include <algorithm>

using namespace throttle;

namespace {
const QString kSequence = QStringLiteral("0,1/3,2/3,1");
const QStringList kSegments = {QStringLiteral("0:1/3"), QStringLiteral("1/3:2/3"), QStringLiteral("2/3:1")};

// exec.scenario numbers of the iterations a run logged (seg_iterations.js), per scenario.
struct Numbers {
    QMap<QString, QList<qint64>> inInstance, inTest;
    QMap<QString, QSet<int>> vus;
};

Numbers iterationNumbers(const QStringList &log)
{
    static const QRegularExpression re(QStringLiteral("ITER (\\w+) (\\d+) (\\d+) (\\d+)"));
    Numbers n;
    for (const QString &line : log) {
        const QRegularExpressionMatch m = re.match(line);
        if (!m.hasMatch())
            continue;
        n.inInstance[m.captured(1)].append(m.captured(2).toLongLong());
        n.inTest[m.captured(1)].append(m.captured(3).toLongLong());
        n.vus[m.captured(1)].insert(m.captured(4).toInt());
    }
    for (auto *map : {&n.inInstance, &n.inTest})
        for (auto it = map->begin(); it != map->end(); ++it)
            std::sort(it->begin(), it->end());
    return n;
}

QList<qint64> range(qint64 count, qint64 step = 1, qint64 first = 0)
{
    QList<qint64> r;
    for (qint64 i = 0; i < count; ++i)
        r.append(first + i * step);
    return r;
}
} // namespace

class TstSegmentsRun : public QObject {
    Q_OBJECT

    DemoTarget m_target;

    struct Outcome {
        int exitCode = -1;
        qint64 completed = -1;
        qint64 interrupted = -1;
        qint64 dropped = 0;   // dropped_iterations: arrival-rate starts that found no idle VU
        QStringList descriptions;
        QStringList log;
    };

    // One whole run of a fixture script; segment "" = unsegmented.
    Outcome runOnce(const QString &script, const QString &segment)
    {
        RunRequest req;
        req.scriptPath = QStringLiteral(THROTTLE_FIXTURES "/scripts/") + script;
        req.env = {{QStringLiteral("BASE_URL"), m_target.baseUrl()}};
        if (!segment.isEmpty()) {
            req.cliOverrides.insert(QStringLiteral("executionSegment"), segment);
            req.cliOverrides.insert(QStringLiteral("executionSegmentSequence"), kSequence);
        }
        TestLog log;
        int code = 0;
        QString error;
        Outcome o;
        auto p = PreparedRun::prepare(req, &log, &code, &error);
        if (!p) {
            qWarning() << "prepare failed" << code << error;
            return o;
        }
        m_target.resetCounters();
        LocalRun &run = p->run();
        o.descriptions = run.scenarioDescriptions();
        run.start();
        run.waitFinished();
        o.exitCode = run.exitCode();
        o.completed = run.iterationsCompleted();
        o.interrupted = run.iterationsInterrupted();
        p->metrics().collect();
        const MetricsSnapshot snapshot = p->metrics().snapshot();
        if (const MetricSnapshot *m = snapshot.find(QStringLiteral("dropped_iterations")))
            o.dropped = qint64(m->aggregate.count());
        o.log = log.lines();
        return o;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    // 100 iterations shared among 10 VUs: 40 + 30 + 30 (VUs 4, 3, 3).
    void sharedIterations()
    {
        const Outcome whole = runOnce(QStringLiteral("seg_shared.js"), QString());
        QCOMPARE(whole.exitCode, 0);
        QCOMPARE(whole.completed, 100);
        QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), 100);
        const QList<qint64> expected{40, 30, 30};
        const QList<qint64> vus{4, 3, 3};
        qint64 sum = 0, requests = 0;
        for (int i = 0; i < 3; ++i) {
            const Outcome part = runOnce(QStringLiteral("seg_shared.js"), kSegments[i]);
            QCOMPARE(part.exitCode, 0);
            QCOMPARE(part.completed, expected[i]);
            QCOMPARE(part.interrupted, 0);
            QCOMPARE(part.descriptions.value(0),
                     QStringLiteral("* shared: %1 iterations shared among %2 VUs (maxDuration: 30s, gracefulStop: 30s)")
                         .arg(expected[i]).arg(vus[i]));
            sum += part.completed;
            requests += m_target.requestCount(QStringLiteral("/ok"));
        }
        QCOMPARE(sum, whole.completed);
        QCOMPARE(requests, 100);
    }

    // 7 iterations for each of 5 VUs: VUs 2, 2, 1; each test-wide VU id (exec.vu.idInTest) is
    // used by exactly one runner, 7 times.
    void perVuIterations()
    {
        const Outcome whole = runOnce(QStringLiteral("seg_pervu.js"), QString());
        QCOMPARE(whole.exitCode, 0);
        QCOMPARE(whole.completed, 35);
        const QList<qint64> expected{14, 14, 7};
        // VU ids striped over thirds: 1 and 4 first, 2 and 5 second, 3 third.
        const QList<QList<int>> ids{{1, 4}, {2, 5}, {3}};
        QMap<int, qint64> perId;
        qint64 sum = 0;
        for (int i = 0; i < 3; ++i) {
            const Outcome part = runOnce(QStringLiteral("seg_pervu.js"), kSegments[i]);
            QCOMPARE(part.exitCode, 0);
            QCOMPARE(part.completed, expected[i]);
            for (int id = 1; id <= 5; ++id) {
                const qint64 n = m_target.requestCount(QStringLiteral("/bytes/%1").arg(id));
                QCOMPARE(n, ids[i].contains(id) ? 7 : 0);
                perId[id] += n;
            }
            sum += part.completed;
        }
        QCOMPARE(sum, whole.completed);
        for (int id = 1; id <= 5; ++id)
            QCOMPARE(perId[id], 7);
    }

    // 40 starts over 2 s on 10 VUs. Re-cut by the 10 VUs (4, 3, 3), each runner starts exactly
    // its striped share of the test-wide start sequence: 16, 12, 12. All starts fall well inside
    // the duration, so timing cannot change how many are due; a start that finds no idle VU on a
    // loaded machine is dropped (dropped_iterations), so the due starts are requests + drops.
    // The 1-VU `lone` scenario runs on the first third only; the others log k6's warning.
    void constantArrivalRate()
    {
        const Outcome whole = runOnce(QStringLiteral("seg_rate.js"), QString());
        QCOMPARE(whole.exitCode, 0);
        const qint64 wholeStarts = m_target.requestCount(QStringLiteral("/ok")) + whole.dropped;
        QCOMPARE(wholeStarts, 40);
        QCOMPARE(whole.completed, wholeStarts + m_target.requestCount(QStringLiteral("/json")));
        const QList<qint64> expected{16, 12, 12};
        qint64 sum = 0;
        for (int i = 0; i < 3; ++i) {
            const Outcome part = runOnce(QStringLiteral("seg_rate.js"), kSegments[i]);
            QCOMPARE(part.exitCode, 0);
            const qint64 requests = m_target.requestCount(QStringLiteral("/ok"));
            const qint64 lone = m_target.requestCount(QStringLiteral("/json"));
            const qint64 starts = requests + part.dropped;
            QCOMPARE(starts, expected[i]);
            QCOMPARE(part.completed, requests + lone);
            QCOMPARE(part.interrupted, 0);
            const bool disabled = part.log.contains(
                QStringLiteral("Executor 'lone' is disabled for segment %1 due to lack of work!").arg(kSegments[i]));
            QCOMPARE(disabled, i != 0);
            QCOMPARE(lone > 0, i == 0);
            sum += starts;
        }
        QCOMPARE(sum, wholeStarts);
    }

    // 20 starts; re-cut by the 10 VUs (4, 3, 3 -> striping over 0..9: 0,3,5,8 / 1,4,7 / 2,6,9),
    // the starts 0..19 split 8, 6, 6.
    void rampingArrivalRate()
    {
        const Outcome whole = runOnce(QStringLiteral("seg_ramprate.js"), QString());
        QCOMPARE(whole.exitCode, 0);
        QCOMPARE(whole.completed + whole.dropped, 20);
        const QList<qint64> expected{8, 6, 6};
        qint64 sum = 0;
        for (int i = 0; i < 3; ++i) {
            const Outcome part = runOnce(QStringLiteral("seg_ramprate.js"), kSegments[i]);
            QCOMPARE(part.exitCode, 0);
            QCOMPARE(part.completed + part.dropped, expected[i]);
            QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), part.completed);
            sum += part.completed + part.dropped;
        }
        QCOMPARE(sum, whole.completed + whole.dropped);
    }

    // One runner: each scenario numbers its iterations 0..n-1 across its VUs, in the instance and
    // in the test. Three runners: each numbers its own 0..n-1 in the instance, and the test-wide
    // numbers of all three are exactly the unsegmented ones, never the same twice (k6's
    // SegmentedIndex: shared-iterations striped over the sequence re-cut by its 5 VUs,
    // per-vu-iterations over the thirds).
    void iterationNumbersInInstanceAndTest()
    {
        const Outcome whole = runOnce(QStringLiteral("seg_iterations.js"), QString());
        QCOMPARE(whole.exitCode, 0);
        const Numbers w = iterationNumbers(whole.log);
        QCOMPARE(w.inInstance.value(QStringLiteral("shared")), range(100));
        QCOMPARE(w.inTest.value(QStringLiteral("shared")), range(100));
        QCOMPARE(w.inInstance.value(QStringLiteral("pervu")), range(12));
        QCOMPARE(w.vus.value(QStringLiteral("pervu")).size(), 3);   // three VUs, one counter
        QCOMPARE(w.inTest.value(QStringLiteral("pervu")), range(12));

        QList<qint64> sharedInTest, pervuInTest;
        const QList<qint64> sharedCounts{40, 40, 20};   // 5 VUs: 2, 2, 1
        for (int i = 0; i < 3; ++i) {
            const Outcome part = runOnce(QStringLiteral("seg_iterations.js"), kSegments[i]);
            QCOMPARE(part.exitCode, 0);
            const Numbers p = iterationNumbers(part.log);
            QCOMPARE(p.inInstance.value(QStringLiteral("shared")), range(sharedCounts[i]));
            QCOMPARE(p.inInstance.value(QStringLiteral("pervu")), range(4));
            // per-vu-iterations: one VU per third, its 4 iterations are i, i+3, i+6, i+9
            QCOMPARE(p.inTest.value(QStringLiteral("pervu")), range(4, 3, i));
            sharedInTest += p.inTest.value(QStringLiteral("shared"));
            pervuInTest += p.inTest.value(QStringLiteral("pervu"));
        }
        std::sort(sharedInTest.begin(), sharedInTest.end());
        std::sort(pervuInTest.begin(), pervuInTest.end());
        QCOMPARE(sharedInTest, range(100));
        QCOMPARE(pervuInTest, range(12));
    }

    // VUs each executor asks for, and ramping-vus targets over time: the shares add up to the
    // unsegmented numbers at every point.
    void vuShares()
    {
        ScriptContext ctx;
        VuPool pool(ctx, nullptr);
        IterationCounters counters;
        ScenarioConfig ext;
        ext.name = QStringLiteral("ext");
        ext.executor = ScenarioConfig::Executor::ExternallyControlled;
        ext.vus = 5;
        ext.maxVUsValue = 10;
        ScenarioConfig ramp;
        ramp.name = QStringLiteral("ramp");
        ramp.executor = ScenarioConfig::Executor::RampingVUs;
        ramp.startVUs = 2;
        ramp.stages = {{1000, 7}, {1000, 7}, {1000, 0}};
        ScenarioConfig rate;
        rate.name = QStringLiteral("rate");
        rate.executor = ScenarioConfig::Executor::ConstantArrivalRate;
        rate.rate = 10;
        rate.durationMs = 1000;
        rate.preAllocatedVUs = 10;
        rate.maxVUsValue = 20;
        const QList<int> extVus{4, 3, 3}, rampVus{3, 2, 2}, rateVus{4, 3, 3};
        QList<qint64> rampSum(31, 0);
        for (int i = 0; i < 3; ++i) {
            QString error;
            const auto tuple = ExecutionTuple::fromOptions(kSegments[i], kSequence, &error);
            QVERIFY(tuple);
            const auto shared = std::make_shared<const ExecutionTuple>(*tuple);
            ext.segment = ramp.segment = rate.segment = shared;
            QCOMPARE(ExecutorFactory::create(ext, pool, counters)->preAllocatedVus(), extVus[i]);
            QCOMPARE(ExecutorFactory::create(ramp, pool, counters)->preAllocatedVus(), rampVus[i]);
            QCOMPARE(ExecutorFactory::create(rate, pool, counters)->preAllocatedVus(), rateVus[i]);
            for (int t = 0; t <= 30; ++t)
                rampSum[t] += RampingVusExecutor::targetAt(ramp, t * 100);
        }
        ramp.segment.reset();
        for (int t = 0; t <= 30; ++t)
            QCOMPARE(rampSum[t], RampingVusExecutor::targetAt(ramp, t * 100));
    }
};

QTEST_MAIN(TstSegmentsRun)
#include "tst_segments_run.moc"
