// MemoryGuard (issue 15, item 7): Qt 6.4's script engine dies of SIGSEGV when an allocation fails,
// so a run whose script exhausts memory must be ended while memory is left. Every limit row with
// its message, the size parser, and a real run of a heap-filling script that ends with exit code
// 107 and the message instead of a crash.
#include "core/exec/memoryguard.h"
#include "core/exec/preparedrun.h"
#include "core/exec/vucapacity.h"
#include "support/testlog.h"

#include <QtTest>

using namespace throttle;

class TstMemoryGuard : public QObject {
    Q_OBJECT

private slots:
    void limits_data()
    {
        QTest::addColumn<qint64>("rss");
        QTest::addColumn<qint64>("vmSize");
        QTest::addColumn<qint64>("available");
        QTest::addColumn<qint64>("cgroupMax");
        QTest::addColumn<qint64>("addressLimit");
        QTest::addColumn<qint64>("maxBytes");
        QTest::addColumn<QString>("message");
        const qint64 M = qint64(1) << 20;
        const QString hint = QStringLiteral("; does the script keep ever more data? (a limit: --max-memory or THROTTLE_MAX_MEMORY)");
        QTest::newRow("plenty") << 200 * M << 2000 * M << 8000 * M << qint64(-1) << qint64(-1) << qint64(0) << QString();
        QTest::newRow("configured") << 600 * M << 2000 * M << 8000 * M << qint64(-1) << qint64(-1) << 512 * M
            << "the test run was aborted: Throttle uses 600.0 MiB of memory, its limit is 512.0 MiB (--max-memory)" + hint;
        QTest::newRow("machine nearly out") << 1000 * M << 2000 * M << 100 * M << qint64(-1) << qint64(-1) << qint64(0)
            << "the test run was aborted: Throttle uses 1000.0 MiB of memory and the machine has only 100.0 MiB left (MemAvailable)" + hint;
        QTest::newRow("cgroup") << 950 * M << 2000 * M << 8000 * M << 1024 * M << qint64(-1) << qint64(0)
            << "the test run was aborted: Throttle uses 950.0 MiB of memory, 90 % of its cgroup's memory.max (1.0 GiB)" + hint;
        QTest::newRow("address space") << 500 * M << 2900 * M << 8000 * M << qint64(-1) << 3072 * M << qint64(0)
            << "the test run was aborted: Throttle's address space is 2.8 GiB, 90 % of its limit (RLIMIT_AS 3.0 GiB, ulimit -v)" + hint;
        QTest::newRow("below every limit") << 900 * M << 2700 * M << 1000 * M << 2048 * M << 4096 * M << 1024 * M << QString();
    }
    void limits()
    {
        QFETCH(qint64, rss);
        QFETCH(qint64, vmSize);
        QFETCH(qint64, available);
        QFETCH(qint64, cgroupMax);
        QFETCH(qint64, addressLimit);
        QFETCH(qint64, maxBytes);
        QFETCH(QString, message);
        MemoryGuard::Reading r;
        r.rss = rss;
        r.vmSize = vmSize;
        r.available = available;
        r.cgroupMax = cgroupMax;
        r.addressLimit = addressLimit;
        QCOMPARE(MemoryGuard::exceeded(r, maxBytes), message);
    }

    void parseBytes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");   // -1: refused
        QTest::newRow("plain") << "1000000" << qint64(1000000);
        QTest::newRow("GiB") << "4GiB" << (qint64(4) << 30);
        QTest::newRow("MB") << "512MB" << qint64(512) * 1000 * 1000;
        QTest::newRow("g, fraction") << "1.5g" << (qint64(3) << 29);
        QTest::newRow("spaces, case") << " 256 MiB " << (qint64(256) << 20);
        QTest::newRow("garbage") << "lots" << qint64(-1);
        QTest::newRow("negative") << "-1GiB" << qint64(-1);
    }
    void parseBytes()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        QCOMPARE(MemoryGuard::parseBytes(text).value_or(-1), bytes);
    }

    void heapFillingScriptEndsTheRunWith107()
    {
        TestLog log;
        RunRequest req;
        req.scriptPath = fixture(QStringLiteral("oom_heap.js"));
        req.maxMemoryBytes = VuCapacity::residentBytes() + (qint64(300) << 20);
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &log, &code, &error);
        QVERIFY2(p, qPrintable(error));
        p->run().start();
        p->run().waitFinished();
        QCOMPARE(p->run().exitCode(), 107);
        QCOMPARE(p->run().status().status, int(ExecStatus::Interrupted));
        QVERIFY(log.contains(QStringLiteral("the test run was aborted: Throttle uses")));
        QVERIFY(log.contains(QStringLiteral("(--max-memory)")));
    }
};

QTEST_GUILESS_MAIN(TstMemoryGuard)
#include "tst_memoryguard.moc"
