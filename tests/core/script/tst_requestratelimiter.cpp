// RequestRateLimiter (options.rps): slots 1/rps apart, the first at once, idle time not saved up,
// and no slot handed out twice when VU threads reserve at the same moment.
#include "core/script/requestratelimiter.h"

#include <QtTest>

#include <algorithm>
#include <thread>
#include <vector>

using namespace throttle;

class TstRequestRateLimiter : public QObject {
    Q_OBJECT

private slots:
    void slotsAreSpacedEvenly()
    {
        RequestRateLimiter l(10);   // 100 ms apart
        QCOMPARE(l.intervalNs(), Q_INT64_C(100000000));
        QCOMPARE(l.reserve(0), Q_INT64_C(0));
        QCOMPARE(l.reserve(0), Q_INT64_C(100000000));
        QCOMPARE(l.reserve(50000000), Q_INT64_C(200000000));
        QCOMPARE(l.reserve(250000000), Q_INT64_C(300000000));
    }

    void idleTimeIsNotSavedUp()
    {
        RequestRateLimiter l(10);
        QCOMPARE(l.reserve(0), Q_INT64_C(0));
        // a second of nothing: the next request goes at once, the one after waits its turn
        QCOMPARE(l.reserve(1000000000), Q_INT64_C(1000000000));
        QCOMPARE(l.reserve(1000000000), Q_INT64_C(1100000000));
    }

    void veryHighRatesStillAdvance()
    {
        RequestRateLimiter l(Q_INT64_C(5000000000));   // more than one per nanosecond
        QCOMPARE(l.intervalNs(), Q_INT64_C(1));
        QCOMPARE(l.reserve(7), Q_INT64_C(7));
        QCOMPARE(l.reserve(7), Q_INT64_C(8));
    }

    void concurrentReservationsAreDistinct()
    {
        RequestRateLimiter l(1000);   // 1 ms apart
        constexpr int kThreads = 4, kEach = 2000;
        std::vector<std::vector<qint64>> got(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i)
                    got[size_t(t)].push_back(l.reserve(0));
            });
        for (auto &th : threads)
            th.join();
        std::vector<qint64> all;
        for (const auto &g : got)
            all.insert(all.end(), g.begin(), g.end());
        std::sort(all.begin(), all.end());
        QCOMPARE(int(all.size()), kThreads * kEach);
        for (size_t i = 0; i < all.size(); ++i)
            QCOMPARE(all[i], qint64(i) * 1000000);   // every slot exactly once, none skipped
    }
};

QTEST_GUILESS_MAIN(TstRequestRateLimiter)
#include "tst_requestratelimiter.moc"
