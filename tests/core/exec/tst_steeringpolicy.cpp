// SteeringPolicy against fake scenarios, one row per rule of the tables in steeringpolicy.h:
// which scenario a VU, rate or mode change goes to, in which order, what the run answers (strict
// k6 and Throttle), the capabilities the status shows, and the pause/resume ladder. The real
// executors under the same rules are covered by tst_steering and tst_pausestop.
#include "core/exec/steeringpolicy.h"

#include <QtTest>
#include <memory>

using namespace throttle;

namespace {

// A scenario that records the calls it gets ("b.scale(3,-)") and accepts them, or refuses every
// one with 400 "refused by <name>". Capabilities as the real executor of the same name has them.
class FakeScenario : public SteeringTarget {
public:
    FakeScenario(QString name, QString executor, bool finished, bool refuse, QStringList *calls)
        : m_name(std::move(name)), m_executor(std::move(executor)), m_finished(finished), m_refuse(refuse), m_calls(calls)
    {
    }
    QString name() const override { return m_name; }
    QString executorName() const override { return m_executor; }
    int capabilities() const override
    {
        if (m_executor == QLatin1String("externally-controlled"))
            return CapPause | CapVus | CapVusMax;
        if (m_executor.endsWith(QLatin1String("-vus")))   // ramping-vus, constant-vus
            return CapPause | CapVus;
        if (m_executor.endsWith(QLatin1String("arrival-rate")))
            return CapPause | CapRate;
        return CapPause;   // shared-iterations, per-vu-iterations
    }
    bool canPauseAfterStart() const override { return m_executor == QLatin1String("externally-controlled"); }
    bool finished() const override { return m_finished; }
    qint64 vusLimit() const override { return 10; }
    ControlError scale(std::optional<qint64> vus, std::optional<qint64> vusMax) override
    {
        const auto arg = [](std::optional<qint64> v) { return v ? QString::number(*v) : QStringLiteral("-"); };
        return record(QStringLiteral("scale(%1,%2)").arg(arg(vus), arg(vusMax)));
    }
    ControlError setManualVus(qint64 vus) override { return record(QStringLiteral("setManualVus(%1)").arg(vus)); }
    ControlError setManualRate(qint64 rate) override { return record(QStringLiteral("setManualRate(%1)").arg(rate)); }
    ControlError holdManual() override { return record(QStringLiteral("holdManual()")); }
    ControlError backToSchedule() override { return record(QStringLiteral("backToSchedule()")); }

private:
    ControlError record(const QString &call)
    {
        m_calls->append(m_name + QLatin1Char('.') + call);
        if (m_refuse)
            return ControlError::invalidChange(QStringLiteral("refused by ") + m_name);
        return {};
    }

    QString m_name;
    QString m_executor;
    bool m_finished;
    bool m_refuse;
    QStringList *m_calls;
};

// "a:ramping-vus b:externally-controlled:done c:constant-vus:refuse" -> scenarios in that order.
std::vector<std::unique_ptr<FakeScenario>> scenarios(const QString &spec, QStringList *calls)
{
    std::vector<std::unique_ptr<FakeScenario>> out;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList f = item.split(QLatin1Char(':'));
        out.push_back(std::make_unique<FakeScenario>(f[0], f[1], f.contains(QStringLiteral("done")),
                                                     f.contains(QStringLiteral("refuse")), calls));
    }
    return out;
}

std::vector<SteeringTarget *> targets(const std::vector<std::unique_ptr<FakeScenario>> &s)
{
    std::vector<SteeringTarget *> out;
    for (const auto &f : s)
        out.push_back(f.get());
    return out;
}

// "vus=3 vus-max=12 rate=5 mode=manual scenario=b" -> StatusPatch.
StatusPatch patchOf(const QString &spec)
{
    StatusPatch p;
    for (const QString &item : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString key = item.section(QLatin1Char('='), 0, 0);
        const QString value = item.section(QLatin1Char('='), 1);
        if (key == QLatin1String("vus"))
            p.vus = value.toLongLong();
        else if (key == QLatin1String("vus-max"))
            p.vusMax = value.toLongLong();
        else if (key == QLatin1String("rate"))
            p.rate = value.toLongLong();
        else if (key == QLatin1String("mode"))
            p.mode = value;
        else if (key == QLatin1String("scenario"))
            p.scenario = value;
    }
    return p;
}

