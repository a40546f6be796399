// Requests cut by cancel() — a stop or a scale-down — are reported as sent (requestSent, which
// the VU counts in http_reqs_interrupted) exactly when they reached the server, so that a target
// that counts requests sees http_reqs + http_reqs_interrupted of them (issue 15, item 11). Real
// DemoTargets on 127.0.0.1 do the counting.
#include "core/http/curltransport.h"
#include "demo/demotarget.h"
#include "support/spin.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace throttle;

namespace {

// Polls (bounded) until `target` has counted `expected` requests for `path`; its count then.
qint64 settledCount(const DemoTarget &target, const QString &path, qint64 expected)
{
    QElapsedTimer wait;
    wait.start();
    while (target.requestCount(path) != expected && wait.elapsed() < 5000)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return target.requestCount(path);
}

} // namespace

class TstCurlInterrupted : public QObject {
    Q_OBJECT

private slots:
    // One VU's requests on a keep-alive connection, each cut by a cancel() from another thread
    // at a random moment: before perform() starts, while the transfer is being set up, while it
    // connects, after the request went out. The easy handle always carries the previous
    // transfer's counts, which libcurl resets only once the new transfer first runs: a cut that
    // lands before that must not report the previous request as sent again.
    void cutAtAnyMoment()
    {
        DemoTarget target;
        QVERIFY(target.start());
        CurlTransport t;
        HttpRequest req;
        req.url = target.baseUrl().toUtf8() + "/ok";
        QCOMPARE(t.perform(req).status, 200);   // the handle now holds a sent request's counts

        constexpr int kRounds = 4000;
        std::atomic<int> go{0}, done{0};
        std::atomic<qint64> delayNs{0};
        std::thread canceller([&] {
            for (int round = 1; round <= kRounds; ++round) {
                while (go.load(std::memory_order_acquire) < round)
                    std::this_thread::yield();
                spinFor(delayNs.load());
                t.cancel();
                done.store(round, std::memory_order_release);
            }
        });
        QRandomGenerator rng(11);
        int completed = 0, cutAfterSending = 0, cutBeforeSending = 0, cutBeforeSendingWithBytes = 0;
        for (int round = 1; round <= kRounds; ++round) {
            // Most cuts fall in the first microseconds of perform(), the rest anywhere in it.
            delayNs = round % 4 ? qint64(rng.bounded(15000)) : qint64(rng.bounded(400000));
            go.store(round, std::memory_order_release);
            const HttpResponse r = t.perform(req);
            while (done.load(std::memory_order_acquire) < round)
                std::this_thread::yield();
            t.clearCancel();
            if (!r.cancelled)
                ++completed;
            else if (r.requestSent)
                ++cutAfterSending;
            else
                ++cutBeforeSending;
            if (r.cancelled && !r.requestSent && r.bytesSent != 0)
                ++cutBeforeSendingWithBytes;
        }
        canceller.join();
        const qint64 sent = 1 + completed + cutAfterSending;
        QCOMPARE(cutBeforeSending + cutAfterSending + completed, kRounds);
        QCOMPARE(cutBeforeSendingWithBytes, 0);
        QVERIFY2(settledCount(target, QStringLiteral("/ok"), sent) == sent,
                 qPrintable(QStringLiteral("target %1, completed %2 (+1), cut after sending %3, cut before %4")
                                .arg(target.requestCount(QStringLiteral("/ok")))
                                .arg(completed)
                                .arg(cutAfterSending)
                                .arg(cutBeforeSending)));
        target.stop();
    }

    // http.batch: a slot's follow-up hop (a redirect, say) that waits for a place when the batch
    // is cut never went out, although the slot's previous hop did (and was reported).
    void batchFollowUpNeverStarted()
    {
        DemoTarget a, b;
        QVERIFY(a.start());
        QVERIFY(b.start());
        CurlTransport t;
        std::vector<HttpRequest> reqs(2);
        reqs[0].url = a.baseUrl().toUtf8() + "/ok";
        reqs[1].url = b.baseUrl().toUtf8() + "/hang";   // holds b's only place
        std::atomic<bool> firstHopDone{false};
        std::thread canceller([&] {
            QElapsedTimer wait;
            wait.start();
            while ((!firstHopDone.load() || b.requestCount(QStringLiteral("/hang")) < 1) && wait.elapsed() < 5000)
                std::this_thread::yield();
            t.cancel();
        });
        std::vector<HttpResponse> last(2);
        std::vector<int> hops(2, 0);
        t.performBatch(reqs, BatchLimits{0, 1, {}}, [&](int slot, HttpResponse &r, HttpRequest *next) {
            ++hops[size_t(slot)];
            last[size_t(slot)] = r;
            if (slot == 0 && hops[0] == 1 && r.status == 200) {
                next->url = b.baseUrl().toUtf8() + "/ok";   // waits: b allows one at a time
                firstHopDone = true;
                return true;
            }
            return false;
        });
        canceller.join();
        QCOMPARE(hops[0], 2);
        QVERIFY(last[0].cancelled);
        QVERIFY(!last[0].requestSent);
        QCOMPARE(last[0].bytesSent, 0);
        QCOMPARE(hops[1], 1);
        QVERIFY(last[1].cancelled);
        QVERIFY(last[1].requestSent);
        QCOMPARE(a.requestCount(QStringLiteral("/ok")), 1);
        QCOMPARE(b.requestCount(QStringLiteral("/ok")), 0);
        a.stop();
        b.stop();
    }
};

QTEST_GUILESS_MAIN(TstCurlInterrupted)
#include "tst_curlinterrupted.moc"
