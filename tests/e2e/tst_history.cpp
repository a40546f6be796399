// The run history end to end (issue 20 items 1, 2, 5): real `throttle run` processes against the
// demo target on loopback (--with-demo-target), steered through the real REST API and the real
// `throttle scale`; then `throttle history`, `history --stages`, `compare` and `--delete` are
// checked against what was done and against the database itself (RunHistory). A run killed with
// SIGKILL keeps every second it committed.
#include "core/history/runhistory.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>

using namespace throttle;

namespace {

const QString kScript = QStringLiteral(THROTTLE_FIXTURES "/scripts/history.js");

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QProcessEnvironment childEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("THROTTLE_NO_HISTORY"));   // ctest turns the history off
    env.remove(QStringLiteral("THROTTLE_HISTORY"));
    env.insert(QStringLiteral("K6_ADDRESS"), QString());
    return env;
}

struct Result {
    int exitCode = -1;
    QByteArray out, err;
};

// Runs the real binary to the end (liveness bound only).
Result runThrottle(const QStringList &args, const QProcessEnvironment &env = childEnv())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(THROTTLE_BIN), args);
    Result r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::CrashExit ? -2 : p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// A running `throttle run` with its REST API on a free loopback port.
class LiveRun {
public:
    LiveRun(const QString &db, const QStringList &extra) : m_port(freePort())
    {
        m_process.setProcessEnvironment(childEnv());
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(
            QStringLiteral(THROTTLE_BIN),
            QStringList{"run", "-q", "--with-demo-target", "--history", db, "-a", QStringLiteral("127.0.0.1:%1").arg(m_port)} +
                extra + QStringList{kScript});
        m_process.waitForStarted();
    }
    ~LiveRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QProcess &process() { return m_process; }

    QByteArray request(const QByteArray &method, const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://%1/v1/status").arg(address())));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
        QDeadlineTimer deadline(60000);
        while (!reply->isFinished() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        const QByteArray answer = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
        reply->deleteLater();
        return answer;
    }
    QByteArray patch(const QByteArray &attributes)
    {
        return request("PATCH", R"({"data":{"type":"status","id":"default","attributes":)" + attributes + "}}");
    }
    // Polls GET /v1/status until it contains `text` (the run is up, the change took effect).
    bool waitStatus(const QByteArray &text)
    {
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            if (request("GET").contains(text))
                return true;
            QTest::qWait(50);
        }
        return false;
    }
    int finish()
    {
        if (!m_process.waitForFinished(60000))
            return -1;
        return m_process.exitStatus() == QProcess::CrashExit ? -2 : m_process.exitCode();
    }

private:
    quint16 m_port;
    QProcess m_process;
    QNetworkAccessManager m_nam;
};

// Polls the database (WAL: readers do not block the recording run) until pred holds.
template <typename Pred>
bool waitDb(const QString &db, Pred pred)
{
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        RunHistory h;
        if (QFile::exists(db) && h.open(db, nullptr)) {
            const QList<HistoryRun> runs = h.runs();
            if (!runs.isEmpty() && pred(h, runs.first().id))
                return true;
        }
        QTest::qWait(100);
    }
    return false;
}

struct StageLine {
    QString duration;
    double target = 0;
    QString note;
};

QList<StageLine> stagesOf(const QByteArray &js)
{
    static const QRegularExpression re(QStringLiteral(R"(\{ duration: '([0-9.]+)s', target: ([0-9.]+) \}, // (.*))"));
    QList<StageLine> out;
    for (const QString &line : QString::fromUtf8(js).split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = re.match(line);
        if (m.hasMatch())
            out.append({m.captured(1), m.captured(2).toDouble(), m.captured(3)});
    }
    return out;
}

double seconds(const QString &duration)
{
    return duration.toDouble();
}

QJsonObject exportedMetrics(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("metrics")).toObject();
}

}   // namespace

class TstHistory : public QObject {
    Q_OBJECT

private slots:
    void steeringIsRecordedAndReplayedAsStages();
    void rateSteeringBecomesRampingArrivalRate();
    void killedRunKeepsItsCommittedSeconds();
    void compareShowsChangesAndFlippedThresholds();
    void noHistoryAndTheEnvironment();
    void badInputIsAClearError();

private:
    QTemporaryDir m_dir;
};

