// A scale storm against the real REST server (issue 15, "make it stay fixed"): several client
// threads send thousands of random PATCHes — vus, vus-max, paused, stopped:false, valid and out of
// bounds — on keep-alive connections while the run is busy. Every request must be answered within
// 5 s (a liveness bound) with a status the spec allows; afterwards a known final state must be
// reported alike by GET /v1/status, by the `vus` gauge and by a target that counts requests
// (received = http_reqs + http_reqs_interrupted); then a stop from every thread at once ends it.
#include "apitestrun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace throttle;

namespace {

// One keep-alive connection, blocking, with a 5 s receive deadline per answer.
class Client {
public:
    explicit Client(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
        timeval tv{5, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~Client() { ::close(m_fd); }
    // Status code of the answer, 0 when none came within 5 s.
    int patch(const QByteArray &attrs, QByteArray *body = nullptr)
    {
        const QByteArray b = "{\"data\":{\"attributes\":" + attrs + "}}";
        const QByteArray req = "PATCH /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(b.size()) +
                               "\r\n\r\n" + b;
        if (!m_ok || ::send(m_fd, req.constData(), size_t(req.size()), MSG_NOSIGNAL) != req.size())
            return 0;
        qsizetype end;
        while ((end = m_buf.indexOf("\r\n\r\n")) < 0)
            if (!fill())
                return 0;
        const QByteArray head = m_buf.left(end);
        const int status = head.mid(9, 3).toInt();
        const qsizetype cl = head.toLower().indexOf("content-length: ");
        const qint64 length = cl < 0 ? 0 : head.mid(cl + 16, head.indexOf('\r', cl) - cl - 16).toLongLong();
        while (m_buf.size() < end + 4 + length)
            if (!fill())
                return 0;
        if (body)
            *body = m_buf.mid(end + 4, length);
        m_buf.remove(0, end + 4 + length);
        return status;
    }

private:
    bool fill()
    {
        char chunk[16384];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_buf.append(chunk, n);
        return true;
    }
    int m_fd = -1;
    bool m_ok = false;
    QByteArray m_buf;
};

QByteArray randomPatch(QRandomGenerator &rng)
{
    QList<QByteArray> parts;
    const int what = int(rng.bounded(10));
    if (what < 4)
        parts << "\"vus\":" + QByteArray::number(rng.bounded(-1, 13));
    if (what >= 2 && what < 6)
        parts << "\"vus-max\":" + QByteArray::number(rng.bounded(2, 13));
    if (what == 6 || what == 7)
        parts << QByteArray(rng.bounded(2) ? "\"paused\":true" : "\"paused\":false");
    if (what == 8)
        parts << "\"stopped\":false";   // a no-op, as k6's CLI sends in every PATCH
    if (what == 9)
        parts << "\"vus\":null,\"vus-max\":null,\"paused\":null";
    return '{' + parts.join(',') + '}';
}

} // namespace

class TstScaleStorm : public QObject {
    Q_OBJECT

private slots:
    void storm()
    {
        ApiTestRun t;
        QVERIFY2(t.prepare(QStringLiteral("ext.js"), {}, {{QStringLiteral("SLEEP"), QStringLiteral("0.005")}}), qPrintable(t.error()));
        t.demo().resetCounters();
        t.start();
        QVERIFY(t.waitStatus(int(ExecStatus::Running)));
        const quint16 port = t.port();
        constexpr int kThreads = 4;
        constexpr int kPerThread = 750;
        std::atomic<int> answered{0}, unanswered{0}, unexpected{0};   // ints below: written by one thread, read after it
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                QRandomGenerator rng(quint32(1234 + i));
                Client c(port);
                for (int k = 0; k < kPerThread; ++k) {
                    const int status = c.patch(randomPatch(rng));
                    if (status == 0) {
                        ++unanswered;
                        return;   // the connection is unusable now
                    }
                    // 200, or the spec's refusals: 400 Config update error, 500 Pause error.
                    if (status != 200 && status != 400 && status != 500)
                        ++unexpected;
                    ++answered;
                }
            });
        }
        QVERIFY(t.waitUntil([&] { return answered + unanswered >= kThreads * kPerThread || unanswered > 0; }, 600000));
        for (std::thread &th : threads)
            th.join();
        QCOMPARE(unanswered.load(), 0);
        QCOMPARE(unexpected.load(), 0);
        QCOMPARE(answered.load(), kThreads * kPerThread);

        // A known final state: running, 3 active of 6. (A client on another thread: this one
        // serves the API.)
        std::atomic<int> resumed{-1}, scaled{-1};
        std::thread final([&] {
            Client c(port);
            resumed = c.patch("{\"paused\":false}");
            scaled = c.patch("{\"vus-max\":6,\"vus\":3}");
        });
        QVERIFY(t.waitUntil([&] { return scaled >= 0; }, 20000));
        final.join();
        QVERIFY(resumed == 200 || resumed == 500);   // 500: it was not paused
        QCOMPARE(scaled, 200);
        const RunStatus s = t.run().status();
        QCOMPARE(s.vus, 3);
        QCOMPARE(s.vusMax, 6);
        QVERIFY(!s.paused);
        // The `vus` gauge is sampled once a second: its latest value follows.
        QVERIFY(t.waitUntil([&] {
            const MetricsSnapshot snap = t.metrics().snapshot();   // find() points into it
            const MetricSnapshot *g = snap.find(QStringLiteral("vus"));
            return g && g->aggregate.value() == 3;
        }));
        const qint64 before = t.demo().requestCount(QStringLiteral("/ok"));
        QVERIFY(t.waitUntil([&] { return t.demo().requestCount(QStringLiteral("/ok")) > before + 30; }));   // still running

        // The end: a stop from every thread at once; all answered, the run ends with 103.
        std::atomic<int> stopped{0};
        threads.clear();
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&] {
                Client c(port);
                stopped += c.patch("{\"stopped\":true}") == 200 ? 1 : 0;
            });
        QVERIFY(t.waitUntil([&] { return stopped.load() == kThreads; }, 10000));
        for (std::thread &th : threads)
            th.join();
        QVERIFY(t.waitFinished());
        QCOMPARE(t.run().exitCode(), 103);
        t.metrics().collect();
        const MetricsSnapshot snap = t.metrics().snapshot();
        const auto count = [&](const char *name) {
            const MetricSnapshot *m = snap.find(QString::fromLatin1(name));
            return m ? qint64(m->aggregate.count()) : 0;
        };
        // Every request that went out reached the target, completed or cut by a stop or a
        // scale-down, and the target saw no request the run does not count. The target may still
        // be reading the last requests the stop cut: wait for it to settle.
        const qint64 completed = count("http_reqs");
        const qint64 interrupted = count("http_reqs_interrupted");
        t.waitUntil([&] { return t.demo().requestCount(QStringLiteral("/ok")) == completed + interrupted; }, 5000);
        const qint64 target = t.demo().requestCount(QStringLiteral("/ok"));
        qInfo("completed %lld, interrupted %lld, target %lld", completed, interrupted, target);
        QCOMPARE(target, completed + interrupted);
    }
};

QTEST_GUILESS_MAIN(TstScaleStorm)
#include "tst_scalestorm.moc"
