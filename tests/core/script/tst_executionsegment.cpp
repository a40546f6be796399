// Execution segments (script-api.md §2.2 `executionSegment`, `executionSegmentSequence`): parsing
// with k6's messages, k6's striping of elements over a sequence, the scaling that follows from
// it, and the option sources. Expected values are worked out by hand from the algorithm (see the
// comments) and from the worked example in k6's lib/execution_segment.go documentation.
#include "core/script/executiontuple.h"
#include "core/script/optionsconsolidator.h"

#include <QJsonObject>
#include <QTest>

using namespace throttle;
using Longs = QList<qint64>;

class TestExecutionSegment : public QObject
{
    Q_OBJECT

    static ExecutionTuple tuple(const QString &segment, const QString &sequence)
    {
        QString error;
        const std::optional<ExecutionTuple> t = ExecutionTuple::fromOptions(segment, sequence, &error);
        if (!t)
            qWarning() << "no tuple:" << error;
        return t.value_or(ExecutionTuple());
    }
    // The first n global indices that belong to the segment.
    static Longs elements(const ExecutionTuple &t, int n)
    {
        Longs out;
        for (int i = 0; i < n; ++i)
            out << t.globalIndex(i);
        return out;
    }

private slots:
    void parseSegment_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("fractions") << "1/3:2/3" << "1/3:2/3";
        QTest::newRow("single value") << "1/2" << "0:1/2";
        QTest::newRow("decimals") << "0.5:1" << "1/2:1";
        QTest::newRow("percent") << "50%:100%" << "1/2:1";
        QTest::newRow("mixed") << "2/4:75%" << "1/2:3/4";
        QTest::newRow("percent alone") << "20%" << "0:1/5";
        QTest::newRow("empty is everything") << "" << "0:1";
        QTest::newRow("exponent") << "1e-1:0.25" << "1/10:1/4";
        QTest::newRow("reduced") << "3/9:6/9" << "1/3:2/3";
    }
    void parseSegment()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QString error;
        const std::optional<ExecutionSegment> s = ExecutionSegment::parse(text, &error);
        QVERIFY2(s, qPrintable(error));
        QCOMPARE(s->toString(), canonical);
    }

    void invalidSegment_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("words") << "abc" << "'abc' is not a valid percentage, decimal, fraction or interval value";
        QTest::newRow("bad start") << "x:1" << "'x' is not a valid percentage, decimal, fraction or interval value";
        QTest::newRow("two colons") << "0:1/2:1" << "'1/2:1' is not a valid percentage, decimal, fraction or interval value";
        QTest::newRow("decimal percent") << "12.5%" << "'12.5%' is not a valid percentage";
        QTest::newRow("zero denominator") << "1/0" << "'1/0' is not a valid percentage, decimal, fraction or interval value";
        QTest::newRow("negative start") << "-1/2:1/2" << "segment start value must be at least 0 but was -0.50";
        QTest::newRow("reversed") << "2/3:1/3" << "segment start(0.67) must be less than its end(0.33)";
        QTest::newRow("empty") << "1/2:1/2" << "segment start(0.50) must be less than its end(0.50)";
        QTest::newRow("zero") << "0" << "segment start(0.00) must be less than its end(0.00)";
        QTest::newRow("beyond one") << "0:3/2" << "segment end value can't be more than 1 but was 1.50";
        QTest::newRow("beyond one percent") << "150%" << "segment end value can't be more than 1 but was 1.50";
    }
    void invalidSegment()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!ExecutionSegment::parse(text, &actual));
        QCOMPARE(actual, error);
    }

    void sequences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");   // "" = invalid; then `error`
        QTest::addColumn<QString>("error");
        QTest::newRow("thirds") << "0,1/3,2/3,1" << "0,1/3,2/3,1" << "";
        QTest::newRow("mixed notation") << "0,25%,0.5,1" << "0,1/4,1/2,1" << "";
        QTest::newRow("partial") << "1/4,3/4" << "1/4,3/4" << "";
        QTest::newRow("one point") << "1/2" << "" << "at least 2 points are needed for an execution segment sequence, 1 given";
        QTest::newRow("not increasing") << "0,1/2,1/3,1" << "" << "segment start(0.50) must be less than its end(0.33)";
        QTest::newRow("bad point") << "0,half,1" << "" << "'half' is not a valid percentage, decimal, fraction or interval value";
    }
    void sequences()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(QString, error);
        QString actual;
        const std::optional<ExecutionSegmentSequence> s = ExecutionSegmentSequence::parse(text, &actual);
        if (canonical.isEmpty()) {
            QVERIFY(!s);
            QCOMPARE(actual, error);
        } else {
            QVERIFY2(s, qPrintable(actual));
            QCOMPARE(s->toString(), canonical);
        }
    }

    void tupleErrors_data()
    {
        QTest::addColumn<QString>("segment");
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QString>("error");
        QTest::newRow("not in sequence") << "1/4:1/2" << "0,1/3,2/3,1"
                                         << "provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1";
        QTest::newRow("sequence without segment") << "" << "0,1/3,2/3,1"
                                                  << "provided segment 0:1 can't be found in sequence 0,1/3,2/3,1";
        QTest::newRow("bad segment") << "1:0" << "" << "segment start(1.00) must be less than its end(0.00)";
    }
    void tupleErrors()
    {
        QFETCH(QString, segment);
        QFETCH(QString, sequence);
        QFETCH(QString, error);
        QString actual;
        QVERIFY(!ExecutionTuple::fromOptions(segment, sequence, &actual));
        QCOMPARE(actual, error);
    }

    // The sequence is filled around a lone segment, and around a sequence short of 0 or 1.
    void filledSequence()
    {
        QCOMPARE(tuple("1/3:2/3", "").sequence().toString(), QStringLiteral("0,1/3,2/3,1"));
        QCOMPARE(tuple("1/3:2/3", "").index(), 1);
        QCOMPARE(tuple("1/4:3/4", "1/4,3/4").sequence().toString(), QStringLiteral("0,1/4,3/4,1"));
        QCOMPARE(tuple("0:1/2", "").sequence().toString(), QStringLiteral("0,1/2,1"));
        QVERIFY(!tuple("", "").isSegmented());
        QVERIFY(!tuple("0:1", "").isSegmented());
        QVERIFY(tuple("0:1/2", "").isSegmented());
    }

    // Thirds: lcd 3, one element per block each, the biggest-first order is the sequence order
    // (equal shares keep their place): 0 -> first, 1 -> second, 2 -> third.
    void stripingThirds()
    {
        const QString seq = QStringLiteral("0,1/3,2/3,1");
        const ExecutionTuple a = tuple("0:1/3", seq), b = tuple("1/3:2/3", seq), c = tuple("2/3:1", seq);
        QCOMPARE(a.lcd(), 3);
        QCOMPARE(a.stripeStart(), 0);
        QCOMPARE(a.stripeOffsets(), Longs{3});
        QCOMPARE(b.stripeStart(), 1);
        QCOMPARE(b.stripeOffsets(), Longs{3});
        QCOMPARE(c.stripeStart(), 2);
        QCOMPARE(elements(c, 4), (Longs{2, 5, 8, 11}));
        // 10 VUs: blocks give 3 each, the remainder 1 goes to the owner of element 0.
        QCOMPARE(a.scale(10), 4);
        QCOMPARE(b.scale(10), 3);
        QCOMPARE(c.scale(10), 3);
        QCOMPARE(a.scale(2), 1);
        QCOMPARE(b.scale(2), 1);
        QCOMPARE(c.scale(2), 0);
        QCOMPARE(a.scale(1), 1);
        QCOMPARE(b.scale(1), 0);
    }

    // k6's documented example: 0:1/2, 1/2:3/4, 3/4:1 (lcd 4; shares 2, 1, 1 per block).
    void stripingDocumentedExample()
    {
        const QString seq = QStringLiteral("0,1/2,3/4,1");
        const ExecutionTuple a = tuple("0:1/2", seq), b = tuple("1/2:3/4", seq), c = tuple("3/4:1", seq);
        QCOMPARE(elements(a, 6), (Longs{0, 2, 4, 6, 8, 10}));
        QCOMPARE(elements(b, 3), (Longs{1, 5, 9}));
        QCOMPARE(elements(c, 3), (Longs{3, 7, 11}));
        QCOMPARE(a.stripeOffsets(), (Longs{2, 2}));
        const Longs expectA{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
        const Longs expectB{0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3};
        const Longs expectC{0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3};
        for (int v = 1; v <= 12; ++v) {
            QCOMPARE(a.scale(v), expectA[v - 1]);
            QCOMPARE(b.scale(v), expectB[v - 1]);
            QCOMPARE(c.scale(v), expectC[v - 1]);
        }
    }

    // Shares always add up, for any value, and the element sets partition 0..n-1.
    void sharesAddUp_data()
    {
        QTest::addColumn<QString>("sequence");
        QTest::newRow("thirds") << "0,1/3,2/3,1";
        QTest::newRow("uneven") << "0,3/5,1";
        QTest::newRow("five") << "0,0.1,0.35,1/2,0.9,1";
    }
    void sharesAddUp()
    {
        QFETCH(QString, sequence);
        QString error;
        const auto seq = ExecutionSegmentSequence::parse(sequence, &error);
        QVERIFY(seq);
        QList<ExecutionTuple> tuples;
        for (const ExecutionSegment &s : seq->segments())
            tuples << tuple(s.toString(), sequence);
        const qint64 lcd = tuples.first().lcd();
        for (qint64 v = 0; v <= 3 * lcd + 7; ++v) {
            qint64 sum = 0;
            for (const ExecutionTuple &t : tuples)
                sum += t.scale(v);
            QCOMPARE(sum, v);
        }
        QList<qint64> seen;
        for (const ExecutionTuple &t : tuples) {
            for (qint64 k = 0; t.globalIndex(k) < 2 * lcd; ++k)
                seen << t.globalIndex(k);
        }
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen.size(), 2 * lcd);
        for (qint64 i = 0; i < 2 * lcd; ++i)
            QCOMPARE(seen[i], i);
    }

    // 3/5 and 2/5 (lcd 5; 3 and 2 per block): the bigger picks first and is due at 0, 5/3, 10/3:
    // it takes 0, 2, 4 (1 is not yet due for it), the smaller 1 and 3.
    void stripingUneven()
    {
        const ExecutionTuple a = tuple("0:3/5", "0,3/5,1"), b = tuple("3/5:1", "0,3/5,1");
        QCOMPARE(elements(a, 4), (Longs{0, 2, 4, 5}));
        QCOMPARE(elements(b, 3), (Longs{1, 3, 6}));
        QCOMPARE(a.stripeOffsets(), (Longs{2, 2, 1}));
        QCOMPARE(b.stripeOffsets(), (Longs{2, 3}));
    }

    // Re-cutting by a value (k6 GetNewExecutionTupleFromValue), as shared-iterations does with
    // its VUs: thirds of 10 VUs are 4, 3, 3, so the new sequence is 0, 2/5, 7/10, 1 (lcd 10).
    // Hand striping with shares 4, 3, 3 over 0..9: first 0,3,5,8; second 1,4,7; third 2,6,9.
    void resegmented()
    {
        const QString seq = QStringLiteral("0,1/3,2/3,1");
        const auto a = tuple("0:1/3", seq).resegmented(10);
        const auto b = tuple("1/3:2/3", seq).resegmented(10);
        const auto c = tuple("2/3:1", seq).resegmented(10);
        QVERIFY(a && b && c);
        QCOMPARE(a->sequence().toString(), QStringLiteral("0,2/5,7/10,1"));
        QCOMPARE(b->segment().toString(), QStringLiteral("2/5:7/10"));
        QCOMPARE(elements(*a, 5), (Longs{0, 3, 5, 8, 10}));
        QCOMPARE(elements(*b, 4), (Longs{1, 4, 7, 11}));
        QCOMPARE(elements(*c, 4), (Longs{2, 6, 9, 12}));
        QCOMPARE(a->scale(100), 40);
        QCOMPARE(b->scale(100), 30);
        QCOMPARE(c->scale(100), 30);
        // Divisible by the lcd: the same tuple. A segment with no share: none.
        QCOMPARE(tuple("1/3:2/3", seq).resegmented(9)->sequence().toString(), seq);
        QVERIFY(!tuple("2/3:1", seq).resegmented(2));
    }

    // Per executor, as k6 scales: 10 VUs / 100 shared iterations, 5 per-VU VUs, rate VUs.
    void scenarioShares()
    {
        const QString seq = QStringLiteral("0,1/3,2/3,1");
        const QStringList segments = {"0:1/3", "1/3:2/3", "2/3:1"};
        const Longs vus{4, 3, 3}, shared{40, 30, 30}, perVu{2, 2, 1}, ramp{3, 2, 2};
        for (int i = 0; i < 3; ++i) {
            const auto t = std::make_shared<const ExecutionTuple>(tuple(segments[i], seq));
            ScenarioConfig s;
            s.segment = t;
            s.executor = ScenarioConfig::Executor::SharedIterations;
            s.vus = 10;
            s.iterations = 100;
            QCOMPARE(s.segmentVUs(), vus[i]);
            QCOMPARE(s.segmentIterations(), shared[i]);
            QCOMPARE(s.maxVUs(), vus[i]);
            s.executor = ScenarioConfig::Executor::PerVUIterations;
            s.vus = 5;
            s.iterations = 7;
            QCOMPARE(s.segmentVUs(), perVu[i]);
            QCOMPARE(s.segmentIterations(), 7);
            s.executor = ScenarioConfig::Executor::RampingVUs;
            s.startVUs = 2;
            s.stages = {{1000, 7}, {1000, 0}};
            QCOMPARE(s.maxVUs(), ramp[i]);
            s.executor = ScenarioConfig::Executor::ConstantArrivalRate;
            s.preAllocatedVUs = 10;
            s.maxVUsValue = 20;
            s.rate = 30;
            s.durationMs = 2000;
            QCOMPARE(s.segmentPreAllocatedVUs(), vus[i]);
            QCOMPARE(s.segmentMaxVUs(), (Longs{7, 7, 6})[i]);
        }
    }

    // A scenario whose share is empty has no work; the descriptions show this instance's numbers.
    void workAndDescriptions()
    {
        const auto third = std::make_shared<const ExecutionTuple>(tuple("2/3:1", "0,1/3,2/3,1"));
        ScenarioConfig s;
        s.name = QStringLiteral("one");
        s.executor = ScenarioConfig::Executor::ConstantVUs;
        s.vus = 2;
        s.durationMs = 1000;
        s.segment = third;
        QVERIFY(!s.hasWork());   // 2 VUs over thirds: 1, 1, 0
        s.vus = 10;
        QVERIFY(s.hasWork());
        QCOMPARE(s.description(), QStringLiteral("3 looping VUs for 1s (gracefulStop: 30s)"));
        s.executor = ScenarioConfig::Executor::SharedIterations;
        s.iterations = 100;
        s.durationMs.reset();
        QCOMPARE(s.description(),
                 QStringLiteral("30 iterations shared among 3 VUs (maxDuration: 10m0s, gracefulStop: 30s)"));
        s.executor = ScenarioConfig::Executor::ConstantArrivalRate;
        s.vus.reset();
        s.iterations.reset();
        s.rate = 30;
        s.durationMs = 2000;
        s.preAllocatedVUs = 10;
        // 3 of 10 max VUs: 30/s * 3/10.
        QCOMPARE(s.description(), QStringLiteral("9.00 iterations/s for 2s (maxVUs: 3, gracefulStop: 30s)"));
    }

    // CLI beats K6_EXECUTION_SEGMENT beats the script; a segment outside the sequence is a
    // configuration problem (exit 104); a malformed one is fatal with k6's message.
    void optionSources()
    {
        const QJsonObject script{{"executionSegment", "0:1/3"}, {"executionSegmentSequence", "0,1/3,2/3,1"}};
        const QMap<QString, QString> env{{"K6_EXECUTION_SEGMENT", "1/3:2/3"}};
        OptionsResult r = OptionsConsolidator::consolidate({}, script, {}, {});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.options.executionSegment, QStringLiteral("0:1/3"));
        r = OptionsConsolidator::consolidate({}, script, env, {});
        QCOMPARE(r.options.executionSegment, QStringLiteral("1/3:2/3"));
        r = OptionsConsolidator::consolidate({}, script, env, QJsonObject{{"executionSegment", "2/3:1"}});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.options.executionSegment, QStringLiteral("2/3:1"));
        QCOMPARE(r.options.toJson().value("executionSegment").toString(), QStringLiteral("2/3:1"));
        // exec.test.options shows them the way k6 marshals them.
        r = OptionsConsolidator::consolidate({}, {}, {}, QJsonObject{{"executionSegment", "50%:100%"},
                                                                     {"executionSegmentSequence", "0,0.5,1"}});
        QCOMPARE(r.options.toJson().value("executionSegment").toString(), QStringLiteral("1/2:1"));
        QCOMPARE(r.options.toJson().value("executionSegmentSequence").toString(), QStringLiteral("0,1/2,1"));

        r = OptionsConsolidator::consolidate({}, {}, {{"K6_EXECUTION_SEGMENT_SEQUENCE", "0,1/2,1"}},
                                             QJsonObject{{"executionSegment", "0:1/3"}});
        QVERIFY(!r.ok);
        QCOMPARE(r.exitCode, OptionsResult::kInvalidConfig);
        QCOMPARE(r.error, QStringLiteral("There were problems with the specified script configuration:\n"
                                         "\t- provided segment 0:1/3 can't be found in sequence 0,1/2,1"));

        r = OptionsConsolidator::consolidate({}, {}, {}, QJsonObject{{"executionSegment", "1/3:x"}});
        QVERIFY(!r.ok);
        QCOMPARE(r.exitCode, OptionsResult::kFatal);
        QCOMPARE(r.error, QStringLiteral("'x' is not a valid percentage, decimal, fraction or interval value"));
        r = OptionsConsolidator::consolidate({}, QJsonObject{{"executionSegmentSequence", "1"}}, {}, {});
        QCOMPARE(r.exitCode, OptionsResult::kFatal);
        QCOMPARE(r.error, QStringLiteral("at least 2 points are needed for an execution segment sequence, 1 given"));
    }
};

QTEST_APPLESS_MAIN(TestExecutionSegment)
#include "tst_executionsegment.moc"
