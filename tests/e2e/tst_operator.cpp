// The k6-operator (v1.6, pkg/resources/jobs) driving Throttle, emulated on loopback with the real
// binary under the name `k6` and the operator's exact command lines: the initializer's
// `k6 archive … && k6 inspect --execution-requirements … ; ! grep level=error` shell line, three
// runners `k6 run --quiet --execution-segment=… --execution-segment-sequence=0,1/3,2/3,1 <args>
// <script> --address=… --paused --tag instance_id=<i> --tag testrun_name=<name>`, readiness by
// GET /v1/status, and the starter's (and stopper's) curl PATCH lines. Checks: the runners together
// make exactly the test's iterations, `running` turns false, and the exit codes are k6's.
#include "support/fixtureserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

using namespace throttle;

namespace {

constexpr int kRunners = 3;
const QString kTestRun = QStringLiteral("throttle-emulated");

QString fixture(const QString &name)
{
    return QStringLiteral(THROTTLE_FIXTURES "/scripts/") + name;
}

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// pkg/segmentation: --execution-segment=<i-1>/n:<i>/n (0 and 1 plain) and the sequence 0,1/n,…,1.
QStringList segmentFlags(int index, int total)
{
    const auto part = [total](int i) {
        return i == 0 ? QStringLiteral("0") : i == total ? QStringLiteral("1") : QStringLiteral("%1/%2").arg(i).arg(total);
    };
    QStringList sequence;
    for (int i = 0; i <= total; ++i)
        sequence << part(i);
    return {QStringLiteral("--execution-segment=%1:%2").arg(part(index - 1), part(index)),
            QStringLiteral("--execution-segment-sequence=") + sequence.join(QLatin1Char(','))};
}

// types.StatusAPIRequest as the operator marshals it (curl_start.go, curl_stop.go).
QByteArray statusRequest(bool stopped)
{
    return QByteArrayLiteral("{\"data\":{\"attributes\":{\"paused\":false,\"stopped\":") + (stopped ? "true" : "false") +
           QByteArrayLiteral("},\"id\":\"default\",\"type\":\"status\"}}");
}

// GET /v1/status: the attributes, or an empty object when the runner does not answer.
QJsonObject status(quint16 port)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/status").arg(port)));
    request.setTransferTimeout(5000);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        return {};
    return QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("data")).toObject()
        .value(QLatin1String("attributes")).toObject();
}

struct Runner {
    QProcess process;
    quint16 port = 0;
    ~Runner()
    {
        if (process.state() != QProcess::NotRunning) {   // a failed check: leave no runner behind
            process.kill();
            process.waitForFinished();
        }
    }
};

} // namespace

class TstOperator : public QObject {
    Q_OBJECT

    QTemporaryDir m_bin;   // holds `k6`, a link to the throttle binary, first on PATH
    std::unique_ptr<FixtureServer> m_target;
    QProcessEnvironment m_env;

    qint64 targetCount() const { return m_target->requests().size(); }

    // `sh -c <line>` as the operator's containers run it; exit code and stdout.
    int shell(const QString &line, QByteArray *out = nullptr)
    {
        QProcess sh;
        sh.setProcessEnvironment(m_env);
        sh.start(QStringLiteral("sh"), {QStringLiteral("-c"), line});
        if (!sh.waitForFinished(120000))
            return -1;
        if (out)
            *out = sh.readAllStandardOutput();
        return sh.exitCode();
    }

