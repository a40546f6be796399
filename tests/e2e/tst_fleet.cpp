// A fleet of real `throttle run` processes (issue 17 item 5), each one execution segment of one
// test as the k6-operator starts them, steered by the real `throttle` control commands with
// several addresses: status shows the fleet and each runner, scale -u N reaches N VUs in total
// (counted at the target as distinct VU ids), stats merges every runner's metrics exactly, a dead
// runner is reported without hiding the others, stop ends every runner with k6's exit code 103,
// and a name that resolves to several addresses (a headless Kubernetes Service) is a fleet.
#include "api/fleetclient.h"
#include "api/fleetrun.h"
#include "support/fixtureserver.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <thread>
#include <vector>

using namespace throttle;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(THROTTLE_FIXTURES "/scripts/") + name;
}

quint16 freePort(const QHostAddress &on = QHostAddress::LocalHost)
{
    QTcpServer s;
    s.listen(on, 0);
    return s.serverPort();
}

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

// One control command of the real binary, to its end.
Result runThrottle(const QStringList &args, const QString &program = QStringLiteral(THROTTLE_BIN))
{
    QProcess p;
    p.start(program, args);
    Result r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::CrashExit ? -2 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The target: answers every request and remembers which VU sent it and when.
struct VuCountingTarget {
    QElapsedTimer clock;
    QMutex mutex;
    std::vector<std::pair<qint64, QByteArray>> hits;   // (ms since start, X-VU)
    FixtureServer server{[this](const FixtureRequest &r) {
        QMutexLocker lock(&mutex);
        hits.emplace_back(clock.elapsed(), r.header("X-VU"));
        return FixtureReply{200, {}, "ok"};
    }};
    VuCountingTarget() { clock.start(); }
    qint64 now() const { return clock.elapsed(); }
    QSet<QByteArray> vusBetween(qint64 from, qint64 to)
    {
        QMutexLocker lock(&mutex);
        QSet<QByteArray> out;
        for (const auto &[t, vu] : hits)
            if (t >= from && t < to)
                out.insert(vu);
        return out;
    }
};

struct Runner {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString address;
};

// The runner command line of the k6-operator (pkg/resources/jobs/runner.go), on loopback.
std::vector<Runner> startFleet(const QString &target, const QList<QString> &hosts, const QList<quint16> &ports)
{
    const QStringList segments = {"0:1/3", "1/3:2/3", "2/3:1"};
    std::vector<Runner> fleet;
    for (qsizetype i = 0; i < hosts.size(); ++i) {
        Runner r;
        r.address = QStringLiteral("%1:%2").arg(hosts.at(i)).arg(ports.at(i));
        r.process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        r.process->start(QStringLiteral(THROTTLE_BIN),
                         {"run", "--quiet", "--execution-segment=" + segments.at(i % 3),
                          "--execution-segment-sequence=0,1/3,2/3,1", "-e", "TARGET=" + target, fixture("fleet.js"),
                          "--address=" + r.address, "--paused", "--tag", QStringLiteral("instance_id=%1").arg(i + 1),
                          "--tag", "testrun_name=fleet"});
        fleet.push_back(std::move(r));
    }
    return fleet;
}

QString joined(const std::vector<Runner> &fleet)
{
    QStringList a;
    for (const Runner &r : fleet)
        a.append(r.address);
    return a.join(QLatin1Char(','));
}

// Polls `throttle status` on the fleet until every runner answers (the operator's readiness probe).
bool waitReady(const QString &addresses)
{
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (runThrottle({"status", "-a", addresses}).exitCode == 0)
            return true;
        QThread::msleep(100);
    }
    return false;
}

// The http_reqs count `stats` prints ("- name: http_reqs … count: N").
double httpReqs(const QString &statsYaml)
{
    const QRegularExpression re(QStringLiteral("- name: http_reqs\\n(?:  .*\\n)*?    count: ([0-9.e+]+)\\n"));
    const QRegularExpressionMatch m = re.match(statsYaml);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

void stopFleet(std::vector<Runner> &fleet)
{
    for (Runner &r : fleet)
        if (r.process->state() != QProcess::NotRunning) {
            r.process->kill();
            r.process->waitForFinished();
        }
}

} // namespace

