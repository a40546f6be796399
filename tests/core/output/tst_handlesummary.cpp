// handleSummary(data) (script-api.md §1.5) — every return case through the real `throttle run`,
// the interpretation table, the time limit — and the end-to-end outputs run: --out json/csv and
// --summary-export against a DemoTarget must count exactly the requests the target received.
#include "cli/cli.h"
#include "core/exec/preparedrun.h"
#include "core/output/handlesummary.h"
#include "demo/demotarget.h"
#include "outputtestutil.h"
#include "support/testlog.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstHandleSummary : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    DemoTarget m_target;

    static int run(const QStringList &args, QString *out, QString *err)
    {
        QTextStream o(out), e(err);
        const int code = runCli(args, o, e);
        o.flush();
        e.flush();
        return code;
    }
    static bool hasDefaultSummary(const QString &out)
    {
        static const QRegularExpression line(QStringLiteral("\\n\\s+iterations\\.+: 1 "));
        return line.match(out).hasMatch();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_target.start());
    }

    void interpret_data()
    {
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("printDefault");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<QString>("error");
        QTest::newRow("undefined") << true << QByteArray() << true << 0 << "";
        QTest::newRow("null") << true << QByteArray("null") << true << 0 << "";
        QTest::newRow("false") << true << QByteArray("false") << true << 0 << "";
        QTest::newRow("0") << true << QByteArray("0") << true << 0 << "";
        QTest::newRow("empty string") << true << QByteArray("\"\"") << true << 0 << "";
        QTest::newRow("{}") << true << QByteArray("{}") << false << 0 << "";
        QTest::newRow("outputs") << true << QByteArray(R"({"x.txt":"f","stderr":"e","stdout":"o"})") << false << 3 << "";
        QTest::newRow("array buffer") << true << QByteArray(R"({"b.bin":{"__throttleArrayBuffer":[0,255,65]}})")
                                      << false << 1 << "";
        QTest::newRow("string") << true << QByteArray("\"text\"") << false << 0
                                << "handleSummary() should return a map with string keys";
        QTest::newRow("true") << true << QByteArray("true") << false << 0
                              << "handleSummary() should return a map with string keys";
        QTest::newRow("array") << true << QByteArray("[1]") << false << 0
                               << "handleSummary() should return a map with string keys";
        QTest::newRow("number value") << true << QByteArray(R"({"stdout":"a","x":1})") << false << 0
                                      << "error handling summary object x: invalid type int64, it needs to be a string or ArrayBuffer";
        QTest::newRow("object value") << true << QByteArray(R"({"x":{"a":1}})") << false << 0
                                      << "error handling summary object x: invalid type map[string]interface {}, it needs to be a string or ArrayBuffer";
        QTest::newRow("exception") << false << QByteArray() << true << 0 << "";
    }
    void interpret()
    {
        QFETCH(bool, ok);
        QFETCH(QByteArray, json);
        QFETCH(bool, printDefault);
        QFETCH(int, outputs);
        QFETCH(QString, error);
        const CallResult call{ok, json, ok ? QString() : QStringLiteral("Error: boom")};
        const HandleSummary::Result r = HandleSummary::interpret(call);
        QCOMPARE(r.printDefault, printDefault);
        QCOMPARE(r.outputs.size(), outputs);
        QCOMPARE(r.error, error);
        QCOMPARE(r.exception, ok ? QString() : QStringLiteral("Error: boom"));
        if (outputs == 3) {   // stdout, stderr, then files
            QCOMPARE(r.outputs[0], (QPair<QString, QByteArray>{"stdout", "o"}));
            QCOMPARE(r.outputs[1], (QPair<QString, QByteArray>{"stderr", "e"}));
            QCOMPARE(r.outputs[2], (QPair<QString, QByteArray>{"x.txt", "f"}));
        }
        if (QTest::currentDataTag() == QLatin1String("array buffer"))
            QCOMPARE(r.outputs[0].second, QByteArray("\x00\xff" "A", 3));
    }

    void returnHandling_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("summary");      // the default text summary on stdout
        QTest::addColumn<QString>("outText");   // must be in stdout ("" = nothing to check)
        QTest::addColumn<QString>("errText");   // must be in stderr
        QTest::newRow("undefined -> default") << "undefined" << true << "" << "";
        QTest::newRow("false -> default") << "false" << true << "" << "";
        QTest::newRow("null -> default") << "null" << true << "" << "";
        QTest::newRow("0 -> default") << "zero" << true << "" << "";
        QTest::newRow("{} -> nothing") << "empty" << false << "" << "";
        QTest::newRow("stdout, stderr, file") << "outputs" << false << "to stdout\n" << "to stderr\n";
        QTest::newRow("string -> error") << "string" << false << ""
            << "level=error msg=\"failed to handle the end-of-test summary\" error=\"handleSummary() should return a map with string keys\"";
        QTest::newRow("number -> error") << "number" << false << ""
            << "error=\"handleSummary() should return a map with string keys\"";
        QTest::newRow("bad value -> error") << "badvalue" << false << ""
            << "error=\"error handling summary object stdout: invalid type int64, it needs to be a string or ArrayBuffer\"";
        QTest::newRow("exception -> logged + default") << "throw" << true << "" << "summary boom";
    }
    void returnHandling()
    {
        QFETCH(QString, mode);
        QFETCH(bool, summary);
        QFETCH(QString, outText);
        QFETCH(QString, errText);
        const QString file = m_dir.filePath(mode + QStringLiteral(".txt"));
        QString out, err;
        const int code = run({"run", "-q", "-e", "MODE=" + mode, "-e", "FILE=" + file, fixture("out_handlesummary.js")},
                             &out, &err);
        QCOMPARE(code, 0);   // never changed by handleSummary
        QVERIFY2(hasDefaultSummary(out) == summary, qPrintable(out));
        QVERIFY2(out.contains(outText), qPrintable(out));
        QVERIFY2(err.contains(errText), qPrintable(err));
        if (mode == QLatin1String("outputs")) {
            QCOMPARE(readAll(file), QByteArray("file abc"));
            QVERIFY(out.endsWith(QStringLiteral("to stdout\n")));
        }
        if (!summary && outText.isEmpty())
            QVERIFY2(!out.contains(QStringLiteral("checks")) && !out.contains(QStringLiteral("iteration_duration")),
                     qPrintable(out));
    }

    void exitCodeUnchanged()
    {
        QString out, err;
        const QString exportPath = m_dir.filePath(QStringLiteral("fail-export.json"));
        const int code = run({"run", "-q", "-e", "MODE=empty", "-e", "FAIL=1", "--summary-export=" + exportPath,
                              fixture("out_handlesummary.js")}, &out, &err);
        QCOMPARE(code, 99);
        QVERIFY(!hasDefaultSummary(out));
        // --summary-export is still written when handleSummary exists.
        const QJsonObject doc = QJsonDocument::fromJson(readAll(exportPath)).object();
        QCOMPARE(doc["metrics"]["iterations"]["thresholds"]["count>5"].toBool(), true);   // true = failed
        QCOMPARE(doc["setup_data"]["token"].toString(), QStringLiteral("abc"));
    }

    void dataArgument()
    {
        const QString file = m_dir.filePath(QStringLiteral("data.json"));
        QString out, err;
        QCOMPARE(run({"run", "-q", "-e", "MODE=data", "-e", "FILE=" + file, "--summary-trend-stats=avg,p(99)",
                      fixture("out_handlesummary.js")}, &out, &err), 0);
        const QJsonObject d = QJsonDocument::fromJson(readAll(file)).object();
        QVERIFY2(!d.isEmpty(), qPrintable(err));
        QCOMPARE(d["setup_data"].toObject(), (QJsonObject{{"token", "abc"}}));
        QCOMPARE(d["options"]["summaryTrendStats"].toArray(), (QJsonArray{"avg", "p(99)"}));
        QCOMPARE(d["options"]["noColor"].toBool(), false);
        QVERIFY(d["state"]["testRunDurationMs"].toDouble() > 0);
        QVERIFY(d["state"]["isStdOutTTY"].isBool());
        QCOMPARE(d["metrics"]["iterations"]["type"].toString(), QStringLiteral("counter"));
        QCOMPARE(d["metrics"]["iterations"]["values"]["count"].toDouble(), 1.0);
        QCOMPARE(d["metrics"]["iteration_duration"]["contains"].toString(), QStringLiteral("time"));
        QCOMPARE(d["metrics"]["iteration_duration"]["values"].toObject().keys(), (QStringList{"avg", "p(99)"}));
        const QJsonObject root = d["root_group"].toObject();
        QCOMPARE(root["id"].toString(), QStringLiteral("d41d8cd98f00b204e9800998ecf8427e"));
        QCOMPARE(root["groups"][0]["name"].toString(), QStringLiteral("setup"));   // the pseudo-group
        QVERIFY(root["checks"].isArray());
    }

    void timeLimit()
    {
        QMap<QString, QString> env{{"MODE", "slow"}};
        RunRequest req;
        req.scriptPath = fixture("out_handlesummary.js");
        req.env = env;
        TestLog log;
        int code = 0;
        QString error;
        auto prepared = PreparedRun::prepare(req, &log, &code, &error);
        QVERIFY2(prepared, qPrintable(error));
        HandleSummary hs(prepared->context(), &prepared->run());
        hs.setTimeoutMs(300);
        QElapsedTimer t;
        t.start();
        const HandleSummary::Result r = hs.call("{}");
        QVERIFY(t.elapsed() < 10000);
        QVERIFY(!r.printDefault);
        QCOMPARE(r.error, QStringLiteral("handleSummary() execution timed out after 0.3 seconds"));
    }

    void outputsEndToEnd()
    {
        m_target.resetCounters();
        const QString json = m_dir.filePath(QStringLiteral("e2e.json"));
        const QString csv = m_dir.filePath(QStringLiteral("e2e.csv.gz"));
        const QString exported = m_dir.filePath(QStringLiteral("e2e-summary.json"));
        QString out, err;
        const int code = run({"run", "--out", "json=" + json, "--out", "csv=" + csv, "--summary-export=" + exported,
                              "-e", "BASE_URL=" + m_target.baseUrl(), fixture("out_requests.js")}, &out, &err);
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("output: json (%1), csv (%2)").arg(json, csv)), qPrintable(out));
        const qint64 received = m_target.requestCount();
        QCOMPARE(received, 30);

        const QJsonObject doc = QJsonDocument::fromJson(readAll(exported)).object();
        QCOMPARE(qint64(doc["metrics"]["http_reqs"]["count"].toDouble()), received);
        QCOMPARE(doc["root_group"]["checks"]["is 200"]["passes"].toInt(), 30);

        qint64 points = 0, metricLines = 0;
        for (const QByteArray &line : readAll(json).split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            QVERIFY2(!o.isEmpty(), line.constData());
            if (o["metric"].toString() != QLatin1String("http_reqs"))
                continue;
            if (o["type"].toString() == QLatin1String("Point")) {
                QCOMPARE(metricLines, 1);   // the Metric line comes first
                QCOMPARE(o["data"]["value"].toDouble(), 1.0);
                QCOMPARE(o["data"]["tags"]["status"].toString(), QStringLiteral("200"));
                ++points;
            } else {
                ++metricLines;
            }
        }
        QCOMPARE(metricLines, 1);
        QCOMPARE(points, received);

        bool ok = false;
        const QByteArray rows = gunzip(readAll(csv), &ok);
        QVERIFY(ok);
        qint64 csvRows = 0;
        for (const QByteArray &line : rows.split('\n'))
            csvRows += line.startsWith("http_reqs,") ? 1 : 0;
        QCOMPARE(csvRows, received);
    }

    void badOutputFails()
    {
        QString out, err;
        QCOMPARE(run({"run", "-q", "--out", "nope=x", "-e", "MODE=empty", fixture("out_handlesummary.js")}, &out, &err), 255);
        QVERIFY2(err.contains(QStringLiteral("invalid output type 'nope', available types are: csv, json")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TstHandleSummary)
#include "tst_handlesummary.moc"
