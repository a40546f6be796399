// ControlExecutor (src/core/exec/controlexecutor.h), the one serial executor of blocking control
// calls that the REST server and the desktop's steering share: jobs run one at a time in arrival
// order on a thread that is not the owner's, answers arrive on the owner's thread, waitForDone()
// waits for every posted job, shutdown() drops what has not started and delivers nothing after.

#include "core/exec/controlexecutor.h"

#include <QDeadlineTimer>
#include <QTest>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace throttle;

class TestControlExecutor : public QObject
{
    Q_OBJECT
private slots:
    void runsInOrderOffTheOwnersThreadAndAnswersOnIt();
    void waitForDoneWaitsForEveryPostedJob();
    void shutdownDropsWhatHasNotStarted();
};

void TestControlExecutor::runsInOrderOffTheOwnersThreadAndAnswersOnIt()
{
    ControlExecutor executor;
    QList<int> ran, answered;
    std::mutex ranMutex;
    std::atomic<int> running{0};
    std::atomic<int> overlap{0};
    QThread *owner = QThread::currentThread();
    bool answeredOnOwner = true;
    for (int i = 0; i < 20; ++i) {
        executor.post<int>(
            [&, i] {
                if (running.fetch_add(1) != 0)
                    overlap.fetch_add(1);
                const bool offOwner = QThread::currentThread() != owner;
                {
                    std::lock_guard lock(ranMutex);
                    ran.append(offOwner ? i : -1);
                }
                running.fetch_sub(1);
                return i * 10;
            },
            [&](const int &result) {
                answeredOnOwner = answeredOnOwner && QThread::currentThread() == owner;
                answered.append(result);
            });
    }
    QTRY_COMPARE(answered.size(), 20);
    QList<int> expectedRan, expectedAnswers;
    for (int i = 0; i < 20; ++i) {
        expectedRan.append(i);
        expectedAnswers.append(i * 10);
    }
    QCOMPARE(ran, expectedRan);
    QCOMPARE(answered, expectedAnswers);
    QCOMPARE(overlap.load(), 0);
    QVERIFY(answeredOnOwner);
    QCOMPARE(executor.pending(), 0);
}

void TestControlExecutor::waitForDoneWaitsForEveryPostedJob()
{
    ControlExecutor executor;
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i)
        executor.post<bool>([&] { QThread::usleep(2000); done.fetch_add(1); return true; }, [](const bool &) {});
    executor.waitForDone();
    QCOMPARE(done.load(), 5);
    QCOMPARE(executor.pending(), 0);
}

void TestControlExecutor::shutdownDropsWhatHasNotStarted()
{
    ControlExecutor executor;
    std::mutex mutex;
    std::condition_variable cv;
    bool started = false, release = false;
    std::atomic<int> ran{0};
    int answers = 0;
    executor.post<int>(
        [&] {
            std::unique_lock lock(mutex);
            started = true;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
            ran.fetch_add(1);
            return 1;
        },
        [&](const int &) { ++answers; });
    for (int i = 0; i < 3; ++i)
        executor.post<int>([&] { ran.fetch_add(1); return 2; }, [&](const int &) { ++answers; });
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return started; });
    }
    QCOMPARE(executor.pending(), 4);
    std::thread releaser([&] {
        // Lets the first job end once shutdown() has dropped the queue (pending: only the running one).
        QDeadlineTimer deadline(10000);
        while (executor.pending() != 1 && !deadline.hasExpired())
            std::this_thread::yield();
        std::lock_guard lock(mutex);
        release = true;
        cv.notify_all();
    });
    executor.shutdown();
    releaser.join();
    QCOMPARE(ran.load(), 1);   // the running job finished; the three queued ones never ran
    QCoreApplication::processEvents();
    QCOMPARE(answers, 0);      // and nothing is answered after shutdown()
    executor.post<int>([&] { ran.fetch_add(1); return 3; }, [&](const int &) { ++answers; });
    QCOMPARE(executor.pending(), 0);
}

QTEST_GUILESS_MAIN(TestControlExecutor)
#include "tst_controlexecutor.moc"
