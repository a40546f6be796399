// VuCapacity and the vus-max raise it guards (issue 15, item 1): every limit row with the exact
// message, the refusal of absurd values before anything starts (no int truncation anywhere), a
// status that stays consistent whatever the input, and a real RLIMIT_NOFILE limit end to end.
#include "core/exec/preparedrun.h"
#include "core/exec/vucapacity.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QDir>
#include <QtTest>

#include <sys/resource.h>

using namespace throttle;

class TstVuCapacity : public QObject {
    Q_OBJECT

    TestLog m_log;

    std::unique_ptr<PreparedRun> prepare(const QString &script, QMap<QString, QString> env = {}, std::optional<qint64> ceiling = {})
    {
        RunRequest req;
        req.scriptPath = fixture(script);
        req.env = env;
        req.maxVusCeiling = ceiling;
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        if (!p)
            qWarning() << "prepare failed" << code << error;
        return p;
    }
    static void checkConsistent(LocalRun &run, qint64 vusMax)
    {
        const RunStatus s = run.status();
        QCOMPARE(s.vusMax, vusMax);
        QCOMPARE(s.scenarios.value(0).vusMax, vusMax);   // the run's and the scenario's agree
    }

private slots:
    void limits_data()
    {
        QTest::addColumn<qint64>("ceiling");
        QTest::addColumn<qint64>("current");
        QTest::addColumn<qint64>("more");
        QTest::addColumn<qint64>("fdLimit");
        QTest::addColumn<qint64>("fdsOpen");
        QTest::addColumn<qint64>("threadsLeft");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<QString>("refusal");
        const qint64 U = MachineLimits::kUnlimited;
        const qint64 GiB = qint64(1) << 30;
        QTest::newRow("fits") << qint64(50000) << qint64(10) << qint64(90) << qint64(20000) << qint64(100) << qint64(30000) << 8 * GiB << QString();
        QTest::newRow("nothing to add") << qint64(5) << qint64(10) << qint64(0) << qint64(10) << qint64(100) << qint64(0) << qint64(0) << QString();
        QTest::newRow("ceiling") << qint64(50000) << qint64(5) << qint64(999999995) << U << qint64(0) << U << U
            << "the new number of max VUs (N) exceeds the limit of 50000 VUs (set it with --max-vus-ceiling or THROTTLE_MAX_VUS)";
        QTest::newRow("ceiling: int64 sized") << qint64(50000) << qint64(5) << qint64(9223372036854775000) << U << qint64(0) << U << U
            << "the new number of max VUs (N) exceeds the limit of 50000 VUs (set it with --max-vus-ceiling or THROTTLE_MAX_VUS)";
        QTest::newRow("no ceiling: open files") << qint64(0) << qint64(5) << qint64(1000) << qint64(1024) << qint64(80) << U << U
            << "the new number of max VUs (N) needs 1000 more VUs, but the open file limit allows 220 more (RLIMIT_NOFILE 1024, 80 open, 4 per VU; raise it with ulimit -n)";
        QTest::newRow("threads") << qint64(0) << qint64(5) << qint64(1000) << U << qint64(0) << qint64(532) << U
            << "the new number of max VUs (N) needs 1000 more VUs, but the thread limit allows 500 more (threads-max, one thread per VU)";
        QTest::newRow("memory") << qint64(0) << qint64(5) << qint64(1000) << U << qint64(0) << U << qint64(500) * 1024 * 1024
            << "the new number of max VUs (N) needs 1000 more VUs, but the available memory allows 450 more (MemAvailable 500.0 MiB, 1.0 MiB per VU)";
        QTest::newRow("open files before threads") << qint64(0) << qint64(0) << qint64(1000) << qint64(100) << qint64(10) << qint64(0) << qint64(0)
            << "the new number of max VUs (N) needs 1000 more VUs, but the open file limit allows 6 more (RLIMIT_NOFILE 100, 10 open, 4 per VU; raise it with ulimit -n)";
    }
    void limits()
    {
        QFETCH(qint64, ceiling);
        QFETCH(qint64, current);
        QFETCH(qint64, more);
        QFETCH(qint64, fdLimit);
        QFETCH(qint64, fdsOpen);
        QFETCH(qint64, threadsLeft);
        QFETCH(qint64, memory);
        QFETCH(QString, refusal);
        MachineLimits m;
        m.openFilesLimit = fdLimit;
        m.openFiles = fdsOpen;
        m.threadsLeft = threadsLeft;
        m.threadLimitName = "threads-max";
        m.memoryAvailable = memory;
        m.memoryLimitName = "MemAvailable";
        const VuCapacity cap(ceiling);
        QCOMPARE(cap.refusal(current, more, QStringLiteral("the new number of max VUs (N)"), m), refusal);
    }

    void perVuCostIsMeasured()
    {
        VuCapacity cap;
        QCOMPARE(cap.bytesPerVu(), VuCapacity::kDefaultBytesPerVu);
        cap.noteBatch(4, 100 * 1024 * 1024);   // too small a batch to say anything
        QCOMPARE(cap.bytesPerVu(), VuCapacity::kDefaultBytesPerVu);
        cap.noteBatch(20, 20 * 700 * 1024);
        QCOMPARE(cap.bytesPerVu(), qint64(700 * 1024));
        cap.noteBatch(20, 20 * 1024);          // never below the floor
        QCOMPARE(cap.bytesPerVu(), VuCapacity::kMinBytesPerVu);
    }

