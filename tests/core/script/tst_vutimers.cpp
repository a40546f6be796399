// setTimeout/setInterval on a VU's event loop, in a real runtime, compared with k6 v1.3 (each row
// says what k6 printed for the same script): an iteration, setup() and the init context wait for
// their timers and promise jobs; a throw, a rejection or a failing timer stops the timers left
// with k6's warning; stop and scale-down cut a VU waiting for a timer like sleep().
#include "core/script/scriptloader.h"
#include "core/script/vuruntime.h"
#include "support/scriptenv.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace throttle;

namespace {

// The console lines of a run, in order ("msg" only), and every other line with its fields.
QStringList consoleLines(const TestLog &log)
{
    QStringList out;
    for (QString l : log.lines()) {
        if (l.endsWith(QLatin1String(" source=console")))
            out << l.chopped(int(qstrlen(" source=console")));
    }
    return out;
}

ScenarioBinding binding()
{
    ScenarioBinding b;
    b.name = QStringLiteral("default");
    b.executor = QStringLiteral("shared-iterations");
    return b;
}

} // namespace

class TstVuTimers : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;

    // Writes source as a script (a .js file, or .ts) and loads it as a run would.
    std::unique_ptr<ScriptEnv> load(const QByteArray &source, const char *ext = ".js")
    {
        const QString path = m_dir.path() + QStringLiteral("/s%1%2").arg(++m_n).arg(QLatin1String(ext));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(source) != source.size())
            return nullptr;
        f.close();
        return ScriptEnv::load(path);
    }

    static std::unique_ptr<VuRuntime> vu(ScriptEnv &e)
    {
        auto rt = std::make_unique<VuRuntime>(e.ctx, 1, RuntimeKind::Vu);
        QString error;
        if (!rt->init(&error)) {
            QTest::qFail(qPrintable(error), __FILE__, __LINE__);
            return nullptr;
        }
        rt->bind(binding());
        return rt;
    }

private slots:
    void timersRunInK6Order_data();
    void timersRunInK6Order();
    void initAndSetupWaitForTheirTimers();
    void throwsAndRejectionsStopTheTimersLeft_data();
    void throwsAndRejectionsStopTheTimersLeft();
    void failingTimerInInitFailsTheScript();
    void nonFunctionCallbackIsATypeError();
    void stopCutsAVuWaitingForATimer();
    void interruptedTimersDoNotRunInTheNextIteration();
};

void TstVuTimers::timersRunInK6Order_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("expected");   // k6 v1.3's console output for the same script

    QTest::newRow("promise jobs first, then timers in due order, arguments passed")
        << QByteArray("export default function () {\n"
                      "  const id = setTimeout((a, b) => console.log('args', a, b), 0, 'x', 2);\n"
                      "  console.log('id', typeof id, id);\n"
                      "  clearTimeout(undefined); clearTimeout(9999);\n"
                      "  setTimeout(() => console.log('neg'), -5);\n"
                      "  Promise.resolve().then(() => console.log('micro'));\n"
                      "  console.log('end');\n}\n")
        << QStringList{"id number 1", "end", "micro", "args x 2", "neg"};
    QTest::newRow("equal deadlines keep their order; jobs run after each callback; nested timers go last")
        << QByteArray("export default function () {\n"
                      "  let n = 0;\n"
                      "  const id = setInterval(() => { n++; if (n === 2) clearInterval(id); console.log('tick', n); }, 10);\n"
                      "  setTimeout(() => console.log('t0 a'), 0); setTimeout(() => console.log('t0 b'), 0);\n"
                      "  setTimeout(() => { console.log('outer'); Promise.resolve().then(() => console.log('micro in timer'));\n"
                      "                     setTimeout(() => console.log('nested'), 0); }, 0);\n"
                      "  setTimeout(() => console.log('t0 c'), 0);\n}\n")
        << QStringList{"t0 a", "t0 b", "outer", "micro in timer", "t0 c", "nested", "tick 1", "tick 2"};
    QTest::newRow("an async iteration waits for its promise and then for its timers")
        << QByteArray("export default async function () {\n"
                      "  const t0 = Date.now();\n"
                      "  await new Promise((r) => setTimeout(r, 50));\n"
                      "  console.log('after await', Date.now() - t0 >= 45);\n"
                      "  setTimeout(() => console.log('late timer'), 50);\n"
                      "  return 1;\n}\n")
        << QStringList{"after await true", "late timer"};
    QTest::newRow("setInterval cleared inside its own callback")
        << QByteArray("export default function () {\n"
                      "  let n = 0;\n"
                      "  const id = setInterval(() => { n++; console.log('tick', n); if (n === 3) clearInterval(id); }, 5);\n"
                      "  setTimeout(() => console.log('after', n), 100);\n}\n")
        << QStringList{"tick 1", "tick 2", "tick 3", "after 3"};
    QTest::newRow("a timer cleared before it is due never runs")
        << QByteArray("export default function () {\n"
                      "  const a = setTimeout(() => console.log('never'), 10);\n"
                      "  setTimeout(() => clearTimeout(b), 0);\n"
                      "  const b = setTimeout(() => console.log('never either'), 20);\n"
                      "  clearTimeout(a);\n  console.log('done');\n}\n")
        << QStringList{"done"};
    QTest::newRow("TypeScript")
        << QByteArray("export default function (): void {\n"
                      "  const wait = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));\n"
                      "  wait(1).then((): void => console.log('ts timer'));\n}\n")
        << QStringList{"ts timer"};
}