void TstHistory::steeringIsRecordedAndReplayedAsStages()
{
    const QString db = m_dir.filePath(QStringLiteral("steer.sqlite"));
    LiveRun run(db, {});
    QVERIFY(run.waitStatus(R"("status":7)"));
    QVERIFY(run.patch(R"({"vus":5})").contains(R"("vus":5)"));
    QVERIFY(run.patch(R"({"paused":true})").contains(R"("paused":true)"));
    QVERIFY(run.patch(R"({"paused":false})").contains(R"("paused":false)"));
    const Result scale = runThrottle({"scale", "-a", run.address(), "--vus", "3"});   // the CLI's control command
    QCOMPARE(scale.exitCode, 0);
    QVERIFY(run.patch(R"({"vus":6})").contains(R"("vus":6)"));
    // Stop once a recorded second has seen the 6 VUs.
    QVERIFY(waitDb(db, [](RunHistory &h, qint64 id) {
        for (const HistorySecond &s : h.seconds(id))
            if (s.vus == 6)
                return true;
        return false;
    }));
    QVERIFY(!run.patch(R"({"stopped":true})").isEmpty());
    QCOMPARE(run.finish(), 103);

    // The steering log, as it was done and by whom.
    RunHistory h;
    QVERIFY(h.open(db, nullptr));
    const QList<HistoryRun> runs = h.runs();
    QCOMPARE(runs.size(), 1);
    const QList<SteeringAction> log = h.steering(runs.first().id);
    const QList<QStringList> expected{{"vus", "2", "5", "rest"},           {"paused", "false", "true", "rest"},
                                      {"paused", "true", "false", "rest"}, {"vus", "5", "3", "cli"},
                                      {"vus", "3", "6", "rest"},           {"stopped", "false", "true", "rest"}};
    QCOMPARE(log.size(), expected.size());
    for (qsizetype i = 0; i < log.size(); ++i) {
        const QStringList got{log[i].action, log[i].oldValue, log[i].newValue, SteeringSource::name(log[i].source)};
        QCOMPARE(got, expected[i]);
    }

    // throttle history --format json
    const Result list = runThrottle({"history", "--history", db, "--format", "json"});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray arr = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(arr.size(), 1);
    const QJsonObject r = arr.first().toObject();
    QCOMPARE(r.value("id").toInteger(), runs.first().id);
    QCOMPARE(r.value("script").toString(), QFileInfo(kScript).absoluteFilePath());
    QCOMPARE(r.value("exit_code").toInt(-1), 103);
    QVERIFY(r.value("ended").isString());
    QVERIFY(!r.value("started").toString().isEmpty());
    QCOMPARE(r.value("peak_vus").toDouble(), 6.0);
    QCOMPARE(r.value("script_sha256").toString().size(), 64);

    // throttle history --stages: one stage per change, at the offsets the log has.
    const Result stages = runThrottle({"history", "--history", db, "--stages", QString::number(runs.first().id)});
    QCOMPARE(stages.exitCode, 0);
    QVERIFY2(stages.out.contains("executor: 'ramping-vus'"), stages.out.constData());
    QVERIFY2(stages.out.contains("startVUs: 2,"), stages.out.constData());
    const QList<StageLine> lines = stagesOf(stages.out);
    QList<double> changes;
    QStringList notes;
    for (const StageLine &l : lines) {
        if (l.note != QLatin1String("hold")) {
            changes << l.target;
            notes << l.note;
            QCOMPARE(l.duration, QStringLiteral("0"));   // each change was a jump
        }
    }
    QCOMPARE(changes, (QList<double>{5, 0, 5, 3, 6}));
    QVERIFY(notes[0].endsWith(QStringLiteral("vus 2 → 5 (rest)")));
    QCOMPARE(notes[1], QStringLiteral("pause"));
    QCOMPARE(notes[2], QStringLiteral("resume"));
    QVERIFY(notes[3].endsWith(QStringLiteral("vus 5 → 3 (cli)")));
    // The pause is a hold at 0 VUs, the stop ends the schedule: nothing after the last change's hold.
    QCOMPARE(lines.last().target, 6.0);
    // Each change starts where the log puts it (wall time from the start of the run clock, 0.1 s).
    const double t0 = double(log.first().timeMs) - log.first().elapsedSec * 1000.0;
    double at = 0;
    int change = 0;
    const QList<int> changeRows{0, 1, 2, 3, 4};   // log rows that made the change stages
    for (const StageLine &l : lines) {
        if (l.note != QLatin1String("hold")) {
            const double logged = std::round((double(log[changeRows[change]].timeMs) - t0) / 100.0) / 10.0;
            QVERIFY2(std::fabs(at - logged) < 0.11,
                     qPrintable(QStringLiteral("stage %1 at %2, logged %3").arg(change).arg(at).arg(logged)));
            ++change;
        }
        at += seconds(l.duration);
    }
    QCOMPARE(change, 5);
}

