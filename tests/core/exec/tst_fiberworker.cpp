// FiberWorker (src/core/exec/fiberworker.h): many fibers on one thread, their transfers on one
// curl multi handle, sleeps on a timer heap, commands posted from other threads — and the
// steering guarantees the VU engine needs from it: a waiting fiber is cut from another thread
// within milliseconds, and QJSEngine::setInterrupted() from another thread stops a busy engine
// and an engine whose fiber is suspended in a native call, without touching its neighbours.
#include "core/exec/fiberworker.h"
#include "support/fixtureserver.h"

#include <QJSEngine>
#include <QtTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

using namespace throttle;
using namespace std::chrono_literals;

namespace {

// A flag a test thread waits on with a deadline (no fixed sleeps).
struct Latch {
    std::mutex m;
    std::condition_variable cv;
    int count = 0;
    void arrive()
    {
        std::lock_guard l(m);
        ++count;
        cv.notify_all();
    }
    bool waitFor(int n, std::chrono::milliseconds deadline = 10s)
    {
        std::unique_lock l(m);
        return cv.wait_for(l, deadline, [&] { return count >= n; });
    }
};

CURL *newGet(const QString &url)
{
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url.toUtf8().constData());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, +[](char *, size_t s, size_t n, void *) { return s * n; });
    return easy;
}

} // namespace

// The native side of a VU engine in these tests: wait() suspends the fiber mid-call.
class Native : public QObject {
    Q_OBJECT
public:
    std::atomic<int> waits{0};
    Latch *entered = nullptr;
    Q_INVOKABLE void wait()
    {
        ++waits;
        if (entered)
            entered->arrive();
        FiberWorker::current()->park();
    }
};

class TstFiberWorker : public QObject {
    Q_OBJECT

private slots:
    void sleepersWakeInDeadlineOrder()
    {
        FiberWorker w;
        w.start();
        std::mutex m;
        std::vector<int> order;
        Latch done;
        w.post([&] {
            for (int ms : {30, 10, 20, 0}) {
                w.spawn([&, ms] {
                    FiberWorker::current()->sleepUntil(FiberWorker::nowNs() + ms * 1000000LL);
                    std::lock_guard l(m);
                    order.push_back(ms);
                    done.arrive();
                });
            }
        });
        QVERIFY(done.waitFor(4));
        w.stop();
        QCOMPARE(order, (std::vector<int>{0, 10, 20, 30}));
    }

    void postedWakeCutsALongSleepWithinMilliseconds()
    {
        FiberWorker w;
        w.start();
        Latch asleep, woke;
        std::atomic<bool> early{false};
        std::atomic<std::uint64_t> id{0};
        w.post([&] {
            FiberTask *t = w.spawn([&] {
                asleep.arrive();
                early = !FiberWorker::current()->sleepUntil(FiberWorker::nowNs() + 3600LL * 1000000000LL);
                woke.arrive();
            });
            id = t->id;
        });
        QVERIFY(asleep.waitFor(1));
        const auto t0 = std::chrono::steady_clock::now();
        w.post([&] { w.wake(w.task(id)); });   // from this (another) thread, through the inbox
        QVERIFY(woke.waitFor(1));
        const auto took = std::chrono::steady_clock::now() - t0;
        qInfo() << "wake reached the sleeping fiber in"
                << std::chrono::duration<double, std::milli>(took).count() << "ms";
        QVERIFY(early);
        w.stop();
    }

    void transfersOfManyFibersShareOneMultiHandle()
    {
        FixtureServer server([](const FixtureRequest &r) { return FixtureReply{200, {}, r.path}; });
        FiberWorker w;
        w.start();
        constexpr int fibers = 8, each = 5;
        std::atomic<int> ok{0};
        Latch done;
        w.post([&] {
            for (int i = 0; i < fibers; ++i) {
                w.spawn([&, i] {
                    CURL *easy = newGet(server.baseUrl() + QStringLiteral("/f%1").arg(i));
                    for (int k = 0; k < each; ++k) {
                        long status = 0;
                        if (FiberWorker::current()->perform(easy) == CURLE_OK
                            && curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200)
                            ++ok;
                    }
                    curl_easy_cleanup(easy);
                    done.arrive();
                });
            }
        });
        QVERIFY(done.waitFor(fibers));
        w.stop();
        QCOMPARE(ok.load(), fibers * each);
        for (int i = 0; i < fibers; ++i)
            QCOMPARE(server.requestCount(QStringLiteral("/f%1").arg(i).toUtf8()), each);
    }