// "InvalidChange Config update error: <detail>": the kind (src/api maps it to the HTTP status), title, detail.
QString answer(const ControlError &e)
{
    switch (e.kind) {
    case ControlError::Kind::None: return QStringLiteral("ok");
    case ControlError::Kind::InvalidChange: return QStringLiteral("InvalidChange ") + e.title + QStringLiteral(": ") + e.detail;
    case ControlError::Kind::WrongState: return QStringLiteral("WrongState ") + e.title + QStringLiteral(": ") + e.detail;
    case ControlError::Kind::NotConfigured: return QStringLiteral("NotConfigured ") + e.title + QStringLiteral(": ") + e.detail;
    default: return QStringLiteral("unexpected kind ") + e.title + QStringLiteral(": ") + e.detail;
    }
}

const QString kFinished = QStringLiteral("InvalidChange Config update error: the test run has already finished");

} // namespace

class TstSteeringPolicy : public QObject {
    Q_OBJECT
private slots:
    void steer_data();
    void steer();
    void capabilities_data();
    void capabilities();
    void pauseChange_data();
    void pauseChange();
};

void TstSteeringPolicy::steer_data()
{
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("scenarios");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<bool>("over");
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("calls");

    // strict-k6: k6's answers
    QTest::newRow("strict: rate, mode and scenario are ignored")
        << true << "a:ramping-vus b:constant-arrival-rate" << "rate=5 mode=manual scenario=a" << false << "ok" << "";
    QTest::newRow("strict: vus goes to externally-controlled, whatever is named")
        << true << "a:ramping-vus b:externally-controlled" << "vus=3 scenario=a" << false << "ok" << "b.scale(3,-)";
    QTest::newRow("strict: vus-max alone")
        << true << "b:externally-controlled" << "vus-max=12" << false << "ok" << "b.scale(-,12)";
    QTest::newRow("strict: no externally-controlled scenario")
        << true << "a:ramping-vus" << "vus=3" << false
        << "NotConfigured Execution config error: an externally-controlled executor needs to be configured for live configuration updates" << "";
    QTest::newRow("strict: no externally-controlled scenario, run over")
        << true << "a:ramping-vus" << "vus=3" << true
        << "NotConfigured Execution config error: an externally-controlled executor needs to be configured for live configuration updates" << "";
    QTest::newRow("strict: run over") << true << "b:externally-controlled" << "vus=3" << true << kFinished << "";
    QTest::newRow("strict: the executor's own answer")
        << true << "b:externally-controlled:refuse" << "vus=3" << false << "InvalidChange Config update error: refused by b" << "b.scale(3,-)";

    // Throttle: the patch itself first
    QTest::newRow("unknown scenario, before run over")
        << false << "a:ramping-vus" << "vus=3 scenario=x" << true << "InvalidChange Config update error: there is no scenario 'x'" << "";
    QTest::newRow("bad mode")
        << false << "a:ramping-vus" << "mode=auto" << false
        << "InvalidChange Config update error: invalid configuration supplied: the mode must be \"schedule\" or \"manual\"" << "";
    QTest::newRow("schedule with a value")
        << false << "a:ramping-vus" << "mode=schedule rate=4" << false
        << "InvalidChange Config update error: invalid configuration supplied: mode \"schedule\" can't be combined with vus, vus-max or rate" << "";
    QTest::newRow("run over") << false << "a:ramping-vus" << "vus=3" << true << kFinished << "";

    // Throttle: VU changes
    QTest::newRow("vus: externally-controlled first, wherever it is")
        << false << "a:ramping-vus b:externally-controlled" << "vus=3" << false << "ok" << "b.scale(3,-)";
    QTest::newRow("vus: else the first unfinished scenario with VUs")
        << false << "a:shared-iterations b:ramping-vus:done c:constant-vus d:ramping-vus" << "vus=3" << false << "ok"
        << "c.setManualVus(3)";
    QTest::newRow("vus: the named scenario wins over externally-controlled")
        << false << "a:externally-controlled b:ramping-vus" << "vus=3 scenario=b" << false << "ok" << "b.setManualVus(3)";
    QTest::newRow("vus: every such scenario finished")
        << false << "a:ramping-vus:done b:shared-iterations" << "vus=3" << false << kFinished << "";
    QTest::newRow("vus: no scenario takes VU changes")
        << false << "a:shared-iterations b:constant-arrival-rate" << "vus=3" << false
        << "NotConfigured Execution config error: no scenario accepts a live VU change; an externally-controlled, ramping-vus or "
           "constant-vus executor needs to be configured" << "";
    QTest::newRow("vus: named scenario without VU changes")
        << false << "a:shared-iterations" << "vus=3 scenario=a" << false
        << "InvalidChange Config update error: shared-iterations executor 'a' doesn't support live VU changes" << "";
    QTest::newRow("vus-max: a scale where it is a capability")
        << false << "a:externally-controlled" << "vus=3 vus-max=12" << false << "ok" << "a.scale(3,12)";
    QTest::newRow("vus-max: another value than the limit elsewhere")
        << false << "a:ramping-vus" << "vus=3 vus-max=12" << false
        << "InvalidChange Config update error: ramping-vus executor 'a' doesn't support changing vus-max (10)" << "";
    QTest::newRow("vus-max: the limit itself is no change")
        << false << "a:ramping-vus" << "vus=3 vus-max=10" << false << "ok" << "a.setManualVus(3)";
    QTest::newRow("vus-max: alone, the limit") << false << "a:ramping-vus" << "vus-max=10" << false << "ok" << "";

    // Throttle: rate changes
    QTest::newRow("rate: the first unfinished arrival-rate scenario")
        << false << "a:ramping-vus b:constant-arrival-rate:done c:ramping-arrival-rate" << "rate=5" << false << "ok"
        << "c.setManualRate(5)";
    QTest::newRow("rate: every such scenario finished")
        << false << "a:ramping-vus b:constant-arrival-rate:done" << "rate=5" << false << kFinished << "";
    QTest::newRow("rate: no scenario takes rate changes")
        << false << "a:ramping-vus b:externally-controlled" << "rate=5" << false
        << "NotConfigured Execution config error: no scenario accepts a live rate change; a constant-arrival-rate or "
           "ramping-arrival-rate executor needs to be configured" << "";
    QTest::newRow("rate: named scenario without rate changes")
        << false << "a:ramping-vus" << "rate=5 scenario=a" << false
        << "InvalidChange Config update error: ramping-vus executor 'a' doesn't support live rate changes" << "";

    // Throttle: modes
    QTest::newRow("mode: the named scenario")
        << false << "a:ramping-vus b:constant-vus" << "mode=schedule scenario=b" << false << "ok" << "b.backToSchedule()";
    QTest::newRow("mode: every unfinished scenario with a schedule and a manual mode")
        << false << "a:externally-controlled b:ramping-vus c:constant-arrival-rate d:shared-iterations e:constant-vus:done"
        << "mode=manual" << false << "ok" << "b.holdManual();c.holdManual()";
    QTest::newRow("mode: the first refusal ends it")
        << false << "a:ramping-vus:refuse b:constant-vus" << "mode=schedule" << false
        << "InvalidChange Config update error: refused by a" << "a.backToSchedule()";

    // Throttle: order of a combined change
    QTest::newRow("vus, then rate, then mode")
        << false << "a:ramping-vus b:constant-arrival-rate" << "mode=manual rate=5 vus=3" << false << "ok"
        << "a.setManualVus(3);b.setManualRate(5);a.holdManual();b.holdManual()";
    QTest::newRow("a refused VU change stops the rest")
        << false << "a:ramping-vus:refuse b:constant-arrival-rate" << "vus=3 rate=5" << false
        << "InvalidChange Config update error: refused by a" << "a.setManualVus(3)";
}