void TstHistory::rateSteeringBecomesRampingArrivalRate()
{
    const QString db = m_dir.filePath(QStringLiteral("rate.sqlite"));
    LiveRun run(db, {"-e", "RATE=1"});
    QVERIFY(run.waitStatus(R"("status":7)"));
    QVERIFY(!run.patch(R"({"rate":40})").isEmpty());
    QVERIFY(run.waitStatus(R"("rate":40)"));
    QVERIFY(!run.patch(R"({"stopped":true})").isEmpty());
    QCOMPARE(run.finish(), 103);
    const Result stages = runThrottle({"history", "--history", db, "--stages", "1"});
    QCOMPARE(stages.exitCode, 0);
    QVERIFY2(stages.out.contains("executor: 'ramping-arrival-rate'"), stages.out.constData());
    QVERIFY2(stages.out.contains("startRate: 20,"), stages.out.constData());
    QVERIFY2(stages.out.contains("timeUnit: '1s',"), stages.out.constData());
    QVERIFY2(stages.out.contains("preAllocatedVUs: 4,"), stages.out.constData());
    QList<double> changes;
    for (const StageLine &l : stagesOf(stages.out))
        if (l.note != QLatin1String("hold"))
            changes << l.target;
    QCOMPARE(changes, QList<double>{40});
}

void TstHistory::killedRunKeepsItsCommittedSeconds()
{
    const QString db = m_dir.filePath(QStringLiteral("killed.sqlite"));
    LiveRun run(db, {});
    QVERIFY(run.waitStatus(R"("status":7)"));
    QVERIFY(run.patch(R"({"vus":4})").contains(R"("vus":4)"));
    qsizetype seen = 0;
    QVERIFY(waitDb(db, [&](RunHistory &h, qint64 id) {
        seen = h.seconds(id).size();
        return seen >= 3 && !h.steering(id).isEmpty();
    }));
    ::kill(pid_t(run.process().processId()), SIGKILL);
    QCOMPARE(run.finish(), -2);

    RunHistory h;
    QVERIFY(h.open(db, nullptr));
    const QList<HistoryRun> runs = h.runs();
    QCOMPARE(runs.size(), 1);
    QVERIFY(!runs.first().endedMs);
    QVERIFY(!runs.first().exitCode);
    const QList<HistorySecond> secs = h.seconds(runs.first().id);
    QVERIFY(secs.size() >= seen);   // everything committed before the kill is there
    for (qsizetype i = 1; i < secs.size(); ++i)
        QCOMPARE(secs[i].second, secs[i - 1].second + 1);   // no second missing in between
    const QList<SteeringAction> log = h.steering(runs.first().id);
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().newValue, QStringLiteral("4"));

    const Result list = runThrottle({"history", "--history", db, "--format", "json"});
    const QJsonObject r = QJsonDocument::fromJson(list.out).array().first().toObject();
    QVERIFY(r.value("ended").isNull());
    QVERIFY(r.value("exit_code").isNull());
    const Result text = runThrottle({"history", "--history", db});
    QVERIFY2(text.out.contains("(did not finish)"), text.out.constData());
    const Result compare = runThrottle({"compare", "--history", db, "1", "1"});
    QCOMPARE(compare.exitCode, 255);
    QCOMPARE(compare.err, QByteArray("run 1 has no end-of-test summary: it did not finish\n"));
}