    void wakeCutsAnInFlightTransferWithinMilliseconds()
    {
        // The server holds /slow for 30 s; the fiber waits on it; another thread posts the cut.
        std::atomic<bool> release{false};
        FixtureServer server([&](const FixtureRequest &r) {
            if (r.path == "/slow") {
                for (int i = 0; i < 3000 && !release; ++i)
                    std::this_thread::sleep_for(10ms);
            }
            return FixtureReply{200, {}, "x"};
        });
        FiberWorker w;
        w.start();
        Latch sent, done;
        std::atomic<int> code{-1};
        std::atomic<std::uint64_t> id{0};
        w.post([&] {
            id = w.spawn([&] {
                CURL *easy = newGet(server.baseUrl() + QStringLiteral("/slow"));
                FiberWorker::current()->startTransfer(easy);
                sent.arrive();
                const auto ended = FiberWorker::current()->waitTransfers();
                code = ended.size() == 1 ? int(ended.front().second) : -2;
                curl_easy_cleanup(easy);
                done.arrive();
            })->id;
        });
        QVERIFY(sent.waitFor(1));
        QTRY_COMPARE(server.requests().size(), 1);   // it reached the server and is held there
        const auto t0 = std::chrono::steady_clock::now();
        w.post([&] { w.wake(w.task(id)); });
        QVERIFY(done.waitFor(1, 5s));
        qInfo() << "in-flight transfer cut in"
                << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() << "ms";
        QCOMPARE(code.load(), int(CURLE_ABORTED_BY_CALLBACK));
        release = true;
        w.stop();
    }

