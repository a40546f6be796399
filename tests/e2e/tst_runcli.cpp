// `throttle run` end to end, in-process: the numbers it reports must match what the target saw,
// and its exit codes must be k6's (script-api.md §12).
#include "cli/cli.h"
#include "demo/demotarget.h"
#include "support/fixtureroutes.h"
#include "support/testlog.h"

#include <QRegularExpression>
#include <QtTest>

using namespace throttle;

class TstRunCli : public QObject {
    Q_OBJECT

    DemoTarget m_target;

    int run(const QStringList &args, QString *out, QString *err)
    {
        QTextStream o(out), e(err);
        // No REST server: suites run in parallel and would race for localhost:6565.
        QStringList withArgs = args;
        if (withArgs.value(0) == QLatin1String("run"))
            withArgs.insert(1, QStringLiteral("--address="));
        const int code = runCli(withArgs, o, e);
        o.flush();
        e.flush();
        return code;
    }
    static qint64 summaryCount(const QString &summary, const QString &metric)
    {
        const QRegularExpression re(QStringLiteral("\\n\\s+[✓✗ ]*%1\\.*: (\\d+)").arg(QRegularExpression::escape(metric)));
        const auto m = re.match(summary);
        return m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void reportedRequestsEqualRequestsReceived()
    {
        m_target.resetCounters();
        QString out, err;
        const int code = run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("constant.js")}, &out, &err);
        QCOMPARE(code, 0);
        const qint64 reported = summaryCount(out, QStringLiteral("http_reqs"));
        QVERIFY2(reported > 0, qPrintable(out));
        QCOMPARE(reported, m_target.requestCount(QStringLiteral("/ok")));
        QCOMPARE(summaryCount(out, QStringLiteral("iterations")), reported);
        QVERIFY(out.contains(QStringLiteral("3 looping VUs for 2s")));
    }

    void flagsOverrideScriptOptions()
    {
        m_target.resetCounters();
        QString out, err;
        const int code = run({"run", "-q", "-i", "7", "-u", "2", "-e", "BASE_URL=" + m_target.baseUrl(),
                              fixture("constant.js")}, &out, &err);
        QCOMPARE(code, 0);
        QCOMPARE(summaryCount(out, QStringLiteral("http_reqs")), 7);
        QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), 7);
    }

    void exitCodes_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax error -> 107") << "syntaxerror.js" << 107 << "syntaxerror.js";
        QTest::newRow("exception in init -> 107") << "initthrow.js" << 107 << "init failed";
        QTest::newRow("failed thresholds -> 99") << "thresholdfail.js" << 99
                                                 << "thresholds on metrics 'http_req_duration' have been crossed";
        QTest::newRow("invalid scenario -> 104") << "badconfig.js" << 104 << "the number of VUs must be more than 0";
        QTest::newRow("no exported function -> 255") << "noexports.js" << 255 << "no exported functions in script";
    }
    void exitCodes()
    {
        QFETCH(QString, script);
        QFETCH(int, code);
        QFETCH(QString, message);
        QString out, err;
        QCOMPARE(run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture(script)}, &out, &err), code);
        QVERIFY2(err.contains(message), qPrintable(err));
    }

    // k6/http P2 features (cookies, digest, compression, batch) in one k6 script: the counts
    // reported match what the fixture server received, checks and thresholds pass.
    void httpP2CompatScript()
    {
        FixtureServer server(fixtureRoute);
        QString out, err;
        const int code = run({"run", "-q", "-e", "BASE_URL=" + server.baseUrl(), fixture("compat_http_p2.js")}, &out, &err);
        QVERIFY2(code == 0, qPrintable(out + err));
        QCOMPARE(summaryCount(out, QStringLiteral("http_reqs")), 36);
        QCOMPARE(summaryCount(out, QStringLiteral("iterations")), 4);
        QCOMPARE(int(server.requests().size()), 36);
        QCOMPARE(server.requestCount("/digest"), 8);
        QCOMPARE(server.requestCount("/slow"), 12);
        QVERIFY2(server.maxConcurrent() <= 2 * 2, qPrintable(QString::number(server.maxConcurrent())));   // 2 VUs x batchPerHost 2
    }

    void thresholdMarksInSummary()
    {
        QString out, err;
        run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("thresholdfail.js")}, &out, &err);
        QVERIFY2(out.contains(QStringLiteral("✗ http_req_duration")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✓ http_reqs")), qPrintable(out));
    }
};

QTEST_MAIN(TstRunCli)
#include "tst_runcli.moc"
