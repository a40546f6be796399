// Fiber and FiberStack (src/core/exec/fiber.h, fiberstack.h): switching, nesting, stacks that
// commit only what is touched, the guard page, pooling, and QJSEngines living on fibers of one
// thread — the ground the many-VUs-per-thread engine stands on (docs/vu-engine.md).
#include "core/exec/fiber.h"
#include "core/exec/fiberstack.h"

#include <QJSEngine>
#include <QtTest>

#ifdef THROTTLE_HAVE_QML_PRIVATE
#include <private/qv4engine_p.h>
#include <private/qv4promiseobject_p.h>
#endif

#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

using namespace throttle;

// Native code that JS calls and that suspends the calling fiber mid-call.
class Suspender : public QObject {
    Q_OBJECT
public:
    int calls = 0;
    Q_INVOKABLE int suspend(int x)
    {
        ++calls;
        Fiber::suspend();
        return x;
    }
};

class TstFiber : public QObject {
    Q_OBJECT

private slots:
    void resumeRunsUntilSuspendAndBack()
    {
        std::vector<int> trace;
        Fiber f(FiberStack::allocate(64 * 1024), [&] {
            trace.push_back(1);
            QCOMPARE(Fiber::current() != nullptr, true);
            Fiber::suspend();
            trace.push_back(3);
            Fiber::suspend();
            trace.push_back(5);
        });
        QVERIFY(!f.isStarted());
        QVERIFY(Fiber::current() == nullptr);
        QVERIFY(!f.resume());
        trace.push_back(2);
        QVERIFY(!f.resume());
        trace.push_back(4);
        QVERIFY(f.resume());
        QVERIFY(f.isFinished());
        QVERIFY(f.resume());   // a finished fiber stays finished
        QCOMPARE(trace, (std::vector<int>{1, 2, 3, 4, 5}));
        QVERIFY(Fiber::current() == nullptr);
    }

    void manyFibersInterleaveRoundRobin()
    {
        constexpr int n = 200, rounds = 50;
        std::vector<std::unique_ptr<Fiber>> fibers;
        std::vector<int> counts(n, 0);
        std::vector<int> order;
        for (int i = 0; i < n; ++i) {
            fibers.push_back(std::make_unique<Fiber>(FiberStack::allocate(64 * 1024), [&, i] {
                for (int r = 0; r < rounds; ++r) {
                    ++counts[size_t(i)];
                    if (r == 0)
                        order.push_back(i);
                    Fiber::suspend();
                }
            }));
        }
        int finished = 0;
        while (finished < n) {
            finished = 0;
            for (auto &f : fibers)
                finished += f->resume() ? 1 : 0;
        }
        for (int c : counts)
            QCOMPARE(c, rounds);
        for (int i = 0; i < n; ++i)
            QCOMPARE(order[size_t(i)], i);
    }

    void fiberResumedFromAFiberReturnsToIt()
    {
        std::vector<int> trace;
        Fiber inner(FiberStack::allocate(64 * 1024), [&] {
            trace.push_back(2);
            Fiber::suspend();
            trace.push_back(5);
        });
        Fiber outer(FiberStack::allocate(64 * 1024), [&] {
            trace.push_back(1);
            inner.resume();
            QVERIFY(Fiber::current() == &outer);
            trace.push_back(3);
            Fiber::suspend();
            inner.resume();
            trace.push_back(6);
        });
        outer.resume();
        trace.push_back(4);
        QVERIFY(outer.resume());
        QVERIFY(inner.isFinished());
        QCOMPARE(trace, (std::vector<int>{1, 2, 3, 4, 5, 6}));
    }

    void neverResumedFiberIsDestroyedCleanly()
    {
        bool ran = false;
        {
            Fiber f(FiberStack::allocate(64 * 1024), [&] { ran = true; });
        }
        QVERIFY(!ran);
    }

    void stackCommitsOnlyTouchedPages()
    {
        FiberStack s = FiberStack::allocate(2 * 1024 * 1024);
        QVERIFY(s.isValid());
        QCOMPARE(s.size(), std::size_t(2 * 1024 * 1024));
        QCOMPARE(s.residentBytes(), std::size_t(0));
        std::size_t during = 0;
        Fiber f(std::move(s), [&] {
            volatile char buf[100 * 1024];
            for (std::size_t i = 0; i < sizeof buf; i += 512)
                buf[i] = char(i);
            during = Fiber::current()->stack().residentBytes();
        });
        f.resume();
        QVERIFY2(during >= 100 * 1024 && during < 200 * 1024, qPrintable(QString::number(during)));
        FiberStack back = f.takeStack();
        back.dropPages(16 * 1024);
        QVERIFY(back.residentBytes() <= 16 * 1024);
    }

    void poolReusesStacksWithoutTheirPages()
    {
        FiberStackPool pool(1024 * 1024, 32 * 1024);
        FiberStack a = pool.take();
        void *top = a.top();
        std::memset(a.bottom(), 1, a.size());
        QCOMPARE(a.residentBytes(), a.size());
        pool.recycle(std::move(a));
        QCOMPARE(pool.pooled(), std::size_t(1));
        FiberStack b = pool.take();
        QCOMPARE(b.top(), top);
        QVERIFY(b.residentBytes() <= 32 * 1024);
        QCOMPARE(pool.pooled(), std::size_t(0));
    }

