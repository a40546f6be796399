// `--out json` (script-api.md §11.3): exact Metric/Point lines for fixed samples, Go's number and
// time formats, escaping, gzip, stdout, and the factory's errors.
#include "core/metrics/metricsengine.h"
#include "core/output/jsonoutput.h"
#include "outputtestutil.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTextStream>
#include <QJsonDocument>
#include <QtTest>

using namespace throttle;

// Expected JSON texts. Raw string literals confuse moc (Qt 6.4), so it must not see them.
#ifndef Q_MOC_RUN
namespace expected {
QByteArray specText()
{
    return QByteArray(
            R"({"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":[],"submetrics":[{"name":"http_req_duration{expected_response:true}","suffix":"expected_response:true","tags":{"expected_response":"true"}}]},"metric":"http_req_duration"})" "\n"
            R"({"metric":"http_req_duration","type":"Point","data":{"time":"2026-11-26T01:54:00.231556487Z","value":0.272935,"tags":{"expected_response":"true","group":"::grp::inner","method":"GET","name":"http://127.0.0.1:18080/ok","proto":"HTTP/1.1","scenario":"default","status":"200","url":"http://127.0.0.1:18080/ok"}}})" "\n"
            R"({"type":"Metric","data":{"name":"checks","type":"rate","contains":"default","thresholds":[],"submetrics":null},"metric":"checks"})" "\n"
            R"({"metric":"checks","type":"Point","data":{"time":"2026-11-26T01:54:58.008493586Z","value":1,"tags":{"check":"c1","ct":"v","group":"","run":"r1","scenario":"default"}}})" "\n"
            R"({"type":"Metric","data":{"name":"iteration_duration","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"iteration_duration"})" "\n"
            R"({"metric":"iteration_duration","type":"Point","data":{"time":"2026-11-26T01:54:00.230645801Z","value":0.003632,"tags":{"group":"::setup"}}})" "\n"
            R"({"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"})" "\n"
            R"({"metric":"vus","type":"Point","data":{"time":"2026-11-26T01:55:14.413309321Z","value":2,"tags":{}}})" "\n"
            R"({"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":["count>=1"],"submetrics":null},"metric":"http_reqs"})" "\n"
            R"({"metric":"http_reqs","type":"Point","data":{"time":"2026-11-26T01:55:59.289626313Z","value":1,"tags":{"expected_response":"true","group":"::grp::inner","method":"GET","name":"http://127.0.0.1:18080/ok","proto":"HTTP/1.1","scenario":"default","status":"200","url":"http://127.0.0.1:18080/ok"}}})" "\n");
}
QByteArray metricStart() { return R"({"type":"Metric",)"; }
QByteArray pointStart() { return R"({"metric":"iterations","type":"Point")"; }
QByteArray thresholdsJson() { return R"("thresholds":["count>0"])"; }
QByteArray lastLine() { return R"("value":2857,"tags":{}}})" "\n"; }
QByteArray metricLine() { return R"({"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"})"; }
QByteArray pointLine() { return R"({"metric":"vus","type":"Point","data":{"time":"2026-11-26T01:55:14.413309321Z","value":2,"tags":{}}})"; }
} // namespace expected
#endif