    void machineLimitsAreRead()
    {
        const MachineLimits m = MachineLimits::read();
        rlimit rl{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &rl) == 0);
        if (rl.rlim_cur != RLIM_INFINITY)
            QCOMPARE(m.openFilesLimit, qint64(rl.rlim_cur));
        QVERIFY(m.openFiles > 2);
        QVERIFY(m.threadsLeft > 0);
        QVERIFY(m.memoryAvailable > 0);
    }

    // The PATCH of issue 15: 10^9, and values past 2^31 that an int cast used to truncate. Refused
    // before anything starts, with the limit named; nothing changes.
    void absurdVusMaxIsRefused_data()
    {
        QTest::addColumn<qint64>("vusMax");
        QTest::newRow("1e9") << qint64(1000000000);
        QTest::newRow("2^31 + 5 (was truncated to 5)") << (qint64(1) << 31) + 5;
        QTest::newRow("2^32 + 6") << (qint64(1) << 32) + 6;
        QTest::newRow("int64 max") << std::numeric_limits<qint64>::max();
    }
    void absurdVusMaxIsRefused()
    {
        QFETCH(qint64, vusMax);
        auto p = prepare(QStringLiteral("extsleep.js"));
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QTRY_COMPARE(run.status().vus, 2);
        const int threadsBefore = QDir(QStringLiteral("/proc/self/task")).count();
        const ControlError e = run.scale(std::nullopt, vusMax);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QCOMPARE(e.title, QStringLiteral("Config update error"));
        QCOMPARE(e.detail, QStringLiteral("the new number of max VUs (%1) exceeds the limit of 50000 VUs (set it with "
                                          "--max-vus-ceiling or THROTTLE_MAX_VUS)").arg(vusMax));
        QVERIFY(QDir(QStringLiteral("/proc/self/task")).count() <= threadsBefore + 2);
        checkConsistent(run, 4);
        QCOMPARE(run.status().vus, 2);
        QVERIFY(run.scale(3, 6).ok());   // still steerable
        QTRY_COMPARE(run.status().vus, 3);
        checkConsistent(run, 6);
        run.stop();
        run.waitFinished();
    }

    void ceilingIsConfigurable()
    {
        auto p = prepare(QStringLiteral("extsleep.js"), {{QStringLiteral("MAX_VUS"), QStringLiteral("4")}}, 5);
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        QVERIFY(run.scale(std::nullopt, 5).ok());
        const ControlError e = run.scale(std::nullopt, 6);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QCOMPARE(e.detail, QStringLiteral("the new number of max VUs (6) exceeds the limit of 5 VUs (set it with --max-vus-ceiling or THROTTLE_MAX_VUS)"));
        checkConsistent(run, 5);
        run.stop();
        run.waitFinished();
    }

    void ceilingFromEnvironment()
    {
        RunRequest req;
        req.scriptPath = fixture(QStringLiteral("extsleep.js"));
        req.systemEnv.insert(QStringLiteral("THROTTLE_MAX_VUS"), QStringLiteral("3"));
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        QVERIFY(p);
        p->run().start();
        p->run().waitFinished();
        QCOMPARE(p->run().exitCode(), 104);   // the script's 4 VUs exceed the ceiling of 3
        QVERIFY(m_log.contains(QStringLiteral("the test (4 VUs) exceeds the limit of 3 VUs")));
        req.systemEnv.insert(QStringLiteral("THROTTLE_MAX_VUS"), QStringLiteral("lots"));
        QVERIFY(!PreparedRun::prepare(req, &m_log, &code, &error));
        QCOMPARE(code, 255);
        QCOMPARE(error, QStringLiteral("invalid THROTTLE_MAX_VUS \"lots\": a VU count (0 = no ceiling) is expected"));
    }

    // A real limit: the soft RLIMIT_NOFILE lowered to what is open now plus a little.
    void openFileLimitIsHonoured()
    {
        auto p = prepare(QStringLiteral("extsleep.js"), {}, 0);
        QVERIFY(p);
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
        const qint64 open = MachineLimits::read().openFiles;
        rlimit low = saved;
        low.rlim_cur = rlim_t(open + VuCapacity::kReservedFds + 40);
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &low) == 0);
        const ControlError e = run.scale(std::nullopt, 500);
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
        QCOMPARE(e.kind, ControlError::Kind::InvalidChange);
        QVERIFY2(e.detail.startsWith(QStringLiteral("the new number of max VUs (500) needs 496 more VUs, but the open file limit allows ")),
                 qPrintable(e.detail));
        QVERIFY(e.detail.contains(QStringLiteral("RLIMIT_NOFILE %1").arg(low.rlim_cur)));
        checkConsistent(run, 4);
        run.stop();
        run.waitFinished();
    }
};

QTEST_GUILESS_MAIN(TstVuCapacity)
#include "tst_vucapacity.moc"
