// k6 v1's end-of-test summary, compared with k6 itself: every script of tests/e2e/summary runs
// through `throttle run` in each summary mode against the demo target, and its summary must
// equal, character for character after masking the numbers that depend on timing
// (summarymask.h), the file in tests/e2e/summary/expected/. Those files are NOT written by
// Throttle: tests/e2e/summary/compare.sh --update captured them from the reference k6 v1.3.0
// running the same scripts (k6 is not part of CI). Rerun it after changing a script.
#include "cli/cli.h"
#include "demo/demotarget.h"
#include "summarymask.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

using namespace throttle;

class TstSummaryK6 : public QObject
{
    Q_OBJECT

    DemoTarget m_target;

    static QString corpus(const QString &name) { return QStringLiteral(THROTTLE_SUMMARY_CORPUS "/") + name; }

    // Throttle prints its banner even with -q (k6 -q does not): drop it, from the blank line
    // before "execution: local" to the blank line that ends the scenario descriptions.
    static QString withoutBanner(const QString &out)
    {
        const qsizetype start = out.indexOf(QStringLiteral("\n  execution: "));
        const qsizetype scenarios = out.indexOf(QStringLiteral("\n  scenarios: "));
        const qsizetype end = scenarios < 0 ? -1 : out.indexOf(QStringLiteral("\n\n"), scenarios);
        return start < 0 || end < 0 ? out : out.left(start) + out.mid(end + 2);
    }