    // The runner jobs (runner.go), started and ready (GET /v1/status < 400, the readiness probe).
    std::vector<std::unique_ptr<Runner>> startRunners(const QString &script, const QStringList &extra = {})
    {
        std::vector<std::unique_ptr<Runner>> runners;
        for (int i = 1; i <= kRunners; ++i) {
            auto r = std::make_unique<Runner>();
            r->port = freePort();
            QStringList args{QStringLiteral("run"), QStringLiteral("--quiet")};
            args << segmentFlags(i, kRunners) << QStringLiteral("-e") << "BASE_URL=" + m_target->baseUrl() << script
                 << QStringLiteral("--address=127.0.0.1:%1").arg(r->port) << QStringLiteral("--paused")
                 << QStringLiteral("--tag") << QStringLiteral("instance_id=%1").arg(i) << QStringLiteral("--tag")
                 << QStringLiteral("testrun_name=") + kTestRun << extra;
            r->process.setProcessEnvironment(m_env);
            r->process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            r->process.start(m_bin.filePath(QStringLiteral("k6")), args);
            runners.push_back(std::move(r));
        }
        for (const auto &r : runners) {
            QDeadlineTimer deadline(60000);
            while (status(r->port).isEmpty() && !deadline.hasExpired() && r->process.state() == QProcess::Running)
                QTest::qWait(50);
            const QJsonObject s = status(r->port);
            if (s.value(QLatin1String("paused")) != QJsonValue(true))
                qWarning() << "runner on" << r->port << "not ready and paused:" << s;
        }
        return runners;
    }

    // The starter job (curl_start.go) or the stopper (curl_stop.go): one curl line per runner,
    // joined with ';'. The HTTP codes curl reports, in runner order.
    QStringList patchAll(const std::vector<std::unique_ptr<Runner>> &runners, bool stop)
    {
        QStringList codes;
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty()) {
            // No curl here: the same request through Qt (CI installs curl: installer/install-deps.sh).
            for (const auto &r : runners) {
                QNetworkAccessManager nam;
                QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/status").arg(r->port)));
                req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
                QNetworkReply *reply = nam.sendCustomRequest(req, "PATCH", statusRequest(stop));
                QEventLoop loop;
                QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
                loop.exec();
                codes << QString::number(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
                delete reply;
            }
            return codes;
        }
        QStringList parts;
        for (const auto &r : runners)
            parts << QStringLiteral("curl --retry 3 -X PATCH -H 'Content-Type: application/json' http://127.0.0.1:%1/v1/status "
                                    "-d '%2' -s -w '\\n{\"http_code\":%{http_code},\"time_total\":%{time_total},"
                                    "\"time_starttransfer\":%{time_starttransfer},\"url\":\"%{url_effective}\","
                                    "\"remote_ip\":\"%{remote_ip}\",\"errormsg\":\"%{errormsg}\"}'")
                         .arg(r->port)
                         .arg(QString::fromLatin1(statusRequest(stop)));
        QByteArray out;
        shell(parts.join(QLatin1Char(';')), &out);
        // Each runner's answer, then curl's -w line; the next answer follows without a newline.
        static const QRegularExpression code(QStringLiteral("\\{\"http_code\":(\\d+),"));
        for (auto it = code.globalMatch(QString::fromUtf8(out)); it.hasNext();)
            codes << it.next().captured(1);
        return codes;
    }

