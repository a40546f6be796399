// --tag k=v, as the k6-operator tags each runner (instance_id, testrun_name): every sample of every
// metric and phase carries the tags in every output (JSON lines, CSV's extra_tags), exec.vu.tags
// shows them, and sub-metric thresholds select on them in the summary data — as k6 v1.3.0 does
// (compared with the reference binary on the same script).
#include "cli/cli.h"
#include "demo/demotarget.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstRunTags : public QObject {
    Q_OBJECT

    DemoTarget m_target;

private slots:
    void initTestCase() { QVERIFY(m_target.start()); }

    void everySampleEveryOutput()
    {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("out.json"));
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        QString out, err;
        QTextStream o(&out), e(&err);
        const int code = runCli({"run", "--address=", "-e", "BASE_URL=" + m_target.baseUrl(), "--tag", "instance_id=2",
                                 "--tag", "testrun_name=fleet", "--out", "json=" + json, "--out", "csv=" + csv,
                                 QStringLiteral(THROTTLE_FIXTURES "/scripts/run_tags.js")},
                                o, e);
        o.flush();
        e.flush();
        QCOMPARE(code, 0);

        QFile jf(json);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        QSet<QString> metrics;
        int points = 0;
        while (!jf.atEnd()) {
            const QJsonObject line = QJsonDocument::fromJson(jf.readLine()).object();
            if (line.value(QLatin1String("type")).toString() != QLatin1String("Point"))
                continue;
            const QJsonObject tags = line.value(QLatin1String("data")).toObject().value(QLatin1String("tags")).toObject();
            const QString metric = line.value(QLatin1String("metric")).toString();
            QVERIFY2(tags.value(QLatin1String("instance_id")).toString() == QLatin1String("2") &&
                         tags.value(QLatin1String("testrun_name")).toString() == QLatin1String("fleet"),
                     qPrintable(metric + QLatin1Char(' ') + QJsonDocument(tags).toJson(QJsonDocument::Compact)));
            metrics.insert(metric + (tags.contains(QLatin1String("group")) ? QLatin1Char('|') + tags.value(QLatin1String("group")).toString() : QString()));
            ++points;
        }
        QVERIFY(points > 20);
        // setup's, the iterations' and teardown's samples, built-in and custom metrics, the VU gauges.
        for (const char *m : {"http_reqs|::setup", "http_reqs|::g", "http_reqs|::teardown", "checks|::g", "group_duration|::g",
                              "iterations|", "my_counter|", "my_trend|", "vus", "vus_max"})
            QVERIFY2(metrics.contains(QLatin1String(m)), m);

        QFile cf(csv);
        QVERIFY(cf.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = cf.readAll().split('\n');
        int tagged = 0;
        for (const QByteArray &row : rows.mid(1)) {
            if (row.isEmpty())
                continue;
            QVERIFY2(row.contains("instance_id=2") && row.contains("testrun_name=fleet"), row.constData());
            ++tagged;
        }
        QCOMPARE(tagged, points);

        QVERIFY2(err.contains(QLatin1String(R"(vu tags {\"instance_id\":\"2\",\"testrun_name\":\"fleet\",\"scenario\":\"default\",\"group\":\"\"})")),
                 qPrintable(err));
        QVERIFY2(out.contains(QLatin1String("summary sub-metric count=4 ok=true")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TstRunTags)
#include "tst_runtags.moc"