void TstSteeringPolicy::steer()
{
    QFETCH(bool, strict);
    QFETCH(QString, scenarios);
    QFETCH(QString, patch);
    QFETCH(bool, over);
    QFETCH(QString, answer);
    QFETCH(QString, calls);
    QStringList made;
    const auto fakes = ::scenarios(scenarios, &made);
    SteeringPolicy policy(targets(fakes), strict);
    QCOMPARE(::answer(policy.steer(patchOf(patch), over)), answer);
    QCOMPARE(made.join(QLatin1Char(';')), calls);
}

void TstSteeringPolicy::capabilities_data()
{
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("executor");
    QTest::addColumn<QStringList>("names");
    const QStringList all{"pause", "vus", "vus-max"};
    QTest::newRow("externally-controlled") << false << "externally-controlled" << all;
    QTest::newRow("strict externally-controlled") << true << "externally-controlled" << all;
    QTest::newRow("ramping-vus") << false << "ramping-vus" << QStringList{"pause", "vus"};
    QTest::newRow("strict ramping-vus: nothing") << true << "ramping-vus" << QStringList{};
    QTest::newRow("constant-arrival-rate") << false << "constant-arrival-rate" << QStringList{"pause", "rate"};
    QTest::newRow("strict constant-arrival-rate: nothing") << true << "constant-arrival-rate" << QStringList{};
    QTest::newRow("shared-iterations") << false << "shared-iterations" << QStringList{"pause"};
}

