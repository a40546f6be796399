// The real `throttle` binary under signals and hostile scripts (issue 15: items 3, 7, 9, 12), in a
// child process so that its exit code and its death are observable: SIGINT in a VU's init code,
// in endless init code and while a pause waits for a busy iteration exits 105 (never 130 or a hang), SIGTERM is reported as k6 names it, a stop after
// a normal end keeps exit code 0 (--linger), and a script that exhausts memory ends with a clear
// message and exit code 107, never SIGSEGV.
#include <QDeadlineTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(THROTTLE_FIXTURES "/scripts/") + name;
}

struct Child {
    QProcess process;
    QByteArray err;

    void start(const QStringList &args, const std::function<void()> &modifier = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("K6_ADDRESS"), QString());
        process.setProcessEnvironment(env);
        if (modifier)
            process.setChildProcessModifier(modifier);
        process.start(QStringLiteral(THROTTLE_BIN), args);
        QVERIFY(process.waitForStarted());
    }
    // Reads stderr until it contains `text` or the deadline passes.
    bool waitForErr(const QByteArray &text, int ms = 30000)
    {
        QDeadlineTimer deadline(ms);
        while (!err.contains(text) && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(50);
            err += process.readAllStandardError();
        }
        err += process.readAllStandardError();
        return err.contains(text);
    }
    void signal(int sig) { ::kill(pid_t(process.processId()), sig); }
    // Exit code within the deadline (liveness bound); -1 if still running, -2 if it crashed.
    int finish(int ms = 20000)
    {
        if (!process.waitForFinished(ms)) {
            process.kill();
            process.waitForFinished();
            return -1;
        }
        err += process.readAllStandardError();
        return process.exitStatus() == QProcess::CrashExit ? -2 : process.exitCode();
    }
};

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

} // namespace

class TstRunSignals : public QObject {
    Q_OBJECT

private slots:
    void sigintInVuInitCode()
    {
        Child c;
        c.start({"run", "--address=", fixture(QStringLiteral("vuinit_busy.js"))});
        QVERIFY(c.waitForErr("vu init"));
        c.signal(SIGINT);
        QCOMPARE(c.finish(), 105);
        QVERIFY2(c.err.contains("test run was aborted because k6 received a 'interrupt' signal"), c.err.constData());
    }

    void sigintInEndlessInitCode()
    {
        Child c;
        c.start({"run", "--address=", fixture(QStringLiteral("init_endless.js"))});
        QVERIFY(c.waitForErr("init started"));
        c.signal(SIGINT);
        QCOMPARE(c.finish(), 105);
        QVERIFY2(c.err.contains("test run was aborted because k6 received a 'interrupt' signal"), c.err.constData());
    }

    void sigtermIsReportedAsTerminated()
    {
        Child c;
        c.start({"run", "--address=", "-e", "DURATION=60s", fixture(QStringLiteral("short.js"))});
        QVERIFY(c.waitForErr("running ("));   // the progress line: the run is under way
        c.signal(SIGTERM);
        QCOMPARE(c.finish(), 105);
        QVERIFY2(c.err.contains("test run was aborted because k6 received a 'terminated' signal"), c.err.constData());
    }

    void sigintWhileAPauseWaitsForABusyIteration()
    {
        // The pause waits for the busy iteration (60 s); the first SIGINT must end the run anyway.
        const quint16 port = freePort();
        Child c;
        c.start({"run", "-a", QStringLiteral("127.0.0.1:%1").arg(port), fixture(QStringLiteral("extbusy.js"))});
        QVERIFY(c.waitForErr("busy iteration"));
        QNetworkAccessManager nam;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/v1/status").arg(port));
        QNetworkReply *pause = nam.sendCustomRequest(QNetworkRequest(url), "PATCH", QByteArray(R"({"data":{"attributes":{"paused":true}}})"));
        bool paused = false;
        QDeadlineTimer deadline(30000);
        while (!paused && !deadline.hasExpired()) {
            QNetworkReply *r = nam.get(QNetworkRequest(url));
            QTRY_VERIFY(r->isFinished());
            paused = r->readAll().contains("\"paused\":true");
            r->deleteLater();
        }
        QVERIFY(paused);
        QVERIFY(!pause->isFinished());   // still waiting for the iteration
        c.signal(SIGINT);
        QCOMPARE(c.finish(5000), 105);   // liveness bound: the busy iteration is cut
        QVERIFY2(c.err.contains("test run was aborted because k6 received a 'interrupt' signal"), c.err.constData());
        pause->deleteLater();
    }

    void stopAfterANormalEndKeepsExitCode0()
    {
        const quint16 port = freePort();
        Child c;
        c.start({"run", "--linger", "-a", QStringLiteral("127.0.0.1:%1").arg(port), fixture(QStringLiteral("short.js"))});
        // Wait for the end: the status says 9 (Ended), the API lingers.
        QNetworkAccessManager nam;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/v1/status").arg(port));
        QDeadlineTimer deadline(30000);
        bool ended = false;
        while (!ended && !deadline.hasExpired()) {
            QNetworkReply *r = nam.get(QNetworkRequest(url));
            QTRY_VERIFY(r->isFinished());
            ended = r->readAll().contains("\"status\":9");
            r->deleteLater();
        }
        QVERIFY(ended);
        QNetworkRequest patch(url);
        QNetworkReply *r = nam.sendCustomRequest(patch, "PATCH", QByteArray(R"({"data":{"attributes":{"stopped":true}}})"));
        QTRY_VERIFY(r->isFinished());
        QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(r->readAll().contains("\"stopped\":false"));
        c.signal(SIGINT);   // ends the linger
        QCOMPARE(c.finish(), 0);
    }

    void heapExhaustionEndsTheRunWith107()
    {
        // An address space limit makes the engine's allocations fail early (as a container's
        // memory limit would); without the guard the process died of SIGSEGV.
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer maps terabytes of shadow memory at start: no RLIMIT_AS can apply");
#endif
        Child c;
        c.start({"run", "--address=", fixture(QStringLiteral("oom_heap.js"))}, [] {
            rlimit rl{rlim_t(3) << 30, rlim_t(3) << 30};
            ::setrlimit(RLIMIT_AS, &rl);
        });
        QCOMPARE(c.finish(120000), 107);
        QVERIFY2(c.err.contains("the test run was aborted: Throttle's address space is"), c.err.constData());
        QVERIFY(c.err.contains("RLIMIT_AS"));
    }

    void maxMemoryStopsARunawayString()
    {
        // Qt 6.4 cannot report a string past 2^30 characters (its length overflows); a memory
        // limit stops the doubling long before.
        Child c;
        c.start({"run", "--address=", "--max-memory", "400MiB", fixture(QStringLiteral("oom_string.js"))});
        QCOMPARE(c.finish(120000), 107);
        QVERIFY2(c.err.contains("its limit is 400.0 MiB (--max-memory)"), c.err.constData());
        QVERIFY(!c.err.contains("length 0"));
    }
};

QTEST_GUILESS_MAIN(TstRunSignals)
#include "tst_runsignals.moc"
