// Requests cut by a scale-down, a stop or the end of a scenario are counted (issue 15, item 11):
// what a counting target received = http_reqs + http_reqs_interrupted.
#include "core/exec/preparedrun.h"
#include "demo/demotarget.h"
#include "support/runwait.h"
#include "support/testlog.h"

#include <QtTest>

using namespace throttle;

class TstInterruptedRequests : public QObject {
    Q_OBJECT

    DemoTarget m_target;
    TestLog m_log;

    static qint64 count(const MetricsSnapshot &s, const char *name)
    {
        const MetricSnapshot *m = s.find(QString::fromLatin1(name));
        return m ? qint64(m->aggregate.count()) : 0;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void sentEqualsCompletedPlusInterrupted_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("scale-down, then the end of the duration") << "scale";
        QTest::newRow("stop") << "stop";
    }
    void sentEqualsCompletedPlusInterrupted()
    {
        QFETCH(QString, how);
        m_target.resetCounters();
        RunRequest req;
        req.scriptPath = fixture(QStringLiteral("ext.js"));
        req.env = {{QStringLiteral("BASE_URL"), m_target.baseUrl()},
                   {QStringLiteral("DELAY_MS"), QStringLiteral("250")},
                   {QStringLiteral("DURATION"), QStringLiteral("3s")}};
        int code = 0;
        QString error;
        auto p = PreparedRun::prepare(req, &m_log, &code, &error);
        QVERIFY2(p, qPrintable(error));
        LocalRun &run = p->run();
        run.start();
        QVERIFY(waitRunClock(run, 300));
        if (how == QLatin1String("scale")) {
            for (int i = 0; i < 4; ++i) {
                QVERIFY(run.scale(4, std::nullopt).ok());
                QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 150));
                QVERIFY(run.scale(1, std::nullopt).ok());   // cuts three requests in flight
            }
        } else {
            QVERIFY(run.scale(4, std::nullopt).ok());
            QVERIFY(waitRunClock(run, run.clock().elapsedMs() + 400));
            QVERIFY(run.stop().ok());
        }
        run.waitFinished();
        p->metrics().collect();
        const MetricsSnapshot s = p->metrics().snapshot();
        const qint64 completed = count(s, "http_reqs");
        const qint64 interrupted = count(s, "http_reqs_interrupted");
        QVERIFY2(interrupted > 0, qPrintable(QStringLiteral("%1 completed").arg(completed)));
        // The target may still be reading the last requests that were cut: let it settle.
        QTRY_COMPARE_WITH_TIMEOUT(m_target.requestCount(QStringLiteral("/delay")), completed + interrupted, 5000);
    }
};

QTEST_GUILESS_MAIN(TstInterruptedRequests)
#include "tst_interruptedrequests.moc"