class TstFleet : public QObject {
    Q_OBJECT

private slots:
    void steersAFleetAsOneTest();
    void aNameWithSeveralAddressesIsAFleet();
    void desktopFleetView();
    void addressLists_data();
    void addressLists();
};

void TstFleet::steersAFleetAsOneTest()
{
    VuCountingTarget target;
    std::vector<Runner> fleet = startFleet(target.server.baseUrl(), {"127.0.0.1", "127.0.0.1", "127.0.0.1"},
                                           {freePort(), freePort(), freePort()});
    const auto cleanup = qScopeGuard([&] { stopFleet(fleet); });
    const QString all = joined(fleet);
    QVERIFY(waitReady(all));

    Result status = runThrottle({"status", "-a", all});
    QVERIFY2(status.out.startsWith(QStringLiteral("status: ")), qPrintable(status.out));
    QVERIFY2(status.out.contains(QStringLiteral("\npaused: \"true\"\nvus: \"0\"\nvus-max: \"15\"\n")), qPrintable(status.out));
    QCOMPARE(status.out.count(QStringLiteral("\n  - address: ")), 3);
    QCOMPARE(status.out.count(QStringLiteral("\n    vus-max: \"5\"\n")), 3);

    // The operator's starter, then the slider: 12 VUs over the three runners, 4 each.
    QCOMPARE(runThrottle({"resume", "-a", all}).exitCode, 0);
    const Result scaled = runThrottle({"scale", "-a", all, "-u", "12"});
    QCOMPARE(scaled.exitCode, 0);
    QVERIFY2(scaled.out.contains(QStringLiteral("\nvus: \"12\"\n")), qPrintable(scaled.out));
    QCOMPARE(scaled.out.count(QStringLiteral("\n    vus: \"4\"\n")), 3);
    // The target sees 12 distinct VUs, and no more, once the new VUs are at work.
    QThread::msleep(1000);
    const qint64 from = target.now();
    QDeadlineTimer seen(20000);
    while (target.vusBetween(from, target.now()).size() < 12 && !seen.hasExpired())
        QThread::msleep(50);
    QThread::msleep(500);
    QCOMPARE(target.vusBetween(from, target.now()).size(), 12);

    const Result down = runThrottle({"scale", "-a", all, "-u", "5"});   // 2 + 2 + 1
    QCOMPARE(down.exitCode, 0);
    QVERIFY2(down.out.contains(QStringLiteral("\nvus: \"5\"\n")), qPrintable(down.out));
    QThread::msleep(1000);
    const qint64 after = target.now();
    QThread::msleep(1500);
    QCOMPARE(target.vusBetween(after, target.now()).size(), 5);

    // Paused, the counts stand still: the merged http_reqs is the sum of the runners' own.
    QCOMPARE(runThrottle({"pause", "-a", all}).exitCode, 0);
    double merged = -1, sum = -2;
    QDeadlineTimer settled(10000);
    while (merged != sum && !settled.hasExpired()) {
        sum = 0;
        for (const Runner &r : fleet)
            sum += httpReqs(runThrottle({"stats", "-a", r.address}).out);
        const Result stats = runThrottle({"stats", "-a", all});
        QCOMPARE(stats.exitCode, 0);
        merged = httpReqs(stats.out);
    }
    QVERIFY(merged > 0);
    QCOMPARE(merged, sum);

    // A runner that is gone is reported; the others still answer.
    const QString dead = QStringLiteral("127.0.0.1:%1").arg(freePort());
    status = runThrottle({"status", "-a", all + "," + dead});
    QCOMPARE(status.exitCode, 255);
    QCOMPARE(status.out.count(QStringLiteral("\n    vus: \"")), 3);
    QVERIFY2(status.out.contains(QStringLiteral("    error: 'Get \"http://%1/v1/status\": dial tcp %1: connect: connection refused'").arg(dead)),
             qPrintable(status.out));
    QVERIFY2(status.err.contains(QStringLiteral("level=error msg=\"runner %1: Get").arg(dead)), qPrintable(status.err));

    // Stop: every runner ends as k6 ends a run stopped over REST.
    const Result stop = runThrottle({"stop", "-a", all});
    QCOMPARE(stop.exitCode, 0);
    QVERIFY2(stop.out.contains(QStringLiteral("\nstopped: true\n")), qPrintable(stop.out));
    for (Runner &r : fleet) {
        QVERIFY(r.process->waitForFinished(30000));
        QCOMPARE(r.process->exitCode(), 103);
    }
}

