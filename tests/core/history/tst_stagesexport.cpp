// StagesExport: every row of its table (stagesexport.h) — a change after a quiet spell, a drag as
// one ramp, opposite changes kept apart, a pause as a hold at 0, a change while paused applied at
// the resume, a stop ending the schedule, the rate case and a run without steering — and the
// options code it prints (boundaries rounded, not durations).
#include "core/history/stagesexport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace throttle;

namespace {

constexpr qint64 kStartMs = 1'800'000'000'000;   // when the run clock started (wall)

// An action `wallSec` after the start of the run clock, `pausedSec` of which were paused.
SteeringAction act(double wallSec, double pausedSec, const char *action, const char *oldValue, const char *newValue)
{
    SteeringAction a;
    a.timeMs = kStartMs + qint64(wallSec * 1000.0);
    a.elapsedSec = wallSec - pausedSec;
    a.source = SteeringSource::Source::Rest;
    a.action = QString::fromLatin1(action);
    a.oldValue = QString::fromLatin1(oldValue);
    a.newValue = QString::fromLatin1(newValue);
    return a;
}

HistoryRun runOf(double testRunDurationSec, const QJsonObject &scenario)
{
    HistoryRun r;
    r.id = 1;
    r.script = QStringLiteral("/tmp/s.js");
    r.startedMs = kStartMs - 500;
    r.optionsJson = QJsonDocument(QJsonObject{{"scenarios", QJsonObject{{"s", scenario}}}}).toJson(QJsonDocument::Compact);
    r.summaryJson = QJsonDocument(QJsonObject{{"state", QJsonObject{{"testRunDurationMs", testRunDurationSec * 1000.0}}}})
                        .toJson(QJsonDocument::Compact);
    return r;
}

using Stages = QList<QPair<double, double>>;   // duration, target

const QJsonObject kExt{{"executor", "externally-controlled"}, {"vus", 2}, {"maxVUs", 10}};

}   // namespace

class TstStagesExport : public QObject {
    Q_OBJECT

private slots:
    void build_data()
    {
        QTest::addColumn<HistoryRun>("run");
        QTest::addColumn<QList<SteeringAction>>("log");
        QTest::addColumn<bool>("rate");
        QTest::addColumn<double>("start");
        QTest::addColumn<Stages>("stages");

        QTest::newRow("a change before the run started: the start value")
            << runOf(10, kExt) << QList<SteeringAction>{act(-2, -2, "vus", "0", "6"), act(3, 0, "vus", "6", "4")} << false << 6.0
            << Stages{{3, 6}, {0, 4}, {7, 4}};
        QTest::newRow("a change after a quiet spell: hold, then a 0 s stage")
            << runOf(10, kExt) << QList<SteeringAction>{act(3, 0, "vus", "2", "5")} << false << 2.0
            << Stages{{3, 2}, {0, 5}, {7, 5}};
        QTest::newRow("changes < 1 s apart in one direction: one ramp over the time they took")
            << runOf(10, kExt)
            << QList<SteeringAction>{act(2.0, 0, "vus", "2", "3"), act(2.3, 0, "vus", "3", "4"), act(2.6, 0, "vus", "4", "6")}
            << false << 2.0 << Stages{{2, 2}, {0.6, 6}, {7.4, 6}};
        QTest::newRow("opposite directions stay two changes")
            << runOf(10, kExt) << QList<SteeringAction>{act(2.0, 0, "vus", "2", "5"), act(2.3, 0, "vus", "5", "3")} << false
            << 2.0 << Stages{{2, 2}, {0, 5}, {0.3, 5}, {0, 3}, {7.7, 3}};
        QTest::newRow("a pause: a hold at 0 for as long as it lasted")
            << runOf(7, kExt) << QList<SteeringAction>{act(2, 0, "paused", "false", "true"), act(5, 3, "paused", "true", "false")}
            << false << 2.0 << Stages{{2, 2}, {0, 0}, {3, 0}, {0, 2}, {5, 2}};
        QTest::newRow("a change while paused applies at the resume")
            << runOf(7, kExt)
            << QList<SteeringAction>{act(2, 0, "paused", "false", "true"), act(3, 1, "vus", "2", "4"),
                                     act(5, 3, "paused", "true", "false")}
            << false << 2.0 << Stages{{2, 2}, {0, 0}, {3, 0}, {0, 4}, {5, 4}};
        QTest::newRow("a stop ends the schedule")
            << runOf(4, kExt) << QList<SteeringAction>{act(2, 0, "vus", "2", "5"), act(4, 0, "stopped", "false", "true")} << false
            << 2.0 << Stages{{2, 2}, {0, 5}, {2, 5}};
        const QJsonObject rate{
            {"executor", "constant-arrival-rate"}, {"rate", 20}, {"timeUnit", "1s"}, {"preAllocatedVUs", 4}, {"maxVUs", 8}};
        QTest::newRow("a rate change: ramping-arrival-rate")
            << runOf(3, rate) << QList<SteeringAction>{act(1, 0, "vus", "4", "6"), act(1.5, 0, "rate", "20", "40")} << true
            << 20.0 << Stages{{1.5, 20}, {0, 40}, {1.5, 40}};
        QTest::newRow("no steering: one hold for the whole run")
            << runOf(5, QJsonObject{{"executor", "constant-vus"}, {"vus", 3}}) << QList<SteeringAction>{} << false << 3.0
            << Stages{{5, 3}};
    }