void TstHistory::compareShowsChangesAndFlippedThresholds()
{
    const QString db = m_dir.filePath(QStringLiteral("compare.sqlite"));
    const QString exportA = m_dir.filePath(QStringLiteral("a.json"));
    const QString exportB = m_dir.filePath(QStringLiteral("b.json"));
    const QStringList common{"run", "-q", "--with-demo-target", "--address=", "--history", db, "-e", "DURATION=2s"};
    QCOMPARE(runThrottle(common + QStringList{"-e", "DELAY_MS=5", "--summary-export", exportA, kScript}).exitCode, 0);
    QCOMPARE(runThrottle(common + QStringList{"-e", "DELAY_MS=600", "--summary-export", exportB, kScript}).exitCode, 99);

    const Result list = runThrottle({"history", "--history", db, "--format", "json"});
    const QJsonArray runs = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs[0].toObject().value("id").toInteger(), 2);   // newest first
    QCOMPARE(runs[1].toObject().value("id").toInteger(), 1);
    QCOMPARE(runs[0].toObject().value("exit_code").toInt(), 99);

    const Result json = runThrottle({"compare", "--history", db, "--format", "json", "1", "2"});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject c = QJsonDocument::fromJson(json.out).object();
    const QJsonObject a = exportedMetrics(exportA), b = exportedMetrics(exportB);
    const auto row = [&](const QString &metric, const QString &stat) {
        for (const QJsonValue &v : c.value("metrics").toArray())
            if (v.toObject().value("metric").toString() == metric && v.toObject().value("stat").toString() == stat)
                return v.toObject();
        return QJsonObject();
    };
    const QJsonObject reqs = row("http_reqs", "count");
    QCOMPARE(reqs.value("a").toDouble(), a.value("http_reqs").toObject().value("count").toDouble());
    QCOMPARE(reqs.value("b").toDouble(), b.value("http_reqs").toObject().value("count").toDouble());
    const QJsonObject p95 = row("http_req_duration", "p(95)");
    const double pa = a.value("http_req_duration").toObject().value("p(95)").toDouble();
    const double pb = b.value("http_req_duration").toObject().value("p(95)").toDouble();
    QVERIFY(qFuzzyCompare(p95.value("a").toDouble(), pa));
    QVERIFY(qFuzzyCompare(p95.value("b").toDouble(), pb));
    QVERIFY(qFuzzyCompare(p95.value("change_pct").toDouble(), (pb - pa) / pa * 100.0));
    const QJsonArray flipped = c.value("thresholds_flipped").toArray();
    QCOMPARE(flipped.size(), 1);
    QCOMPARE(flipped[0].toObject(),
             (QJsonObject{{"metric", "http_req_duration"}, {"threshold", "p(95)<400"}, {"a_ok", true}, {"b_ok", false}}));

    const Result text = runThrottle({"compare", "--history", db, "1", "2"});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("Thresholds that flipped:\n  http_req_duration p(95)<400: passed in A, failed in B\n"),
             text.out.constData());

    // --script filters, --delete deletes the run and what was recorded with it.
    QCOMPARE(runThrottle({"history", "--history", db, "--format", "json", "--script", "nothing-like-this"}).out.trimmed(),
             QByteArray("[]"));
    const Result del = runThrottle({"history", "--history", db, "--delete", "1"});
    QCOMPARE(del.exitCode, 0);
    QCOMPARE(del.out, QByteArray("Deleted run 1\n"));
    RunHistory h;
    QVERIFY(h.open(db, nullptr));
    QCOMPARE(h.runs().size(), 1);
    QVERIFY(h.seconds(1).isEmpty());
    const Result again = runThrottle({"history", "--history", db, "--delete", "1"});
    QCOMPARE(again.exitCode, 255);
    QCOMPARE(again.err, QStringLiteral("there is no run 1 in the run history %1\n").arg(db).toUtf8());
}

void TstHistory::noHistoryAndTheEnvironment()
{
    const QString db = m_dir.filePath(QStringLiteral("env.sqlite"));
    QProcessEnvironment env = childEnv();
    env.insert(QStringLiteral("THROTTLE_HISTORY"), db);
    const QStringList run{"run", "-q", "--with-demo-target", "--address=", "--no-thresholds", "-u", "1", "-i", "2", kScript};
    QCOMPARE(runThrottle(QStringList{run.first(), "--no-history"} + run.mid(1), env).exitCode, 0);
    QVERIFY(!QFile::exists(db));
    QCOMPARE(runThrottle(run, env).exitCode, 0);
    QVERIFY(QFile::exists(db));
    const Result list = runThrottle({"history", "--format", "json"}, env);
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 1);
    const Result empty = runThrottle({"history", "--history", m_dir.filePath(QStringLiteral("none.sqlite"))});
    QCOMPARE(empty.out,
             QStringLiteral("No runs recorded yet in %1\n").arg(m_dir.filePath(QStringLiteral("none.sqlite"))).toUtf8());
}

void TstHistory::badInputIsAClearError()
{
    const QString db = m_dir.filePath(QStringLiteral("bad.sqlite"));
    const Result id = runThrottle({"history", "--history", db, "--stages", "x"});
    QCOMPARE(id.exitCode, 255);
    QCOMPARE(id.err, QByteArray("invalid run id \"x\": a number from `throttle history` is expected\n"));
    const Result args = runThrottle({"compare", "--history", db, "1"});
    QCOMPARE(args.exitCode, 255);
    QCOMPARE(args.err, QByteArray("accepts 2 arg(s), received 1\n"));
    const Result extra = runThrottle({"history", "--history", db, "3"});
    QCOMPARE(extra.exitCode, 255);
    QCOMPARE(extra.err, QByteArray("accepts 0 arg(s), received 1 (a run is named with --stages or --delete)\n"));
    const Result format = runThrottle({"history", "--history", db, "--format", "yaml"});
    QCOMPARE(format.exitCode, 255);
    QCOMPARE(format.err, QByteArray("invalid format \"yaml\": text or json\n"));
    // A history that cannot be opened: the run goes on, unrecorded, with a warning.
    const Result run = runThrottle({"run", "-q", "--with-demo-target", "--address=", "--no-thresholds", "-u", "1", "-i", "1",
                                    "--history", "/proc/no-such-dir/h.sqlite", kScript});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("the run is not recorded in the run history"), run.err.constData());
}

QTEST_GUILESS_MAIN(TstHistory)
#include "tst_history.moc"