    void overflowHitsTheGuardPage()
    {
        // In a child process: touching the page below the stack must fault (SIGSEGV), not
        // scribble over whatever is mapped there.
        const pid_t pid = fork();
        if (pid == 0) {
            signal(SIGSEGV, SIG_DFL);   // not Qt Test's (or a sanitizer's) crash report
            FiberStack s = FiberStack::allocate(64 * 1024);
            volatile char *below = static_cast<char *>(s.bottom()) - 1;
            *below = 1;
            _exit(0);
        }
        int status = 0;
        QCOMPARE(waitpid(pid, &status, 0), pid);
        QVERIFY(WIFSIGNALED(status));
        QCOMPARE(WTERMSIG(status), SIGSEGV);
    }

    void enginesOnFibersOfOneThreadStaySeparate()
    {
        // Each engine made and destroyed on its own fiber; JS calls native code that suspends
        // the fiber in the middle of the call (as an HTTP request will), 10 JS frames deep; the
        // other engines run meanwhile; every result is right and the collector is happy.
        constexpr int n = 20;
        struct Vu {
            std::unique_ptr<Fiber> fiber;
            Suspender native;
            int result = 0;
        };
        std::vector<Vu> vus(n);
        for (int i = 0; i < n; ++i) {
            Vu &vu = vus[size_t(i)];
            vu.fiber = std::make_unique<Fiber>(FiberStack::allocate(1024 * 1024), [&vu, i] {
                QJSEngine engine;
                QJSEngine::setObjectOwnership(&vu.native, QJSEngine::CppOwnership);
                engine.globalObject().setProperty(QStringLiteral("native"), engine.newQObject(&vu.native));
                engine.globalObject().setProperty(QStringLiteral("id"), i);
                QJSValue fn = engine.evaluate(QStringLiteral(
                    "(function () { var s = 0, junk = [];"
                    " function rec(n) { if (n === 0) return native.suspend(id); return rec(n - 1) + 1; }"
                    " for (var k = 0; k < 30; k++) { junk.push({k: k, s: 'x' + k}); s += rec(k % 10); }"
                    " return s; })"));
                vu.result = fn.call().toInt();
                engine.collectGarbage();
            });
        }
        int switches = 0;
        for (bool any = true; any;) {
            any = false;
            for (auto &vu : vus) {
                any |= !vu.fiber->resume();
                ++switches;
            }
        }
        QVERIFY(switches > n * 30);
        for (int i = 0; i < n; ++i) {
            int expect = 0;
            for (int k = 0; k < 30; ++k)
                expect += i + k % 10;
            QCOMPARE(vus[size_t(i)].result, expect);
            QCOMPARE(vus[size_t(i)].native.calls, 30);
        }
    }

    void promiseJobsBelongToTheirEngine()
    {
        // Qt 6.4 posts every promise job as an event to a per-engine reaction handler on the
        // engine's thread. Engines sharing a thread share its event queue: draining the thread
        // (what PromiseJobs does for one VU per thread) would run a neighbour's jobs inside this
        // VU, and discarding the thread's events would drop them. Per handler, each engine's jobs
        // run and drop alone — the ground for per-VU promise jobs on a worker.
#ifndef THROTTLE_HAVE_QML_PRIVATE
        QSKIP("needs Qt's private QML headers (qt6-declarative-private-dev)");
#else
        QJSEngine a, b;
        const QString script = QStringLiteral(
            "var done = 0; Promise.resolve(1).then(function () { done++; return 2; })"
            ".then(function () { done++; });");
        a.evaluate(script);
        b.evaluate(script);
        const auto done = [](QJSEngine &e) { return e.globalObject().property(QStringLiteral("done")).toInt(); };
        QCOMPARE(done(a), 0);
        QCOMPARE(done(b), 0);
        QObject *handlerA = a.handle()->getPromiseReactionHandler();
        QObject *handlerB = b.handle()->getPromiseReactionHandler();
        QVERIFY(handlerA != handlerB);
        // A's jobs, and the jobs they queue, until none is left; B's stay queued.
        for (int round = 0; round < 10; ++round)
            QCoreApplication::sendPostedEvents(handlerA, 0);
        QCOMPARE(done(a), 2);
        QCOMPARE(done(b), 0);
        // B's are dropped (an interrupted iteration): A's new ones are not.
        a.evaluate(QStringLiteral("Promise.resolve().then(function () { done += 10; });"));
        QCoreApplication::removePostedEvents(handlerB, 0);
        QCoreApplication::sendPostedEvents(handlerB, 0);
        QCoreApplication::sendPostedEvents(handlerA, 0);
        QCOMPARE(done(a), 12);
        QCOMPARE(done(b), 0);
#endif
    }
};

QTEST_GUILESS_MAIN(TstFiber)
#include "tst_fiber.moc"