    static int exitCode(Runner &r, int ms = 90000)
    {
        if (r.process.state() != QProcess::NotRunning && !r.process.waitForFinished(ms)) {
            r.process.kill();
            r.process.waitForFinished();
            return -1;
        }
        return r.process.exitStatus() == QProcess::CrashExit ? -2 : r.process.exitCode();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::link(QStringLiteral(THROTTLE_BIN), m_bin.filePath(QStringLiteral("k6"))));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("PATH"), m_bin.path() + QLatin1Char(':') + m_env.value(QStringLiteral("PATH")));
        m_env.insert(QStringLiteral("K6_ADDRESS"), QString());
    }

    void init()
    {
        m_target = std::make_unique<FixtureServer>([](const FixtureRequest &) { return FixtureReply{200, {}, "ok"}; });
    }

    // initializer.go's shell line; the operator reads the JSON from the log and needs maxVUs >= parallelism.
    void initializer_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("valid test") << fixture(QStringLiteral("operator_shared.js")) << 0;
        QTest::newRow("invalid test") << fixture(QStringLiteral("badconfig.js")) << 1;
    }
    void initializer()
    {
        QFETCH(QString, script);
        QFETCH(int, exitCode);
        QTemporaryDir tmp;
        const QString archive = tmp.filePath(QStringLiteral("test.js.archived.tar"));
        const QString logs = tmp.filePath(QStringLiteral("k6logs"));
        const QString line = QStringLiteral("k6 archive %1 -O %2 %3 2> %4 && k6 inspect --execution-requirements %2 2> %4 ; "
                                            "! cat %4 | grep 'level=error'")
                                 .arg(script, archive, "-e BASE_URL=" + m_target->baseUrl(), logs);
        QByteArray out;
        QCOMPARE(shell(line, &out), exitCode);
        if (exitCode != 0)
            return;
        const QJsonObject inspect = QJsonDocument::fromJson(out).object();
        QVERIFY2(!inspect.isEmpty(), out.constData());
        QCOMPARE(inspect.value(QLatin1String("maxVUs")).toInt(), 6);
        QVERIFY(inspect.value(QLatin1String("maxVUs")).toInt() >= kRunners);
        QCOMPARE(inspect.value(QLatin1String("totalDuration")).toString(), QStringLiteral("1m30s"));
    }

    // Runners released together by the starter run exactly the test's iterations between them.
    void starterRunsTheWholeTest_data()
    {
        QTest::addColumn<bool>("lingering");
        QTest::newRow("runners") << false;
        // Private load zones add --no-setup --no-teardown --linger: the API stays up, so the
        // operator's `running:false` poll sees each runner finish.
        QTest::newRow("private load zone runners") << true;
    }
    void starterRunsTheWholeTest()
    {
        QFETCH(bool, lingering);
        const QStringList extra = lingering ? QStringList{"--no-setup", "--no-teardown", "--linger"} : QStringList();
        auto runners = startRunners(fixture(QStringLiteral("operator_shared.js")), extra);
        for (const auto &r : runners) {
            const QJsonObject s = status(r->port);
            QCOMPARE(s.value(QLatin1String("paused")).toBool(), true);
            QCOMPARE(s.value(QLatin1String("running")).toBool(), false);
        }
        QCOMPARE(targetCount(), 0);   // paused: nothing before the starter
        QCOMPARE(patchAll(runners, false), QStringList(kRunners, QStringLiteral("200")));
        if (lingering) {
            for (const auto &r : runners) {
                QDeadlineTimer deadline(60000);
                QJsonObject s = status(r->port);
                while (s.value(QLatin1String("running")) != QJsonValue(false) || s.value(QLatin1String("status")).toInt() != 9) {
                    QVERIFY2(!deadline.hasExpired(), qPrintable(QJsonDocument(s).toJson()));
                    QTest::qWait(50);
                    s = status(r->port);
                }
                QCOMPARE(s.value(QLatin1String("stopped")).toBool(), false);
                r->process.terminate();   // ends --linger; the run's own exit code stays
            }
        }
        for (const auto &r : runners)
            QCOMPARE(exitCode(*r), 0);
        QCOMPARE(targetCount(), 30);
        QVERIFY(status(runners.front()->port).isEmpty());   // the API closes with the process
    }

    // The stopper's PATCH {"stopped":true} ends every runner with k6's 103.
    void stopperAbortsTheTest()
    {
        auto runners = startRunners(fixture(QStringLiteral("operator_long.js")));
        QCOMPARE(patchAll(runners, false), QStringList(kRunners, QStringLiteral("200")));
        QDeadlineTimer deadline(60000);
        while (targetCount() < 30 && !deadline.hasExpired())
            QTest::qWait(50);
        QVERIFY(targetCount() >= 30);
        for (const auto &r : runners)
            QCOMPARE(status(r->port).value(QLatin1String("running")).toBool(), true);
        QCOMPARE(patchAll(runners, true), QStringList(kRunners, QStringLiteral("200")));
        for (const auto &r : runners)
            QCOMPARE(exitCode(*r, 30000), 103);
        const qint64 after = targetCount();
        QTest::qWait(200);
        QCOMPARE(targetCount(), after);
    }
};

QTEST_GUILESS_MAIN(TstOperator)
#include "tst_operator.moc"
