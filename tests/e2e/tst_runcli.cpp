// `throttle run` end to end, in-process: the numbers it reports must match what the target saw,
// and its exit codes must be k6's (script-api.md §12).
#include "cli/cli.h"
#include "demo/demotarget.h"
#include "support/fixtureroutes.h"
#include "support/testlog.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <algorithm>

using namespace throttle;

class TstRunCli : public QObject {
    Q_OBJECT

    DemoTarget m_target;

    int run(const QStringList &args, QString *out, QString *err)
    {
        QTextStream o(out), e(err);
        // No REST server: suites run in parallel and would race for localhost:6565.
        QStringList withArgs = args;
        const qsizetype runAt = withArgs.indexOf(QStringLiteral("run"));   // global flags may come first
        if (runAt >= 0)
            withArgs.insert(runAt + 1, QStringLiteral("--address="));
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
        const int code = run({"run", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("constant.js")}, &out, &err);
        QCOMPARE(code, 0);
        const qint64 reported = summaryCount(out, QStringLiteral("http_reqs"));
        QVERIFY2(reported > 0, qPrintable(out));
        QCOMPARE(reported, m_target.requestCount(QStringLiteral("/ok")));
        QCOMPARE(summaryCount(out, QStringLiteral("iterations")), reported);
        QVERIFY(out.contains(QStringLiteral("3 looping VUs for 2s")));
        QVERIFY(out.contains(QStringLiteral("\n  execution: local\n")));
        // As k6: -q leaves out the execution description as well as the progress.
        out.clear();
        QCOMPARE(run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("constant.js")}, &out, &err), 0);
        QVERIFY2(!out.contains(QLatin1String("execution: local")) && !out.contains(QLatin1String("looping VUs")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("TOTAL RESULTS")), qPrintable(out));
    }

    // exec.scenario.startTime: when each scenario started (Unix ms; 'late' has startTime 1s);
    // exec.scenario.progress: elapsed ÷ duration for constant-vus, iterations done ÷ iterations
    // for shared-iterations (k6's progress functions).
    void scenarioStartTimeAndProgress()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString exportFile = dir.filePath(QStringLiteral("summary.json"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QString out, err;
        const int code = run({"run", "-q", "--summary-export", exportFile, fixture("exec_scenario_time.js")}, &out, &err);
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(code, 0);
        QFile ef(exportFile);
        QVERIFY(ef.open(QIODevice::ReadOnly));
        const QJsonObject metrics = QJsonDocument::fromJson(ef.readAll()).object().value("metrics").toObject();
        const auto value = [&](const char *metric, const char *stat) {
            return metrics.value(QLatin1String(metric)).toObject().value(QLatin1String(stat)).toDouble(-1);
        };
        QCOMPARE(metrics.value("checks").toObject().value("fails").toInteger(), 0);
        const double early = value("start_early", "value"), late = value("start_late", "value");
        QVERIFY2(early >= double(before) && early <= double(after), qPrintable(QString::number(early, 'f', 0)));
        QVERIFY2(late - early >= 1000 && late <= double(after), qPrintable(QString::number(late - early)));
        // The same start time for every iteration of a scenario.
        QCOMPARE(value("start_early", "min"), early);
        QCOMPARE(value("start_early", "max"), early);
        // constant-vus: elapsed ÷ 2 s, rising from ~0 to close to 1.
        QVERIFY(value("first_progress_early", "value") < 0.25);
        QVERIFY(value("progress_early", "min") >= 0);
        QVERIFY2(value("progress_early", "max") > 0.75 && value("progress_early", "max") <= 1, qPrintable(out));
        // shared-iterations: iterations done ÷ 10, read while iteration k+1 runs: 0, 0.1, ..., 0.9.
        QCOMPARE(value("first_progress_late", "value"), 0.0);
        QCOMPARE(value("progress_late", "min"), 0.0);
        QVERIFY2(qAbs(value("progress_late", "max") - 0.9) < 0.01, qPrintable(QString::number(value("progress_late", "max"))));
        QVERIFY2(qAbs(value("progress_late", "avg") - 0.45) < 0.01, qPrintable(QString::number(value("progress_late", "avg"))));
    }

    // Issue 5's proof: the numbers in --summary-export, --out json and --out csv match what the
    // fixture server counted, exactly.
    void exportedNumbersMatchServerCounts()
    {
        m_target.resetCounters();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString exportFile = dir.filePath(QStringLiteral("summary.json"));
        const QString jsonFile = dir.filePath(QStringLiteral("samples.json"));
        const QString csvFile = dir.filePath(QStringLiteral("samples.csv"));
        QString out, err;
        const int code = run({"run", "-q", "--summary-export", exportFile, "--out", "json=" + jsonFile,
                              "--out", "csv=" + csvFile, "-e", "BASE_URL=" + m_target.baseUrl(),
                              fixture("exported.js")}, &out, &err);
        QCOMPARE(code, 0);
        const qint64 served = m_target.requestCount(QStringLiteral("/ok"));
        QCOMPARE(served, 25);

        QFile ef(exportFile);
        QVERIFY(ef.open(QIODevice::ReadOnly));
        const QJsonObject metrics = QJsonDocument::fromJson(ef.readAll()).object().value("metrics").toObject();
        QCOMPARE(metrics.value("http_reqs").toObject().value("count").toInteger(), served);
        QCOMPARE(metrics.value("iterations").toObject().value("count").toInteger(), 25);
        QCOMPARE(metrics.value("checks").toObject().value("passes").toInteger(), 25);
        QCOMPARE(metrics.value("checks").toObject().value("fails").toInteger(), 0);
        QCOMPARE(metrics.value("http_reqs").toObject().value("thresholds").toObject().value("count>=25").toBool(true), false);

        // JSON lines: one Point per sample; http_reqs points carry the group tag.
        QFile jf(jsonFile);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        qint64 reqPoints = 0, checkPoints = 0, iterPoints = 0;
        double reqSum = 0;
        while (!jf.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(jf.readLine()).object();
            if (line.value("type").toString() != QLatin1String("Point"))
                continue;
            const QString metric = line.value("metric").toString();
            const QJsonObject data = line.value("data").toObject();
            if (metric == QLatin1String("http_reqs")) {
                ++reqPoints;
                reqSum += data.value("value").toDouble();
                QCOMPARE(data.value("tags").toObject().value("group").toString(), QStringLiteral("::api"));
            } else if (metric == QLatin1String("checks")) {
                ++checkPoints;
            } else if (metric == QLatin1String("iterations")) {
                ++iterPoints;
            }
        }
        QCOMPARE(reqPoints, served);
        QCOMPARE(qint64(reqSum), served);
        QCOMPARE(checkPoints, 25);
        QCOMPARE(iterPoints, 25);

        // CSV: one row per sample, metric name in the first column.
        QFile cf(csvFile);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        QVERIFY(cf.readLine().startsWith("metric_name,timestamp,metric_value"));
        qint64 reqRows = 0, iterRows = 0;
        while (!cf.atEnd()) {
            const QByteArray row = cf.readLine();
            reqRows += row.startsWith("http_reqs,") ? 1 : 0;
            iterRows += row.startsWith("iterations,") ? 1 : 0;
        }
        QCOMPARE(reqRows, served);
        QCOMPARE(iterRows, 25);
    }

    // Requests cut at the end of an externally-controlled scenario (no graceful stop) are in the
    // summary, the JSON lines and the CSV as http_reqs_interrupted; with http_reqs they add up to
    // what the target received (issue 15, item 11).
    void interruptedRequestsAreReported()
    {
        m_target.resetCounters();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString jsonFile = dir.filePath(QStringLiteral("samples.json"));
        const QString csvFile = dir.filePath(QStringLiteral("samples.csv"));
        QString out, err;
        const int code = run({"run", "-q", "--out", "json=" + jsonFile, "--out", "csv=" + csvFile, "-e",
                              "BASE_URL=" + m_target.baseUrl(), "-e", "DELAY_MS=400", "-e", "DURATION=1s",
                              fixture("ext.js")}, &out, &err);
        QCOMPARE(code, 0);
        const qint64 completed = summaryCount(out, QStringLiteral("http_reqs"));
        const qint64 interrupted = summaryCount(out, QStringLiteral("http_reqs_interrupted"));
        QVERIFY2(interrupted > 0, qPrintable(out));
        // The target may still be reading the last requests that were cut: let it settle.
        QTRY_COMPARE_WITH_TIMEOUT(m_target.requestCount(QStringLiteral("/delay")), completed + interrupted, 5000);
        QFile jf(jsonFile);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        double jsonInterrupted = 0;
        while (!jf.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(jf.readLine()).object();
            if (line.value("type").toString() == QLatin1String("Point") && line.value("metric").toString() == QLatin1String("http_reqs_interrupted"))
                jsonInterrupted += line.value("data").toObject().value("value").toDouble();
        }
        QCOMPARE(qint64(jsonInterrupted), interrupted);
        QFile cf(csvFile);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        double csvInterrupted = 0;
        while (!cf.atEnd()) {
            const QByteArray row = cf.readLine();
            if (row.startsWith("http_reqs_interrupted,"))
                csvInterrupted += row.split(',').value(2).toDouble();
        }
        QCOMPARE(qint64(csvInterrupted), interrupted);
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

    // --rps caps the request starts of all VUs together: they are 1/rps apart, so a run can
    // never have made more than elapsed x rps + 1 (single requests and http.batch alike).
    void rpsLimitsRequests()
    {
        m_target.resetCounters();
        QString out, err;
        QElapsedTimer clock;
        clock.start();
        int code = run({"run", "-q", "-u", "4", "-d", "1s", "--rps", "20", "-e", "BASE_URL=" + m_target.baseUrl(),
                        fixture("constant.js")}, &out, &err);
        qint64 elapsedMs = clock.elapsed();
        QCOMPARE(code, 0);
        qint64 received = m_target.requestCount(QStringLiteral("/ok"));
        QVERIFY2(received > 0 && received <= elapsedMs * 20 / 1000 + 1,
                 qPrintable(QStringLiteral("%1 requests in %2 ms").arg(received).arg(elapsedMs)));
        QCOMPARE(summaryCount(out, QStringLiteral("http_reqs")), received);

        m_target.resetCounters();
        out.clear();
        clock.restart();
        code = run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("rps_batch.js")}, &out, &err);
        elapsedMs = clock.elapsed();
        QCOMPARE(code, 0);
        received = m_target.requestCount(QStringLiteral("/ok"));
        QCOMPARE(received, 10);
        QVERIFY2(elapsedMs >= 9 * 50, qPrintable(QStringLiteral("10 paced requests in %1 ms").arg(elapsedMs)));
    }

    // blockHostnames / blacklistIPs: the requests fail with k6's codes and messages (the script's
    // checks threshold passes only if they do), nothing reaches the target, both still count as
    // requests; a bad range is a configuration error (104).
    void networkPolicy()
    {
        m_target.resetCounters();
        QString out, err;
        int code = run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("network_policy.js")}, &out, &err);
        QVERIFY2(code == 0, qPrintable(out + err));
        QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), 0);
        QCOMPARE(summaryCount(out, QStringLiteral("http_reqs")), 2);
        out.clear();
        err.clear();
        qputenv("K6_BLACKLIST_IPS", "10.0.0.0/40");
        code = run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("constant.js")}, &out, &err);
        qunsetenv("K6_BLACKLIST_IPS");
        QCOMPARE(code, 104);
        QVERIFY2(err.contains(QStringLiteral("invalid CIDR address: 10.0.0.0/40")), qPrintable(err));
    }

    // options.hosts sends made-up names to the target (no DNS), "name:port" to another port.
    void hostsOption()
    {
        m_target.resetCounters();
        QString out, err;
        const QString port = QString::number(QUrl(m_target.baseUrl()).port());
        const int code = run({"run", "-q", "-e", "PORT=" + port, fixture("hosts_option.js")}, &out, &err);
        QVERIFY2(code == 0, qPrintable(out + err));
        QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), 2);
    }

    // options.minIterationDuration pads each full iteration (the padding is not part of its
    // iteration_duration, as in k6).
    void minIterationDurationPads()
    {
        QString out, err;
        QElapsedTimer clock;
        clock.start();
        const int code = run({"run", "-q", fixture("min_iteration.js")}, &out, &err);
        const qint64 elapsedMs = clock.elapsed();
        QCOMPARE(code, 0);
        QCOMPARE(summaryCount(out, QStringLiteral("iterations")), 3);
        QVERIFY2(elapsedMs >= 3 * 200, qPrintable(QStringLiteral("3 padded iterations in %1 ms").arg(elapsedMs)));
    }

    // --http-debug logs each request and response (headers; =full adds the bodies) at info level
    // with source=http-debug, as k6's dump.
    void httpDebugLogsHops()
    {
        QString out, err;
        int code = run({"run", "-q", "-i", "1", "-u", "1", "--http-debug", "-e", "BASE_URL=" + m_target.baseUrl(),
                        fixture("constant.js")}, &out, &err);
        QCOMPARE(code, 0);
        const QString host = QUrl(m_target.baseUrl()).authority();
        QVERIFY2(err.contains(QStringLiteral("level=info msg=\"Request:\\nGET /ok HTTP/1.1\\r\\nHost: %1\\r\\n").arg(host)),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("User-Agent: Grafana k6/1.3.0\\r\\n\\r\\n\\n\" source=http-debug")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("msg=\"Response:\\nHTTP/1.1 200 OK\\r\\n")), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("\\r\\n\\r\\nok")), qPrintable(err));   // no body without =full
        err.clear();
        code = run({"run", "-q", "-i", "1", "-u", "1", "--http-debug=full", "-e", "BASE_URL=" + m_target.baseUrl(),
                    fixture("constant.js")}, &out, &err);
        QCOMPARE(code, 0);
        QVERIFY2(err.contains(QStringLiteral("\\r\\n\\r\\nok\\n\" source=http-debug")), qPrintable(err));
    }

    // Three runners of 0,1/3,2/3,1 (`--execution-segment` and `--execution-segment-sequence`),
    // each told its own third, together run the 100 shared iterations of one unsegmented run;
    // the banner shows each runner's share and scaled numbers as k6 does.
    void executionSegments()
    {
        const QStringList segments = {"0:1/3", "1/3:2/3", "2/3:1"};
        const QStringList banners = {"(33.33%) 1 scenario, 4 max VUs", "(33.33%) 1 scenario, 3 max VUs",
                                     "(33.33%) 1 scenario, 3 max VUs"};
        const QList<qint64> iterations{40, 30, 30};
        qint64 total = 0;
        for (int i = 0; i < 3; ++i) {
            m_target.resetCounters();
            QString out, err;
            const int code = run({"run", "--execution-segment", segments[i], "--execution-segment-sequence",
                                  "0,1/3,2/3,1", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("seg_shared.js")},
                                 &out, &err);
            QCOMPARE(code, 0);
            QVERIFY2(out.contains(banners[i]), qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral("* shared: %1 iterations shared among").arg(iterations[i])),
                     qPrintable(out));
            QCOMPARE(summaryCount(out, QStringLiteral("iterations")), iterations[i]);
            QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), iterations[i]);
            total += m_target.requestCount(QStringLiteral("/ok"));
        }
        QCOMPARE(total, 100);

        QString out, err;
        QCOMPARE(run({"run", "-q", "--execution-segment", "1/4:1/2", "--execution-segment-sequence", "0,1/3,2/3,1",
                      fixture("seg_shared.js")}, &out, &err), 104);
        QVERIFY2(err.contains("provided segment 1/4:1/2 can't be found in sequence 0,1/3,2/3,1"), qPrintable(err));
        QCOMPARE(run({"run", "-q", "--execution-segment", "2:3", fixture("seg_shared.js")}, &out, &err), 255);
        QVERIFY2(err.contains("segment end value can't be more than 1 but was 3.00"), qPrintable(err));
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

    // --offline reaches the loader: a remote module that is not in the (empty) cache is an error
    // saying so; without the flag the same script tries the network (nothing listens on port 9).
    void offlineFlag()
    {
        QTemporaryDir cache, dir;
        const QByteArray oldXdg = qgetenv("XDG_CACHE_HOME");
        qputenv("XDG_CACHE_HOME", cache.path().toLocal8Bit());
        const QString script = dir.filePath(QStringLiteral("offline.js"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import { x } from 'https://127.0.0.1:9/lib.js';\nexport default function () {}\n");
        f.close();
        QString out, err, out2, err2;
        const int offline = run({"run", "-q", "--offline", script}, &out, &err);
        const int online = run({"run", "-q", script}, &out2, &err2);
        qputenv("XDG_CACHE_HOME", oldXdg);
        if (oldXdg.isNull())
            qunsetenv("XDG_CACHE_HOME");
        QCOMPARE(offline, 107);
        QVERIFY2(err.contains(QStringLiteral("https://127.0.0.1:9/lib.js is not cached, and --offline does not fetch it")),
                 qPrintable(err));
        QCOMPARE(online, 107);
        QVERIFY2(err2.contains(QStringLiteral("dial tcp 127.0.0.1:9: connect: connection refused")), qPrintable(err2));
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

    // Async setup and an async exec function: every awaited request belongs to its iteration.
    void asyncScript()
    {
        m_target.resetCounters();
        QString out, err;
        const int code = run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("async_run.js")}, &out, &err);
        QVERIFY2(code == 0, qPrintable(out + err));
        QCOMPARE(summaryCount(out, QStringLiteral("http_reqs")), qint64(12));
        QCOMPARE(m_target.requestCount(QStringLiteral("/ok")), qint64(12));
        QCOMPARE(summaryCount(out, QStringLiteral("iterations")), qint64(6));
        QVERIFY2(out.contains(QStringLiteral("✓ both ok")), qPrintable(out));
        QVERIFY2(!err.contains(QStringLiteral("level=error")), qPrintable(err));
    }

    void thresholdMarksInSummary()
    {
        QString out, err;
        // k6 v0.49's layout (--summary-mode=legacy) marks the metric lines themselves.
        run({"run", "-q", "--summary-mode=legacy", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("thresholdfail.js")},
            &out, &err);
        QVERIFY2(out.contains(QStringLiteral("✗ http_req_duration")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("✓ http_reqs")), qPrintable(out));
        // k6 v1's default lists them under █ THRESHOLDS, one line per expression.
        out.clear();
        run({"run", "-q", "-e", "BASE_URL=" + m_target.baseUrl(), fixture("thresholdfail.js")}, &out, &err);
        QVERIFY2(out.contains(QStringLiteral("█ THRESHOLDS")) && out.contains(QStringLiteral("\n    http_req_duration\n    ✗ '")),
                 qPrintable(out));
    }

    // -v and --log-format, before or after the command as k6's global flags: -v shows
    // console.debug; json writes one object per line with logrus' sorted keys; raw only the text.
    void logFlags_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<bool>("debugShown");
        QTest::addColumn<QString>("format");
        QTest::newRow("default") << QStringList{"run"} << false << "text";
        QTest::newRow("-v after run") << QStringList{"run", "-v"} << true << "text";
        QTest::newRow("-v before run") << QStringList{"-v", "run"} << true << "text";
        QTest::newRow("--verbose --log-format json before run") << QStringList{"--verbose", "--log-format", "json", "run"} << true << "json";
        QTest::newRow("--log-format=raw after run") << QStringList{"run", "--log-format=raw"} << false << "raw";
        QTest::newRow("unknown format is text, as k6") << QStringList{"run", "--log-format=xml"} << false << "text";
    }
    void logFlags()
    {
        QFETCH(QStringList, flags);
        QFETCH(bool, debugShown);
        QFETCH(QString, format);
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("log.js"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("export const options = { vus: 1, iterations: 1 };\n"
                "export default function () { console.log('say \"hi\"'); console.debug('detail'); }\n");
        f.close();
        QString out, err;
        const int code = run(flags + QStringList{"-q", "--no-summary", script}, &out, &err);
        QCOMPARE(code, 0);
        QCOMPARE(err.contains(QLatin1String("detail")), debugShown);
        const QStringList lines = err.split(QLatin1Char('\n'));
        const auto says = std::find_if(lines.begin(), lines.end(), [](const QString &l) { return l.contains(QLatin1String("say")); });
        QVERIFY2(says != lines.end(), qPrintable(err));
        if (format == QLatin1String("raw")) {
            QCOMPARE(*says, QStringLiteral("say \"hi\""));
        } else if (format == QLatin1String("json")) {
            const QJsonObject o = QJsonDocument::fromJson(says->toUtf8()).object();
            QCOMPARE(o.value(QLatin1String("msg")).toString(), QStringLiteral("say \"hi\""));
            QCOMPARE(o.value(QLatin1String("level")).toString(), QStringLiteral("info"));
            QCOMPARE(o.value(QLatin1String("source")).toString(), QStringLiteral("console"));
            QVERIFY(says->startsWith(QLatin1String("{\"level\":\"info\",\"msg\":")));   // logrus' sorted keys
            QVERIFY(QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODate).isValid());
        } else {
            QVERIFY2(says->contains(QLatin1String(" level=info msg=\"say \\\"hi\\\"\" source=console")), qPrintable(*says));
        }
    }
};

QTEST_MAIN(TstRunCli)
#include "tst_runcli.moc"
