// `--out csv` (k6's CSV output): header, rows for fixed samples (system tags in their columns,
// other tags in extra_tags, Go's %f values), Go csv quoting, time formats, gzip, argument errors.
#include "core/metrics/metricsengine.h"
#include "core/output/csvoutput.h"
#include "outputtestutil.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstCsvOutput : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QByteArray run(const QString &argument, const std::function<std::vector<Sample>(MetricsEngine &)> &samples,
                   const QString &file)
    {
        MetricsEngine engine;
        QString error;
        auto out = OutputSink::create("csv=" + argument, {}, &error);
        if (!out) {
            qWarning() << error;
            return QByteArray();
        }
        engine.addSink(out.get());
        engine.ingest(samples(engine));
        engine.collect();
        if (!out->close(&error))
            qWarning() << error;
        return readAll(m_dir.filePath(file));
    }
    static std::vector<Sample> httpSamples(MetricsEngine &e)
    {
        const TagSetId t = e.intern({{"ct", "v"}, {"expected_response", "true"}, {"group", "::g"}, {"method", "GET"},
                                     {"name", "http://x/ok"}, {"proto", "HTTP/1.1"}, {"run", "r1"},
                                     {"scenario", "default"}, {"status", "200"}, {"url", "http://x/ok"}});
        const qint64 ns = utcNs(2026, 11, 26, 1, 54, 0, 231556487);
        return {{builtin::HttpReqs, t, 1, ns}, {builtin::HttpReqDuration, t, 0.272935, ns}, {builtin::Vus, 0, 5, ns}};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void headerAndRows()
    {
        const QString path = m_dir.filePath(QStringLiteral("a.csv"));
        const QByteArray text = run(path, httpSamples, QStringLiteral("a.csv"));
        const qint64 sec = utcNs(2026, 11, 26, 1, 54, 0, 0) / 1000000000;
        const QByteArray s = QByteArray::number(sec);
        QCOMPARE(text,
                 "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,"
                 "scenario,service,status,subproto,tls_version,url,extra_tags,metadata\n"
                 "http_reqs," + s + ",1.000000,,,,true,::g,GET,http://x/ok,HTTP/1.1,default,,200,,,http://x/ok,ct=v&run=r1,\n"
                 "http_req_duration," + s + ",0.272935,,,,true,::g,GET,http://x/ok,HTTP/1.1,default,,200,,,http://x/ok,ct=v&run=r1,\n"
                 "vus," + s + ",5.000000,,,,,,,,,,,,,,,,\n");
        QCOMPARE(CsvOutput::header().count(','), 18);
    }

    // exec.vu.metrics.metadata: batches with metadata fill the last column, k=v joined by '&'
    // sorted by key; a batch without it leaves the column empty. Same tag set in both.
    void metadataColumn()
    {
        const QString path = m_dir.filePath(QStringLiteral("meta.csv"));
        MetricsEngine engine;
        QString error;
        auto out = CsvOutput::open(QStringLiteral("fileName=") + path, nullptr, &error);
        QVERIFY2(out, qPrintable(error));
        engine.addSink(out.get());
        const TagSetId t = engine.intern({{"scenario", "default"}});
        const qint64 ns = utcNs(2026, 11, 26, 1, 54, 0, 0);
        engine.ingest({{builtin::Iterations, t, 1, ns}},
                      std::make_shared<const TagList>(TagList{{"iter", "0"}, {"trace_id", "a,b"}, {"vu", "1"}}));
        engine.ingest({{builtin::Iterations, t, 1, ns}});
        engine.ingest({{builtin::Iterations, t, 1, ns}}, std::make_shared<const TagList>());   // empty = none
        engine.collect();
        QVERIFY(out->close(&error));
        const QByteArray s = QByteArray::number(ns / 1000000000);
        QCOMPARE(readAll(path).split('\n').mid(1),
                 (QList<QByteArray>{"iterations," + s + ",1.000000,,,,,,,,,default,,,,,,,\"iter=0&trace_id=a,b&vu=1\"",
                                    "iterations," + s + ",1.000000,,,,,,,,,default,,,,,,,",
                                    "iterations," + s + ",1.000000,,,,,,,,,default,,,,,,,",
                                    ""}));
    }

    void quoting_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("csv");
        QTest::newRow("plain") << "abc" << QByteArray("abc");
        QTest::newRow("empty") << "" << QByteArray("");
        QTest::newRow("comma") << "a,b" << QByteArray("\"a,b\"");
        QTest::newRow("quote") << "say \"hi\"" << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << "a\nb" << QByteArray("\"a\nb\"");
        QTest::newRow("leading space") << " a" << QByteArray("\" a\"");
        QTest::newRow("inner space") << "a b" << QByteArray("a b");
        QTest::newRow("backslash dot") << "\\." << QByteArray("\"\\.\"");
    }
    void quoting()
    {
        QFETCH(QString, field);
        QFETCH(QByteArray, csv);
        QByteArray out;
        CsvOutput::appendField(&out, field);
        QCOMPARE(out, csv);
    }

    void quotedTagInRow()
    {
        const QString path = m_dir.filePath(QStringLiteral("q.csv"));
        const QByteArray text = run(path, [](MetricsEngine &e) {
            return std::vector<Sample>{{builtin::Checks, e.intern({{"check", "a, \"b\""}, {"x", "1,2"}}), 0, 0}};
        }, QStringLiteral("q.csv"));
        QVERIFY2(text.endsWith("checks,0,0.000000,\"a, \"\"b\"\"\",,,,,,,,,,,,,,\"x=1,2\",\n"), text);
    }

    void timeFormats_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("time");
        QTest::newRow("unix_milli") << "unix_milli" << QByteArray("1795658040231");
        QTest::newRow("unix_micro") << "unix_micro" << QByteArray("1795658040231556");
        QTest::newRow("unix_nano") << "unix_nano" << QByteArray("1795658040231556487");
        QTest::newRow("rfc3339") << "rfc3339" << QByteArray("2026-11-26T01:54:00Z");
        QTest::newRow("rfc3339_nano") << "rfc3339_nano" << QByteArray("2026-11-26T01:54:00.231556487Z");
    }
    void timeFormats()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, time);
        QCOMPARE(utcNs(2026, 11, 26, 1, 54, 0, 231556487), 1795658040231556487LL);
        const QString file = format + QStringLiteral(".csv");
        const QByteArray text = run("fileName=" + m_dir.filePath(file) + ",timeFormat=" + format + ",saveInterval=2s",
                                    [](MetricsEngine &) {
                                        return std::vector<Sample>{{builtin::Vus, 0, 1, 1795658040231556487LL}};
                                    }, file);
        QVERIFY2(text.endsWith("\nvus," + time + ",1.000000,,,,,,,,,,,,,,,,\n"), text);
    }

    void gzipRoundTrip()
    {
        const QString plain = m_dir.filePath(QStringLiteral("g.csv"));
        const QString gz = m_dir.filePath(QStringLiteral("g.csv.gz"));
        const QByteArray expected = run(plain, httpSamples, QStringLiteral("g.csv"));
        const QByteArray raw = run(gz, httpSamples, QStringLiteral("g.csv.gz"));
        QVERIFY(raw.startsWith("\x1f\x8b"));
        bool ok = false;
        QCOMPARE(gunzip(raw, &ok), expected);
        QVERIFY(ok);
    }

    void argumentErrors_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown key") << "csv=fileName=x.csv,bogus=1" << "unknown key \"bogus\" as argument for csv output";
        QTest::newRow("bad time format") << "csv=timeFormat=weird" << "unknown value \"weird\" as argument for csv timeFormat";
        QTest::newRow("no value") << "csv=fileName=x.csv,flag" << "couldn't parse \"fileName=x.csv,flag\" as argument for csv output";
        QTest::newRow("unwritable") << "csv=/nonexistent-dir/x.csv" << "could not create the 'csv' output: open /nonexistent-dir/x.csv";
    }
    void argumentErrors()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QString got;
        QVERIFY(!OutputSink::create(spec, {}, &got));
        QVERIFY2(got.startsWith(error), qPrintable(got));
    }

    void description()
    {
        QString error;
        const QString path = m_dir.filePath(QStringLiteral("d.csv"));
        auto out = OutputSink::create("csv=" + path, {}, &error);
        QVERIFY(out);
        QCOMPARE(out->description(), QStringLiteral("csv (%1)").arg(path));
        QVERIFY(out->close(&error));
        QCOMPARE(readAll(path), CsvOutput::header());   // header even without samples
    }
};

QTEST_GUILESS_MAIN(TstCsvOutput)
#include "tst_csvoutput.moc"