    // The first line where the two differ, for the failure message.
    static QString firstDifference(const QString &got, const QString &want)
    {
        const QStringList g = got.split(QLatin1Char('\n')), w = want.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < std::max(g.size(), w.size()); ++i)
            if (g.value(i) != w.value(i))
                return QStringLiteral("line %1:\n  throttle: [%2]\n  k6:       [%3]").arg(i + 1).arg(g.value(i), w.value(i));
        return QString();
    }

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void matchesK6_data()
    {
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("args");
        for (const char *script : {"checks_metrics", "http_scenarios", "trend_stats"})
            for (const char *mode : {"compact", "full", "legacy"})
                QTest::addRow("%s.%s", script, mode)
                    << QStringLiteral("%1.%2").arg(script, mode)
                    << QStringList{QStringLiteral("--summary-mode=") + mode, corpus(script + QStringLiteral(".js"))};
        // exec.test.abort() in an iteration: k6 counts the aborting iteration.
        QTest::addRow("abort") << QStringLiteral("abort.compact")
                               << QStringList{QStringLiteral("--summary-mode=compact"), corpus(QStringLiteral("abort.js"))};
        QTest::addRow("no-summary") << QStringLiteral("checks_metrics.no-summary")
                                    << QStringList{QStringLiteral("--no-summary"), corpus(QStringLiteral("checks_metrics.js"))};
        QTest::addRow("trend flags") << QStringLiteral("checks_metrics.trend-flags")
                                     << QStringList{QStringLiteral("--summary-trend-stats=avg,p(99),count"),
                                                    QStringLiteral("--summary-time-unit=s"),
                                                    corpus(QStringLiteral("checks_metrics.js"))};
    }

    void matchesK6()
    {
        QFETCH(QString, expected);
        QFETCH(QStringList, args);
        QFile file(corpus(QStringLiteral("expected/") + expected + QStringLiteral(".txt")));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QString want = QString::fromUtf8(file.readAll());
        QString out, err;
        QTextStream o(&out), e(&err);
        runCli(QStringList{QStringLiteral("run"), QStringLiteral("-q"), QStringLiteral("--address="),
                           QStringLiteral("-e"), QStringLiteral("BASE_URL=") + m_target.baseUrl()} + args, o, e);
        o.flush();
        const QString got = summarymask::maskSummary(withoutBanner(out));
        QVERIFY2(got == want, qPrintable(firstDifference(got, want) + QStringLiteral("\n--- stderr:\n") + err.left(2000)));
    }

    // On a terminal k6 colours the summary and ends every line with ESC[0K: stdout (fd 1) is
    // pointed at a pseudo-terminal for the run, so `throttle run` sees a TTY as it would there.
    void colouredOnATerminal()
    {
        QFile file(corpus(QStringLiteral("expected/checks_metrics.full.tty.txt")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const int master = posix_openpt(O_RDWR | O_NOCTTY);
        QVERIFY(master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0);
        const int slave = ::open(ptsname(master), O_RDWR | O_NOCTTY);
        QVERIFY(slave >= 0);
        fflush(stdout);
        const int saved = dup(STDOUT_FILENO);
        dup2(slave, STDOUT_FILENO);
        const QByteArray noColor = qgetenv("NO_COLOR");
        qunsetenv("NO_COLOR");
        QString out, err;
        QTextStream o(&out), e(&err);
        runCli({QStringLiteral("run"), QStringLiteral("-q"), QStringLiteral("--address="), QStringLiteral("-e"),
                QStringLiteral("BASE_URL=") + m_target.baseUrl(), QStringLiteral("--summary-mode=full"),
                corpus(QStringLiteral("checks_metrics.js"))}, o, e);
        o.flush();
        dup2(saved, STDOUT_FILENO);
        ::close(saved);
        ::close(slave);
        ::close(master);
        if (!noColor.isNull())
            qputenv("NO_COLOR", noColor);
        const QString got = summarymask::maskSummary(withoutBanner(out));
        const QString want = QString::fromUtf8(file.readAll());
        QVERIFY2(got == want, qPrintable(firstDifference(got, want)));
    }

    // k6 v1.3 samples vus/vus_max once a second and not at the start: a run of a few
    // milliseconds has neither (the masking drops their rows, so this checks it directly).
    void noVusSamplesInAShortRun()
    {
        QString out, err;
        QTextStream o(&out), e(&err);
        runCli({QStringLiteral("run"), QStringLiteral("-q"), QStringLiteral("--address="),
                corpus(QStringLiteral("abort.js"))}, o, e);
        o.flush();
        QVERIFY2(out.contains(QStringLiteral("iterations...")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("vus")), qPrintable(out));
    }

    // The masking itself: timing numbers go, counts and fixed values stay.
    void maskKeepsWhatIsDeterministic()
    {
        const QString in = QStringLiteral(
            "    http_req_duration..............: avg=5.32ms   min=897.73µs med=1.69ms\n"
            "      { expected_response:true }...: avg=5.32ms   min=897.73µs\n"
            "    http_req_failed................: 0.00%  0 out of 10\n"
            "    http_reqs......................: 10     155.431114/s\n"
            "    my_trend.......................: avg=5.5      p(90)=9.1\n"
            "    data_received..................: 5.2 kB 81 kB/s\n"
            "\n"
            "    http_req_duration\n"
            "    ✓ 'p(95)<5000' p(95)=15.23ms\n"
            "      {status:200}\n"
            "      ✗ 'max<1' max=2s\n"
            "    my_trend\n"
            "    ✓ 'p(90)<100' p(90)=9.1");
        const QString want = QStringLiteral(
            "    http_req_duration..............: avg=<n> min=<n> med=<n>\n"
            "      { expected_response:true }...: avg=<n> min=<n>\n"
            "    http_req_failed................: 0.00% 0 out of 10\n"
            "    http_reqs......................: 10 <rate>/s\n"
            "    my_trend.......................: avg=5.5 p(90)=9.1\n"
            "    data_received..................: <n> <rate>/s\n"
            "\n"
            "    http_req_duration\n"
            "    ✓ 'p(95)<5000' p(95)=<n>\n"
            "      {status:200}\n"
            "      ✗ 'max<1' max=<n>\n"
            "    my_trend\n"
            "    ✓ 'p(90)<100' p(90)=9.1");
        QCOMPARE(summarymask::maskSummary(in), want);
    }
};

QTEST_GUILESS_MAIN(TstSummaryK6)
#include "tst_summaryk6.moc"