class TstJsonOutput : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // Runs samples through a fresh engine into a JSON output at `path`; returns the file's bytes.
    static void feed(MetricsEngine &engine, OutputSink &out, std::vector<Sample> samples)
    {
        engine.addSink(&out);
        engine.ingest(std::move(samples));
        engine.collect();
        QString error;
        QVERIFY2(out.close(&error), qPrintable(error));
    }
    static std::vector<Sample> specSamples(MetricsEngine &e)
    {
        const TagSetId http = e.intern({{"expected_response", "true"}, {"group", "::grp::inner"}, {"method", "GET"},
                                        {"name", "http://127.0.0.1:18080/ok"}, {"proto", "HTTP/1.1"},
                                        {"scenario", "default"}, {"status", "200"},
                                        {"url", "http://127.0.0.1:18080/ok"}});
        const TagSetId check = e.intern({{"check", "c1"}, {"ct", "v"}, {"group", ""}, {"run", "r1"}, {"scenario", "default"}});
        const TagSetId setup = e.intern({{"group", "::setup"}});
        return {
            {builtin::HttpReqDuration, http, 0.272935, utcNs(2026, 11, 26, 1, 54, 0, 231556487)},
            {builtin::Checks, check, 1, utcNs(2026, 11, 26, 1, 54, 58, 8493586)},
            {builtin::IterationDuration, setup, 0.003632, utcNs(2026, 11, 26, 1, 54, 0, 230645801)},
            {builtin::Vus, 0, 2, utcNs(2026, 11, 26, 1, 55, 14, 413309321)},
            {builtin::HttpReqs, http, 1, utcNs(2026, 11, 26, 1, 55, 59, 289626313)},
        };
    }
    static QJsonObject specThresholds()
    {
        return QJsonObject{{"http_reqs", QJsonArray{"count>=1"}}, {"http_req_duration{name:x}", QJsonArray{"p(95)<1"}}};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void goFloat_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("integer") << 1.0 << QByteArray("1");
        QTest::newRow("hundred") << 100.0 << QByteArray("100");
        QTest::newRow("fraction") << 0.272935 << QByteArray("0.272935");
        QTest::newRow("float noise") << 0.23919100000000004 << QByteArray("0.23919100000000004");
        QTest::newRow("below 1e6") << 123456.0 << QByteArray("123456");
        QTest::newRow("1e6 -> exponent") << 1e6 << QByteArray("1e+06");
        QTest::newRow("bytes") << 1234567.0 << QByteArray("1.234567e+06");
        QTest::newRow("1e-4 stays") << 0.0001 << QByteArray("0.0001");
        QTest::newRow("1e-5 -> exponent") << 0.00001 << QByteArray("1e-05");
        QTest::newRow("negative") << -2.5 << QByteArray("-2.5");
        QTest::newRow("large") << 1.5e300 << QByteArray("1.5e+300");
        QTest::newRow("zero") << 0.0 << QByteArray("0");
    }
    void goFloat()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, text);
        QByteArray out;
        JsonOutput::appendGoFloat(&out, value);
        QCOMPARE(out, text);
    }

    void rfc3339_data()
    {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("epoch") << qint64(0) << QByteArray("1970-01-01T00:00:00Z");
        QTest::newRow("spec") << utcNs(2026, 11, 26, 1, 54, 0, 231556487) << QByteArray("2026-11-26T01:54:00.231556487Z");
        QTest::newRow("trailing zeros dropped") << utcNs(2026, 1, 2, 3, 4, 5, 500000000) << QByteArray("2026-01-02T03:04:05.5Z");
        QTest::newRow("leap day") << utcNs(2024, 2, 29, 23, 59, 59, 1) << QByteArray("2024-02-29T23:59:59.000000001Z");
        QTest::newRow("before epoch") << qint64(-1) << QByteArray("1969-12-31T23:59:59.999999999Z");
        QTest::newRow("year end") << utcNs(2030, 12, 31, 12, 0, 0, 0) << QByteArray("2030-12-31T12:00:00Z");
    }
    void rfc3339()
    {
        QFETCH(qint64, ns);
        QFETCH(QByteArray, text);
        QByteArray out;
        JsonOutput::appendRfc3339Nano(&out, ns);
        QCOMPARE(out, text);
    }

    void specLines()
    {
        MetricsEngine engine;
        engine.addSubmetric(QStringLiteral("http_req_duration"), {{"expected_response", "true"}});
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("spec.json"));
        auto out = OutputSink::create("json=" + path, {nullptr, specThresholds()}, &error);
        QVERIFY2(out, qPrintable(error));
        QCOMPARE(out->description(), QStringLiteral("json (%1)").arg(path));
        feed(engine, *out, specSamples(engine));
        QCOMPARE(readAll(path), expected::specText());
    }

    void metricLineOnlyOncePerMetric()
    {
        MetricsEngine engine;
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("twice.json"));
        auto out = JsonOutput::open(path, nullptr, &error);
        QVERIFY(out);
        engine.addSink(out.get());
        for (int i = 0; i < 3; ++i) {
            engine.ingest({{builtin::Iterations, 0, 1, utcNs(2026, 1, 1, 0, 0, i, 0)},
                           {builtin::Iterations, 0, 1, utcNs(2026, 1, 1, 0, 0, i, 1)}});
            engine.collect();
        }
        QVERIFY(out->close(&error));
        const QList<QByteArray> lines = readAll(path).split('\n');
        QCOMPARE(lines.size(), 1 + 6 + 1);   // Metric, 6 Points, "" after the last newline
        const QByteArray metricStart = expected::metricStart();
        const QByteArray pointStart = expected::pointStart();
        QCOMPARE(lines.first().left(17), metricStart);
        for (int i = 1; i <= 6; ++i)
            QVERIFY(lines[i].startsWith(pointStart));
    }

    // §11.3: `metadata` after `tags`, only when the sample's batch carries some (sorted keys,
    // Go's escaping); the cached tag JSON of the same set stays correct for plain batches.
    void metadataAfterTags()
    {
        MetricsEngine engine;
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("meta.json"));
        auto out = JsonOutput::open(path, nullptr, &error);
        QVERIFY(out);
        engine.addSink(out.get());
        const TagSetId t = engine.intern({{"ip", "127.0.0.1"}, {"method", "GET"}, {"status", "200"}});
        const qint64 ns = utcNs(2026, 11, 26, 1, 55, 59, 289626313);
        engine.ingest({{builtin::HttpReqs, t, 1, ns}},
                      std::make_shared<const TagList>(TagList{{"iter", "0"}, {"trace_id", "<abc>"}, {"vu", "1"}}));
        engine.ingest({{builtin::HttpReqs, t, 1, ns}});
        engine.collect();
        QVERIFY(out->close(&error));
        const QList<QByteArray> lines = readAll(path).split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[1], QByteArray(R"({"metric":"http_reqs","type":"Point","data":{"time":"2026-11-26T01:55:59.289626313Z","value":1,"tags":{"ip":"127.0.0.1","method":"GET","status":"200"},"metadata":{"iter":"0","trace_id":"\u003cabc\u003e","vu":"1"}}})"));
        QCOMPARE(lines[2], QByteArray(R"({"metric":"http_reqs","type":"Point","data":{"time":"2026-11-26T01:55:59.289626313Z","value":1,"tags":{"ip":"127.0.0.1","method":"GET","status":"200"}}})"));
        QVERIFY(QJsonDocument::fromJson(lines[1]).isObject());
    }

    void escapesLikeGo()
    {
        MetricsEngine engine;
        const TagSetId tags = engine.intern({{"url", "http://h/?a=1&b=<2>"}, {"q", "say \"hi\"\n"}});
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("escape.json"));
        auto out = OutputSink::create("json=" + path, {nullptr, QJsonObject{{"http_reqs", QJsonArray{"count>0"}}}}, &error);
        QVERIFY(out);
        feed(engine, *out, {{builtin::HttpReqs, tags, 1, 0}});
        const QByteArray text = readAll(path);
        const QByteArray tagsJson = "\"tags\":{\"q\":\"say \\\"hi\\\"\\n\",\"url\":\"http://h/?a=1\\u0026b=\\u003c2\\u003e\"}";
        const QByteArray thresholdsJson = expected::thresholdsJson();   // k6 marshals sources unescaped
        QVERIFY2(text.contains(tagsJson), text);
        QVERIFY2(text.contains(thresholdsJson), text);
    }

    void gzipRoundTrip()
    {
        MetricsEngine engine;
        engine.addSubmetric(QStringLiteral("http_req_duration"), {{"expected_response", "true"}});
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("spec.json.gz"));
        auto out = OutputSink::create("json=" + path, {nullptr, specThresholds()}, &error);
        QVERIFY2(out, qPrintable(error));
        feed(engine, *out, specSamples(engine));
        const QByteArray raw = readAll(path);
        QVERIFY(raw.startsWith("\x1f\x8b"));   // gzip magic
        bool ok = false;
        QCOMPARE(gunzip(raw, &ok), expected::specText());
        QVERIFY(ok);
    }

    void largeGzipRoundTrip()
    {
        MetricsEngine engine;
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("large.json.gz"));
        auto out = JsonOutput::open(path, nullptr, &error);
        QVERIFY(out);
        engine.addSink(out.get());
        const int n = 20000;   // several MB of lines: many buffer flushes and deflate chunks
        for (int b = 0; b < 4; ++b) {
            std::vector<Sample> batch;
            for (int i = 0; i < n; ++i)
                batch.push_back({builtin::HttpReqDuration, 0, double(i) / 7.0, qint64(b) * n + i});
            engine.ingest(std::move(batch));
            engine.collect();
        }
        QVERIFY(out->close(&error));
        bool ok = false;
        const QByteArray text = gunzip(readAll(path), &ok);
        QVERIFY(ok);
        QCOMPARE(text.count('\n'), 4 * n + 1);
        const QByteArray lastLine = expected::lastLine();   // 19999 / 7
        QVERIFY(text.endsWith(lastLine));
    }

    void toStdout_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::newRow("json") << "json";
        QTest::newRow("json=-") << "json=-";
    }
    void toStdout()
    {
        QFETCH(QString, spec);
        MetricsEngine engine;
        QString text, error;
        QTextStream stream(&text);
        auto out = OutputSink::create(spec, {&stream, QJsonObject()}, &error);
        QVERIFY(out);
        QCOMPARE(out->description(), QStringLiteral("json(stdout)"));
        feed(engine, *out, {{builtin::Vus, 0, 2, utcNs(2026, 11, 26, 1, 55, 14, 413309321)}});
        const QByteArray metricLine = expected::metricLine();
        const QByteArray pointLine = expected::pointLine();
        const QString expected = QString::fromUtf8(metricLine + '\n' + pointLine + '\n');
        QCOMPARE(text, expected);
    }

    void errors()
    {
        QString error;
        QVERIFY(!OutputSink::create(QStringLiteral("json=/nonexistent-dir/x.json"), {}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("could not create the 'json' output: open /nonexistent-dir/x.json")), qPrintable(error));
        QVERIFY(!OutputSink::create(QStringLiteral("influxdb=http://x"), {}, &error));
        QCOMPARE(error, QStringLiteral("invalid output type 'influxdb', available types are: csv, json"));
    }
};

QTEST_GUILESS_MAIN(TstJsonOutput)
#include "tst_jsonoutput.moc"