// A headless Kubernetes Service: one name, one A record per runner pod. Here /etc/hosts gives
// fleet.test two loopback addresses, inside a private mount namespace (unshare) so the machine's
// file is untouched.
void TstFleet::aNameWithSeveralAddressesIsAFleet()
{
    if (runThrottle({"-rm", "true"}, QStringLiteral("unshare")).exitCode != 0)
        QSKIP("unshare -rm (user and mount namespaces) is not available here");
    const quint16 port = freePort(QHostAddress::Any);
    VuCountingTarget target;
    std::vector<Runner> fleet = startFleet(target.server.baseUrl(), {"127.0.0.11", "127.0.0.12"}, {port, port});
    const auto cleanup = qScopeGuard([&] { stopFleet(fleet); });
    QVERIFY(waitReady(joined(fleet)));

    QTemporaryDir dir;
    QFile hosts(dir.filePath(QStringLiteral("hosts")));
    QVERIFY(hosts.open(QIODevice::WriteOnly));
    hosts.write("127.0.0.1 localhost\n127.0.0.12 fleet.test\n127.0.0.11 fleet.test\n");
    hosts.close();
    const Result r = runThrottle({"-rm", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$1\" status -a \"$2\"",
                               hosts.fileName(), QStringLiteral(THROTTLE_BIN), QStringLiteral("fleet.test:%1").arg(port)},
                              QStringLiteral("unshare"));
    QCOMPARE(r.exitCode, 0);
    // Both runners, sorted by address, each once.
    QVERIFY2(r.out.contains(QStringLiteral("runners:\n  - address: 127.0.0.11:%1\n").arg(port)), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("\n  - address: 127.0.0.12:%1\n").arg(port)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\nvus-max: \"10\"\n")), qPrintable(r.out));   // 5 + 5 of the 15 (segments 1 and 2)
}

