// RunState's two tables (src/ui/runstate.h), row by row: every row of the state table is reached
// by inputs that match it and no earlier row, and every (state, action) pair — local and attached —
// is allowed or refused and leads where the table in the header says. The expectations are written
// out here, not read from the table, so a changed table cell fails a row.

#include "ui/runstate.h"

#include <QTest>

using namespace throttle;
using RunState::Action;
using RunState::Inputs;
using RunState::State;

Q_DECLARE_METATYPE(RunState::Inputs)
Q_DECLARE_METATYPE(RunState::Action)
Q_DECLARE_METATYPE(std::optional<RunState::State>)

class TestRunState : public QObject
{
    Q_OBJECT
private slots:
    void stateTable_data();
    void stateTable();
    void everyStateRowIsTested();
    void actionTable_data();
    void actionTable();
    void namesForTheBadge();
};

namespace {

QSet<int> s_rowsSeen;

Inputs local(bool loaded = true)
{
    Inputs in;
    in.scriptLoaded = loaded;
    return in;
}

Inputs started()
{
    Inputs in = local();
    in.started = true;
    return in;
}

Inputs attachedTo(bool connected)
{
    Inputs in;
    in.attached = true;
    in.connected = connected;
    return in;
}

} // namespace

void TestRunState::stateTable_data()
{
    QTest::addColumn<Inputs>("inputs");
    QTest::addColumn<int>("row");
    QTest::addColumn<State>("state");

    Inputs in = attachedTo(false);
    in.remoteEnded = true;
    in.connectFailed = true;
    QTest::newRow("1 attached, API closed after answering") << in << 0 << RunState::Finished;
    in = attachedTo(false);
    in.connectFailed = true;
    QTest::newRow("2 attached, refused") << in << 1 << RunState::Error;
    QTest::newRow("3 attached, connecting") << attachedTo(false) << 2 << RunState::Starting;
    in = local(false);
    in.preparing = true;   // a preparation without a script cannot show
    QTest::newRow("4 no script") << in << 3 << RunState::Empty;
    in = local();
    in.preparing = true;
    in.prepareFailed = true;   // the previous preparation's failure does not show while preparing
    QTest::newRow("5 preparing") << in << 4 << RunState::Preparing;
    in = local();
    in.prepareFailed = true;
    QTest::newRow("6 script error") << in << 5 << RunState::Error;
    in = local();
    in.paused = true;   // a session not started yet is ready whatever its status says
    QTest::newRow("7 prepared") << in << 6 << RunState::Ready;
    in = started();
    in.finished = true;
    in.stopped = true;
    QTest::newRow("8 local finished") << in << 7 << RunState::Finished;
    in = attachedTo(true);
    in.finished = true;
    QTest::newRow("8 attached finished") << in << 7 << RunState::Finished;
    in = started();
    in.stopped = true;
    in.paused = true;
    QTest::newRow("9 stopping") << in << 8 << RunState::Stopping;
    in = started();
    in.paused = true;
    in.beforeRunning = true;
    QTest::newRow("10 paused") << in << 9 << RunState::Paused;
    in = attachedTo(true);
    in.paused = true;
    QTest::newRow("10 attached paused") << in << 9 << RunState::Paused;
    in = started();
    in.beforeRunning = true;
    QTest::newRow("11 starting (init, setup)") << in << 10 << RunState::Starting;
    QTest::newRow("12 running") << started() << 11 << RunState::Running;
    QTest::newRow("12 attached running") << attachedTo(true) << 11 << RunState::Running;
}

void TestRunState::stateTable()
{
    QFETCH(Inputs, inputs);
    QFETCH(int, row);
    QFETCH(State, state);
    QCOMPARE(RunState::matchingRow(inputs), row);
    QCOMPARE(RunState::derive(inputs), state);
    s_rowsSeen.insert(row);
}

void TestRunState::everyStateRowIsTested()
{
    // stateTable ran first and reached every row of the table.
    for (int row = 0; row < int(std::size(RunState::kDeriveTable)); ++row)
        QVERIFY2(s_rowsSeen.contains(row), qPrintable(QStringLiteral("row %1 untested").arg(row + 1)));
    // The last row matches anything: derive() always finds a row.
    const RunState::DeriveRow &last = RunState::kDeriveTable[11];
    QCOMPARE(last.attached, RunState::Is::Any);
    QCOMPARE(last.beforeRunning, RunState::Is::Any);
}

void TestRunState::actionTable_data()
{
    QTest::addColumn<State>("from");
    QTest::addColumn<Action>("action");
    QTest::addColumn<bool>("attached");
    QTest::addColumn<std::optional<State>>("to");

    using S = std::optional<State>;
    const S no;
    struct Expect {
        State from;
        S start, pause, resume, stop;
    };
    const QList<Expect> expected{
        {RunState::Empty, no, no, no, no},
        {RunState::Preparing, RunState::Preparing, no, no, RunState::Ready},
        {RunState::Error, RunState::Preparing, no, no, no},
        {RunState::Ready, RunState::Starting, no, no, no},
        {RunState::Starting, no, RunState::Paused, no, RunState::Stopping},
        {RunState::Running, no, RunState::Paused, no, RunState::Stopping},
        {RunState::Paused, no, no, RunState::Running, RunState::Stopping},
        {RunState::Stopping, no, no, no, no},
        {RunState::Finished, RunState::Preparing, no, no, no},
    };
    for (const Expect &e : expected) {
        const QByteArray name = RunState::name(e.from).toLatin1();
        for (bool attached : {false, true}) {
            const char *mode = attached ? "attached" : "local";
            QTest::addRow("%s start %s", name.constData(), mode) << e.from << Action::Start << attached << (attached ? no : e.start);
            QTest::addRow("%s pause %s", name.constData(), mode) << e.from << Action::Pause << attached << e.pause;
            QTest::addRow("%s resume %s", name.constData(), mode) << e.from << Action::Resume << attached << e.resume;
            QTest::addRow("%s stop %s", name.constData(), mode) << e.from << Action::Stop << attached << e.stop;
        }
    }
}

void TestRunState::actionTable()
{
    QFETCH(State, from);
    QFETCH(Action, action);
    QFETCH(bool, attached);
    QFETCH(std::optional<State>, to);
    QCOMPARE(RunState::after(from, action, attached), to);
    QCOMPARE(RunState::allows(from, action, attached), to.has_value());
}

void TestRunState::namesForTheBadge()
{
    QCOMPARE(RunState::name(RunState::Empty), QStringLiteral("empty"));
    QCOMPARE(RunState::name(RunState::Preparing), QStringLiteral("preparing"));
    QCOMPARE(RunState::name(RunState::Stopping), QStringLiteral("stopping"));
    QCOMPARE(RunState::name(RunState::Finished), QStringLiteral("finished"));
}

QTEST_APPLESS_MAIN(TestRunState)
#include "tst_runstate.moc"