void TstSteeringPolicy::capabilities()
{
    QFETCH(bool, strict);
    QFETCH(QString, executor);
    QFETCH(QStringList, names);
    QStringList made;
    const auto fakes = scenarios(QStringLiteral("a:") + executor, &made);
    const SteeringPolicy policy(targets(fakes), strict);
    QCOMPARE(SteeringTarget::capabilityNames(policy.capabilitiesOf(*fakes.front())), names);
}

void TstSteeringPolicy::pauseChange_data()
{
    QTest::addColumn<bool>("strict");
    QTest::addColumn<QString>("scenarios");
    QTest::addColumn<int>("phase");
    QTest::addColumn<bool>("over");
    QTest::addColumn<bool>("startPaused");
    QTest::addColumn<bool>("paused");
    QTest::addColumn<bool>("pause");
    QTest::addColumn<QString>("answer");
    const int running = int(ExecStatus::Running);
    const int waiting = int(ExecStatus::PausedBeforeRun);
    const QString finished = QStringLiteral("WrongState Pause error: the test run has already finished");
    const QString notStarted =
        QStringLiteral("WrongState Pause error: cannot pause the externally controlled executor before it has started");
    const QString ramping = QStringLiteral("a:ramping-vus");
    const QString ext = QStringLiteral("a:externally-controlled");

    QTest::newRow("pause, scenarios over") << false << ramping << running << true << false << false << true << finished;
    QTest::newRow("resume, in teardown") << false << ramping << int(ExecStatus::Teardown) << false << false << true << false << finished;
    QTest::newRow("pause, waiting with --paused")
        << false << ramping << waiting << false << true << true << true << "WrongState Pause error: execution is already paused";
    QTest::newRow("resume, waiting with --paused: the run starts") << false << ramping << waiting << false << true << true << false << "ok";
    QTest::newRow("resume, waiting with --paused, strict: the run starts") << true << ramping << waiting << false << true << true << false << "ok";
    QTest::newRow("pause, initialising") << false << ramping << int(ExecStatus::InitDone) << false << false << false << true << notStarted;
    QTest::newRow("resume, resumed before the start") << false << ramping << int(ExecStatus::Started) << false << true << false << false << notStarted;
    QTest::newRow("pause, in setup") << false << ramping << int(ExecStatus::Setup) << false << false << false << true << notStarted;
    QTest::newRow("strict: pause, a scenario k6 cannot pause")
        << true << "b:externally-controlled a:ramping-vus" << running << false << false << false << true
        << "WrongState Pause error: ramping-vus executor 'a' doesn't support pause and resume operations after its start";
    QTest::newRow("strict: resume, a scenario k6 cannot pause")
        << true << ramping << running << false << false << true << false
        << "WrongState Pause error: ramping-vus executor 'a' doesn't support pause and resume operations after its start";
    QTest::newRow("strict: pause, externally-controlled") << true << ext << running << false << false << false << true << "ok";
    QTest::newRow("pause, any executor") << false << "a:ramping-vus b:shared-iterations" << running << false << false << false << true << "ok";
    QTest::newRow("pause, already paused")
        << false << ramping << running << false << false << true << true << "WrongState Pause error: test execution was already paused";
    QTest::newRow("resume, not paused")
        << false << ramping << running << false << false << false << false << "WrongState Pause error: test execution wasn't paused";
    QTest::newRow("resume, paused") << false << ramping << running << false << false << true << false << "ok";
}

void TstSteeringPolicy::pauseChange()
{
    QFETCH(bool, strict);
    QFETCH(QString, scenarios);
    QFETCH(int, phase);
    QFETCH(bool, over);
    QFETCH(bool, startPaused);
    QFETCH(bool, paused);
    QFETCH(bool, pause);
    QFETCH(QString, answer);
    QStringList made;
    const auto fakes = ::scenarios(scenarios, &made);
    const SteeringPolicy policy(targets(fakes), strict);
    QCOMPARE(::answer(policy.checkPauseChange(pause, RunPosition{phase, over, startPaused, paused})), answer);
    QVERIFY(made.isEmpty());   // a check changes nothing
}

QTEST_GUILESS_MAIN(TstSteeringPolicy)
#include "tst_steeringpolicy.moc"