// What the desktop window holds when attached to several runners: FleetRun steers all of them as
// one run, merges their metrics, judges the thresholds on the merged data, and marks a runner that
// goes away without losing the others.
void TstFleet::desktopFleetView()
{
    VuCountingTarget target;
    std::vector<Runner> fleet = startFleet(target.server.baseUrl(), {"127.0.0.1", "127.0.0.1", "127.0.0.1"},
                                           {freePort(), freePort(), freePort()});
    const auto cleanup = qScopeGuard([&] { stopFleet(fleet); });
    QVERIFY(waitReady(joined(fleet)));
    FleetRun run(joined(fleet).split(QLatin1Char(',')));
    QTRY_VERIFY_WITH_TIMEOUT(run.runners().size() == 3 && run.status().vusMax == 15, 20000);   // 5 + 5 + 5
    QVERIFY(run.connected());
    QVERIFY(run.status().paused);

    // Control calls block: a worker thread, as the window's steering makes them.
    const auto onWorker = [](auto call) {
        ControlError e;
        std::unique_ptr<QThread> t(QThread::create([&] { e = call(); }));
        t->start();
        while (!t->wait(10))
            QCoreApplication::processEvents();
        return e;
    };
    QVERIFY(onWorker([&] { return run.resume(); }).ok());
    const ControlError scaled = onWorker([&] { return run.scale(9, std::nullopt); });
    QVERIFY2(scaled.ok(), qPrintable(scaled.detail));
    QTRY_VERIFY_WITH_TIMEOUT(run.status().vus == 9, 20000);
    for (const RunnerReading &r : run.runners())
        QCOMPARE(r.status.vus, 3);
    QCOMPARE(run.status().scenarios.size(), 1);
    QCOMPARE(run.status().scenarios.first().vus, 9);
    QCOMPARE(run.status().scenarios.first().vusMax, 15);   // the test-wide bound, not three of them

    // Pause: the counts stand still; the merge is the runners' sum, and its thresholds are judged on it.
    QVERIFY(onWorker([&] { return run.pause(); }).ok());
    double sum = -1, merged = -2;
    QDeadlineTimer settled(15000);
    while (sum != merged && !settled.hasExpired()) {
        QTest::qWait(1100);   // a fresh aggregates poll
        sum = 0;
        for (const Runner &r : fleet)
            sum += httpReqs(runThrottle({"stats", "-a", r.address}).out);
        const std::optional<MetricsSnapshot> snap = run.mergedSnapshot();
        const MetricSnapshot *reqs = snap ? snap->find(QStringLiteral("http_reqs")) : nullptr;
        merged = reqs ? reqs->aggregate.count() : -3;
    }
    QVERIFY(merged > 0);
    QCOMPARE(merged, sum);
    const std::optional<QList<ThresholdReading>> thresholds = run.thresholds();
    QVERIFY(thresholds && thresholds->size() == 1);
    const std::optional<MetricsSnapshot> snap = run.mergedSnapshot();
    const MetricSnapshot *duration = snap->find(QStringLiteral("http_req_duration"));
    QVERIFY(duration);
    QCOMPARE(thresholds->first().state, QStringLiteral("pass"));
    QCOMPARE(*thresholds->first().observed, trendStat(*duration, QStringLiteral("p(95)")));

    // A runner goes away: marked, left out of the totals; the fleet is still steerable.
    fleet.back().process->kill();
    fleet.back().process->waitForFinished();
    QTRY_VERIFY_WITH_TIMEOUT(!run.runners().last().connected, 20000);
    QVERIFY(run.connected());
    QCOMPARE(run.status().vusMax, 10);
    QVERIFY(!run.runners().last().error.isEmpty());
    const ControlError failed = onWorker([&] { return run.resume(); });
    QVERIFY(!failed.ok());
    QVERIFY2(failed.detail.startsWith(QStringLiteral("runner %1: ").arg(fleet.back().address)), qPrintable(failed.detail));
    QVERIFY(onWorker([&] { return run.stop(); }).ok() == false);   // the gone runner cannot stop
    for (size_t i = 0; i + 1 < fleet.size(); ++i) {
        QVERIFY(fleet[i].process->waitForFinished(30000));
        QCOMPARE(fleet[i].process->exitCode(), 103);
    }
}

void TstFleet::addressLists_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("runners");
    QTest::newRow("one") << "localhost:6565" << QStringList{"localhost:6565"};
    QTest::newRow("several, in order") << "127.0.0.1:2,127.0.0.1:1" << QStringList{"127.0.0.1:2", "127.0.0.1:1"};
    QTest::newRow("duplicates and blanks") << " 127.0.0.1:1, ,127.0.0.1:1,[::1]:6565" << QStringList{"127.0.0.1:1", "[::1]:6565"};
    QTest::newRow("loopback names stay one") << "localhost:1,x.localhost:2" << QStringList{"localhost:1", "x.localhost:2"};
    QTest::newRow("empty") << "" << QStringList{""};
}

void TstFleet::addressLists()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, runners);
    QCOMPARE(FleetClient::resolve(spec), runners);
}

QTEST_GUILESS_MAIN(TstFleet)
#include "tst_fleet.moc"
