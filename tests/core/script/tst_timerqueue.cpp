// TimerQueue on its own: ids, due order, ties, intervals re-armed, cancellation from inside a
// callback, timers added while running, early stop. Times are plain numbers: no clock, no waits.
#include "core/script/timerqueue.h"

#include <QtTest>

using namespace throttle;

class TstTimerQueue : public QObject {
    Q_OBJECT

    static constexpr qint64 ms = 1000000;

    // Runs every timer due at `now` and returns the ids fired, in order.
    static QList<int> fire(TimerQueue &q, qint64 now, const std::function<bool(int)> &also = {})
    {
        QList<int> fired;
        q.runDue(now, [&](int id) {
            fired << id;
            return also ? also(id) : true;
        });
        return fired;
    }

private slots:
    void idsCountFromOne()
    {
        TimerQueue q;
        QVERIFY(q.isEmpty());
        QVERIFY(!q.nextDeadline());
        QCOMPARE(q.add(0, 10 * ms), 1);
        QCOMPARE(q.add(0, 5 * ms), 2);
        QCOMPARE(q.add(0, 5 * ms, true), 3);
        QCOMPARE(q.size(), 3);
        QVERIFY(q.isInterval(3));
        QVERIFY(!q.isInterval(1));
        QCOMPARE(q.ids(), (std::vector<int>{2, 3, 1}));
    }

    void firesInDueOrderWithTiesInInsertionOrder_data()
    {
        QTest::addColumn<QList<qint64>>("delaysMs");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<QList<int>>("fired");
        QTest::addColumn<std::optional<qint64>>("next");
        QTest::newRow("nothing due yet") << QList<qint64>{10, 20} << qint64(9) << QList<int>{} << std::optional<qint64>(10 * ms);
        QTest::newRow("due order") << QList<qint64>{30, 10, 20} << qint64(30) << QList<int>{2, 3, 1} << std::optional<qint64>();
        QTest::newRow("ties keep insertion order") << QList<qint64>{0, 0, 0} << qint64(0) << QList<int>{1, 2, 3}
                                                   << std::optional<qint64>();
        QTest::newRow("negative delay counts as zero") << QList<qint64>{5, -5} << qint64(0) << QList<int>{2}
                                                       << std::optional<qint64>(5 * ms);
        QTest::newRow("only what is due") << QList<qint64>{1, 50, 2} << qint64(10) << QList<int>{1, 3}
                                          << std::optional<qint64>(50 * ms);
    }
    void firesInDueOrderWithTiesInInsertionOrder()
    {
        QFETCH(QList<qint64>, delaysMs);
        QFETCH(qint64, nowMs);
        QFETCH(QList<int>, fired);
        QFETCH(std::optional<qint64>, next);
        TimerQueue q;
        for (const qint64 d : delaysMs)
            q.add(0, d * ms);
        QCOMPARE(fire(q, nowMs * ms), fired);
        QCOMPARE(q.nextDeadline(), next);
    }

    void intervalsRepeatFromTheirDueTime()
    {
        TimerQueue q;
        const int id = q.add(0, 10 * ms, true);
        QCOMPARE(fire(q, 10 * ms), QList<int>{id});
        QCOMPARE(q.nextDeadline(), std::optional<qint64>(20 * ms));
        // Late by 7 ms: the next tick stays on the 10 ms grid.
        QCOMPARE(fire(q, 27 * ms), QList<int>{id});
        QCOMPARE(q.nextDeadline(), std::optional<qint64>(30 * ms));
        // Later than a whole period: due now, never in the past, one tick per round.
        QCOMPARE(fire(q, 95 * ms), QList<int>{id});
        QCOMPARE(q.nextDeadline(), std::optional<qint64>(95 * ms));
        QVERIFY(q.cancel(id));
        QVERIFY(q.isEmpty());
    }

    void zeroIntervalDoesNotSpin()
    {
        TimerQueue q;
        q.add(0, 0, true);
        QCOMPARE(fire(q, 0).size(), 1);
        QCOMPARE(q.nextDeadline(), std::optional<qint64>(TimerQueue::kMinPeriodNs));
    }

    void cancelFromACallback()
    {
        TimerQueue q;
        const int a = q.add(0, 0);
        const int b = q.add(0, 0);
        const int interval = q.add(0, 0, true);
        // a cancels b before b's turn; the interval cancels itself (clearInterval in its callback).
        const QList<int> fired = fire(q, 0, [&](int id) {
            if (id == a)
                q.cancel(b);
            if (id == interval)
                q.cancel(interval);
            return true;
        });
        QCOMPARE(fired, (QList<int>{a, interval}));
        QVERIFY(q.isEmpty());
        QVERIFY(!q.cancel(b));
        QVERIFY(!q.cancel(12345));
    }

    void timersAddedWhileRunningWaitForTheNextRound()
    {
        TimerQueue q;
        q.add(0, 0);
        int added = 0;
        QCOMPARE(fire(q, 0, [&](int) { added = q.add(0, 0); return true; }), QList<int>{1});
        QCOMPARE(fire(q, 0), QList<int>{added});
    }

    void stopsWhenFireSaysSo()
    {
        TimerQueue q;
        q.add(0, 0);
        q.add(0, 0);
        int count = 0;
        QVERIFY(!q.runDue(0, [](int) { return false; }, &count));
        QCOMPARE(count, 1);
        QCOMPARE(q.size(), 1);   // the second one is still there
        q.clear();
        QVERIFY(q.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TstTimerQueue)
#include "tst_timerqueue.moc"