void TstVuTimers::timersRunInK6Order()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, expected);
    auto e = load(source, QByteArray(QTest::currentDataTag()) == "TypeScript" ? ".ts" : ".js");
    QVERIFY2(e && e->loaded.ok, e ? qPrintable(e->loaded.error) : "cannot write the script");
    auto rt = vu(*e);
    QVERIFY(rt);
    QCOMPARE(rt->runIteration(), IterationOutcome::Completed);
    QCOMPARE(consoleLines(e->log), expected);
    QVERIFY2(!e->log.contains(QStringLiteral("was stopped")), qPrintable(e->log.lines().join('\n')));
}

void TstVuTimers::initAndSetupWaitForTheirTimers()
{
    // k6 v1.3 prints "init timer fired" after every init, and "setup timer fired" before the
    // first iteration.
    auto e = load("console.log('init start', typeof setTimeout, typeof clearInterval);\n"
                  "setTimeout(() => console.log('init timer fired'), 20);\n"
                  "export function setup() { setTimeout(() => console.log('setup timer fired'), 20); console.log('setup end'); return { v: 1 }; }\n"
                  "export default function () {}\n");
    QVERIFY2(e && e->loaded.ok, e ? qPrintable(e->loaded.error) : "cannot write the script");
    QCOMPARE(consoleLines(e->log), (QStringList{"init start function function", "init timer fired"}));   // the options pass
    VuRuntime rt(e->ctx, 0, RuntimeKind::Pseudo);
    QString error;
    QVERIFY2(rt.init(&error), qPrintable(error));
    const CallResult setup = rt.callExport(QStringLiteral("setup"), QByteArray(), QStringLiteral("setup"));
    QVERIFY2(setup.ok, qPrintable(setup.error));
    QCOMPARE(setup.json, QByteArray("{\"v\":1}"));
    QCOMPARE(consoleLines(e->log), (QStringList{"init start function function", "init timer fired",
                                                "init start function function", "init timer fired",
                                                "setup end", "setup timer fired"}));
}

void TstVuTimers::throwsAndRejectionsStopTheTimersLeft_data()
{
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QStringList>("console");
    QTest::addColumn<QStringList>("lines");   // the warning and error lines, as k6 v1.3 logs them

    QTest::newRow("a timer throws")
        << QByteArray("export default function () {\n"
                      "  setTimeout(() => console.log('first'), 0);\n"
                      "  setTimeout(() => { throw new Error('timer boom'); }, 10);\n"
                      "  setTimeout(() => console.log('after throw'), 30);\n}\n")
        << QStringList{"first"}
        << QStringList{"setTimeout 3 was stopped because the VU iteration was interrupted",
                       "Error: timer boom\n\tat ", "s1.js:3"};
    QTest::newRow("the iteration throws")
        << QByteArray("export default function () {\n"
                      "  setTimeout(() => console.log('timer after sync throw'), 100);\n"
                      "  throw new Error('sync');\n}\n")
        << QStringList{}
        << QStringList{"setTimeout 1 was stopped because the VU iteration was interrupted", "Error: sync\n\tat default ("};
    QTest::newRow("the iteration's promise is rejected")
        << QByteArray("export default async function () {\n"
                      "  setInterval(() => console.log('never'), 100);\n"
                      "  await null;\n"
                      "  throw new Error('rejected');\n}\n")
        << QStringList{}
        << QStringList{"setInterval 1 was stopped because the VU iteration was interrupted",
                       "Uncaught (in promise) Error: rejected"};
}

void TstVuTimers::throwsAndRejectionsStopTheTimersLeft()
{
    QFETCH(QByteArray, source);
    QFETCH(QStringList, console);
    QFETCH(QStringList, lines);
    m_n = 0;
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/s1.js");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(source);
    f.close();
    auto e = ScriptEnv::load(path);
    QVERIFY2(e->loaded.ok, qPrintable(e->loaded.error));
    auto rt = vu(*e);
    QVERIFY(rt);
    QCOMPARE(rt->runIteration(), IterationOutcome::Completed);   // an iteration error, as in k6
    QCOMPARE(consoleLines(e->log), console);
    const QString all = e->log.lines().join(QLatin1Char('\n'));
    qsizetype at = 0;
    for (const QString &l : lines) {   // in this order
        const qsizetype found = all.indexOf(l, at);
        QVERIFY2(found >= 0, qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(l, all)));
        at = found + l.size();
    }
    // The stopped timer stays stopped: the next iteration sees none of it.
    const int before = int(consoleLines(e->log).size());
    QCOMPARE(rt->runIteration(), IterationOutcome::Completed);
    QVERIFY(!consoleLines(e->log).mid(before).contains(QStringLiteral("after throw")));
    QVERIFY(!consoleLines(e->log).contains(QStringLiteral("never")));
}