    void build()
    {
        QFETCH(HistoryRun, run);
        QFETCH(QList<SteeringAction>, log);
        QFETCH(bool, rate);
        QFETCH(double, start);
        QFETCH(Stages, stages);
        // A run without steering starts its timeline at the run's start.
        if (log.isEmpty())
            run.startedMs = kStartMs;
        const ReplaySchedule s = StagesExport::build(run, {}, log);
        QCOMPARE(s.rate, rate);
        QCOMPARE(s.start, start);
        Stages got;
        for (const ReplayStage &st : s.stages)
            got.append({std::round(st.durationSec * 1000.0) / 1000.0, st.target});
        QCOMPARE(got, stages);
        if (rate) {
            QCOMPARE(s.timeUnit, QStringLiteral("1s"));
            QCOMPARE(s.preAllocatedVUs, 4.0);
            QCOMPARE(s.maxVUs, 8.0);
        }
    }

    void roundsBoundariesNotDurations()
    {
        // Three holds of 0.35 s: durations rounded one by one would add up to 1.2 s; the
        // boundaries (0.35 -> 0.4, 0.7, 1.05 -> 1.1) give 0.4 + 0.3 + 0.4 = 1.1 s.
        const QList<SteeringAction> log{act(0.35, 0, "vus", "2", "1"), act(0.70, 0, "vus", "1", "3"),
                                        act(1.05, 0, "vus", "3", "2")};
        HistoryRun run = runOf(1.05, kExt);
        const QString js = StagesExport::toJs(run, StagesExport::build(run, {}, log));
        QVERIFY2(js.contains(QStringLiteral("{ duration: '0.4s', target: 2 }, // hold\n"
                                            "        { duration: '0s', target: 1 }, // 00:00.4 vus 2 → 1 (rest)\n"
                                            "        { duration: '0.3s', target: 1 }, // hold\n")),
                 qPrintable(js));
        QVERIFY2(js.contains(QStringLiteral("executor: 'ramping-vus',\n      startVUs: 2,\n")), qPrintable(js));
    }

    void durationText_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << "0s";
        QTest::newRow("below a tenth") << 0.04 << "0s";
        QTest::newRow("whole") << 12.0 << "12s";
        QTest::newRow("tenths") << 1.25 << "1.3s";
    }
    void durationText()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(StagesExport::duration(seconds), text);
    }
};

Q_DECLARE_METATYPE(throttle::HistoryRun)

QTEST_GUILESS_MAIN(TstStagesExport)
#include "tst_stagesexport.moc"
