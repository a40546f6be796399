// Lowering vus-max gives back what the removed VUs held (issue 15, item 2): cycling vus-max up and
// down leaves the process's threads and descriptors where they were (each 40→50→40 cycle used to
// keep 10 VUs' threads, 30 descriptors and ~7 MiB).
#include "core/exec/preparedrun.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QDir>
#include <QtTest>

using namespace throttle;

namespace {
int threads() { return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size()); }
int descriptors() { return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size()); }
} // namespace

class TstVuLeak : public QObject {
    Q_OBJECT

    TestLog m_log;

private slots:
    void cyclingVusMaxLeaksNothing()
    {
        RunRequest req;
        req.scriptPath = fixture(QStringLiteral("extsleep.js"));
        req.env = {{QStringLiteral("VUS"), QStringLiteral("4")}, {QStringLiteral("MAX_VUS"), QStringLiteral("8")}};
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        QVERIFY2(p, qPrintable(error));
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 0));
        // One cycle first: the pool threads, curl's and the engine's first-use allocations exist.
        QVERIFY(run.scale(4, 18).ok());
        QVERIFY(run.scale(4, 8).ok());
        const int baseThreads = threads();
        const int baseFds = descriptors();
        for (int i = 0; i < 30; ++i) {
            QVERIFY(run.scale(10, 18).ok());   // 10 more VUs, 6 more of them active
            QCOMPARE(run.status().vusMax, 18);
            QVERIFY(run.scale(4, 8).ok());
            QCOMPARE(run.status().vusMax, 8);
        }
        // 30 cycles of 10 VUs would be 300 threads and ~900 descriptors if they leaked. Threads of
        // released VUs idle for VuPool::kIdleThreadExpiryMs before they end: poll with a deadline.
        QTRY_VERIFY2_WITH_TIMEOUT(threads() <= baseThreads + 12,
                                  qPrintable(QStringLiteral("%1 threads, %2 at the start").arg(threads()).arg(baseThreads)), 15000);
        QVERIFY2(descriptors() <= baseFds + 12, qPrintable(QStringLiteral("%1 fds, %2 at the start").arg(descriptors()).arg(baseFds)));
        QCOMPARE(run.status().vusMax, 8);
        QTRY_COMPARE(run.status().vus, 4);
        run.stop();
        run.waitFinished();
    }
};

QTEST_GUILESS_MAIN(TstVuLeak)
#include "tst_vuleak.moc"