void TstVuTimers::failingTimerInInitFailsTheScript()
{
    // k6 v1.3: level=error msg="Error: init timer boom\n\tat file:///…:2:26(3)" hint="script exception".
    auto e = load("export const options = { iterations: 1 };\n"
                  "setTimeout(() => { throw new Error('init timer boom'); }, 10);\n"
                  "export default function () {}\n");
    QVERIFY(e);
    QVERIFY(!e->loaded.ok);
    QCOMPARE(e->loaded.exitCode, 107);
    QVERIFY2(e->loaded.error.startsWith(QLatin1String("Error: init timer boom\n\tat ")), qPrintable(e->loaded.error));
    QVERIFY2(e->loaded.error.contains(QLatin1String(".js:2")), qPrintable(e->loaded.error));
}

void TstVuTimers::nonFunctionCallbackIsATypeError()
{
    auto e = load("export default function () { setTimeout('console.log(1)', 10); }\n");
    QVERIFY2(e && e->loaded.ok, e ? qPrintable(e->loaded.error) : "");
    auto rt = vu(*e);
    QVERIFY(rt);
    QCOMPARE(rt->runIteration(), IterationOutcome::Completed);
    QVERIFY2(e->log.contains(QStringLiteral("TypeError: setTimeout's callback isn't a callable function")),
             qPrintable(e->log.lines().join('\n')));
}

void TstVuTimers::stopCutsAVuWaitingForATimer()
{
    // A VU waiting 60 s for its next timer (and one for an interval that never ends) is cut by
    // interrupt() from another thread, as stop and scale-down do, and its iteration counts as
    // interrupted. How long the cut takes is measured and printed, not asserted.
    for (const char *wait : {"setTimeout(() => console.log('never'), 60000);",
                             "setInterval(() => {}, 50);"}) {
        // 'waiting' is logged once the timer is set: an interrupt() before that would find none.
        auto e = load(QByteArray("export default function () { ") + wait + " console.log('waiting'); }\n");
        QVERIFY2(e && e->loaded.ok, e ? qPrintable(e->loaded.error) : "");
        auto rt = vu(*e);
        QVERIFY(rt);
        std::atomic<bool> done{false};
        std::atomic<qint64> cutNs{0};
        IterationOutcome outcome = IterationOutcome::Completed;
        QElapsedTimer clock;
        std::thread runner([&] {
            outcome = rt->runIteration();
            cutNs = clock.nsecsElapsed();
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(e->log.contains(QStringLiteral("waiting")), 30000);
        clock.start();
        rt->interrupt();
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 30000);   // liveness: the wait ends
        runner.join();
        QCOMPARE(outcome, IterationOutcome::Interrupted);
        QVERIFY2(e->log.contains(QStringLiteral(" 1 was stopped because the VU iteration was interrupted")),
                 qPrintable(e->log.lines().join('\n')));
        qInfo("%s: interrupt() to the end of the iteration: %.2f ms", wait, double(cutNs.load()) / 1e6);
    }
}

void TstVuTimers::interruptedTimersDoNotRunInTheNextIteration()
{
    auto e = load("export default function () {\n"
                  "  console.log('iteration', __ITER);\n"
                  "  if (__ITER === 0) setTimeout(() => console.log('stale', __ITER), 300);\n}\n");
    QVERIFY2(e && e->loaded.ok, e ? qPrintable(e->loaded.error) : "");
    auto rt = vu(*e);
    QVERIFY(rt);
    IterationOutcome first = IterationOutcome::Completed;
    std::thread runner([&] { first = rt->runIteration(); });
    QTRY_VERIFY_WITH_TIMEOUT(e->log.contains(QStringLiteral("iteration 0")), 30000);
    rt->interrupt();
    runner.join();
    QCOMPARE(first, IterationOutcome::Interrupted);
    rt->clearInterrupt();
    // Had the stale timer stayed queued, this iteration would wait for it and print "stale".
    QCOMPARE(rt->runIteration(), IterationOutcome::Completed);
    QCOMPARE(consoleLines(e->log), (QStringList{"iteration 0", "iteration 1"}));
}

QTEST_GUILESS_MAIN(TstVuTimers)
#include "tst_vutimers.moc"