    void curlTimersEndATransferWithNoSocketActivity()
    {
        // The server holds the request and sends nothing: only curl's own timer (reported through
        // CURLMOPT_TIMERFUNCTION, run by the worker's loop) can end it, with a timeout.
        std::atomic<bool> release{false};
        FixtureServer server([&](const FixtureRequest &) {
            for (int i = 0; i < 3000 && !release; ++i)
                std::this_thread::sleep_for(10ms);
            return FixtureReply{200, {}, "x"};
        });
        FiberWorker w;
        w.start();
        Latch done;
        std::atomic<int> code{-1};
        w.post([&] {
            w.spawn([&] {
                CURL *easy = newGet(server.baseUrl() + QStringLiteral("/held"));
                curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 200L);
                code = int(FiberWorker::current()->perform(easy));
                curl_easy_cleanup(easy);
                done.arrive();
            });
        });
        QVERIFY(done.waitFor(1, 10s));
        QCOMPARE(code.load(), int(CURLE_OPERATION_TIMEDOUT));
        release = true;
        w.stop();
    }

    void connectionsTheServerClosesAreReplaced()
    {
        // Every answer closes its connection: sockets leave the worker's epoll set and their
        // descriptor numbers come back for new connections, over and over, on four fibers at once.
        FixtureServer server([](const FixtureRequest &) {
            return FixtureReply{200, {{"Connection", "close"}}, "x"};
        });
        FiberWorker w;
        w.start();
        constexpr int fibers = 4, each = 25;
        std::atomic<int> ok{0};
        Latch done;
        w.post([&] {
            for (int i = 0; i < fibers; ++i) {
                w.spawn([&] {
                    CURL *easy = newGet(server.baseUrl() + QStringLiteral("/c"));
                    for (int k = 0; k < each; ++k) {
                        long status = 0;
                        if (FiberWorker::current()->perform(easy) == CURLE_OK
                            && curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200)
                            ++ok;
                    }
                    curl_easy_cleanup(easy);
                    done.arrive();
                });
            }
        });
        QVERIFY(done.waitFor(fibers));
        w.stop();
        QCOMPARE(ok.load(), fibers * each);
        QCOMPARE(server.connectionCount(), fibers * each);
    }

    void workerWithoutDescriptorsIsInvalid()
    {
        // In a child process whose open-file limit is used up: the worker cannot make its epoll
        // set or its eventfd, says so through isValid(), and its destructor copes.
        const pid_t pid = fork();
        if (pid == 0) {
            rlimit lim{};
            getrlimit(RLIMIT_NOFILE, &lim);
            int highest = -1;
            for (int fd = 0; fd < 4096; ++fd) {
                if (fcntl(fd, F_GETFD) != -1)
                    highest = fd;
            }
            lim.rlim_cur = rlim_t(highest + 1);
            setrlimit(RLIMIT_NOFILE, &lim);
            while (open("/dev/null", O_RDONLY | O_CLOEXEC) >= 0) {
                // fill the holes below the limit
            }
            bool valid = true;
            {
                FiberWorker w;
                valid = w.isValid();
            }
            _exit(valid ? 1 : 0);
        }
        int status = 0;
        QCOMPARE(waitpid(pid, &status, 0), pid);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    void interruptFromAnotherThreadStopsABusyEngine()
    {
        // A fiber spinning in JS holds its worker: nothing posted can reach it, but
        // setInterrupted() is an atomic the engine polls, so another thread stops it.
        FiberWorker w;
        w.start();
        Latch running, done;
        std::atomic<QJSEngine *> engine{nullptr};
        QString result;
        w.post([&] {
            w.spawn([&] {
                QJSEngine e;
                engine = &e;
                running.arrive();
                const QJSValue r = e.evaluate(QStringLiteral("var i = 0; while (true) { i++; }"));
                result = r.toString();
                engine = nullptr;
                done.arrive();
            });
        });
        QVERIFY(running.waitFor(1));
        const auto t0 = std::chrono::steady_clock::now();
        engine.load()->setInterrupted(true);
        QVERIFY(done.waitFor(1, 5s));
        qInfo() << "busy engine stopped in"
                << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() << "ms";
        QVERIFY2(result.contains(QStringLiteral("Interrupted")), qPrintable(result));
        w.stop();
    }

    void interruptReachesAnEngineSuspendedInANativeCall()
    {
        // Two engines on one worker, both suspended inside native.wait() (JS frames live on
        // their fiber stacks). Another thread interrupts A only, then both are woken: A's JS
        // after the call must not run, B's must.
        FiberWorker w;
        w.start();
        struct Vu {
            Native native;
            std::atomic<QJSEngine *> engine{nullptr};
            std::atomic<std::uint64_t> id{0};
            QString result;
        };
        Vu a, b;
        Latch entered, done;
        const auto body = [&](Vu &vu) {
            QJSEngine e;
            QJSEngine::setObjectOwnership(&vu.native, QJSEngine::CppOwnership);
            e.globalObject().setProperty(QStringLiteral("native"), e.newQObject(&vu.native));
            vu.engine = &e;
            const QJSValue r = e.evaluate(QStringLiteral(
                "var after = 0; function deep(n) { if (n === 0) { native.wait(); after++; return 'ran on'; }"
                " return deep(n - 1); } deep(20)"));
            vu.result = r.isError() ? r.toString() : r.toString() + QStringLiteral(" after=") + QString::number(
                e.globalObject().property(QStringLiteral("after")).toInt());
            vu.engine = nullptr;
            done.arrive();
        };
        a.native.entered = &entered;
        b.native.entered = &entered;
        w.post([&] {
            a.id = w.spawn([&] { body(a); })->id;
            b.id = w.spawn([&] { body(b); })->id;
        });
        QVERIFY(entered.waitFor(2));
        a.engine.load()->setInterrupted(true);   // this thread, while A's fiber is suspended
        w.post([&] {
            w.wake(w.task(a.id));
            w.wake(w.task(b.id));
        });
        QVERIFY(done.waitFor(2));
        w.stop();
        QVERIFY2(a.result.contains(QStringLiteral("Interrupted")), qPrintable(a.result));
        QCOMPARE(b.result, QStringLiteral("ran on after=1"));
    }

    void eachFiberKeepsItsOwnConnectionsThroughAShareHandle()
    {
        // k6's rule: every VU has its own connections. On one worker's multi handle, a CURLSH
        // per VU (CURL_LOCK_DATA_CONNECT) keeps a pool per VU; without it the worker's pool
        // would hand one VU's idle connection to another.
        for (const bool perVu : {true, false}) {
            FixtureServer server([](const FixtureRequest &) { return FixtureReply{200, {}, "x"}; });
            FiberWorker w;
            w.start();
            Latch done;
            constexpr int fibers = 4;
            int turn = 0;   // the fibers take turns, so an idle connection is always there to take
            w.post([&] {
                for (int i = 0; i < fibers; ++i) {
                    w.spawn([&, i] {
                        while (turn != i)
                            FiberWorker::current()->yield();
                        CURLSH *share = nullptr;
                        CURL *easy = newGet(server.baseUrl() + QStringLiteral("/"));
                        if (perVu) {
                            share = curl_share_init();
                            curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
                            curl_easy_setopt(easy, CURLOPT_SHARE, share);
                        }
                        for (int k = 0; k < 3; ++k)
                            FiberWorker::current()->perform(easy);
                        ++turn;
                        curl_easy_cleanup(easy);
                        if (share)
                            curl_share_cleanup(share);
                        done.arrive();
                    });
                }
            });
            QVERIFY(done.waitFor(fibers));
            w.stop();
            if (perVu)
                QCOMPARE(server.connectionCount(), fibers);
            else
                QCOMPARE(server.connectionCount(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TstFiberWorker)
#include "tst_fiberworker.moc"
