// --summary-export (script-api.md §11.2) and handleSummary's data (§1.5): exact 4-space layout
// of a fixed report, the key renames and flattenings, and real threshold verdicts.
#include "core/metrics/metricsengine.h"
#include "core/metrics/thresholdset.h"
#include "core/output/summaryexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace throttle;

class TstSummaryExport : public QObject {
    Q_OBJECT

    static SummaryReport fixedReport()
    {
        SummaryReport r;
        r.data.metrics = {
            {"http_reqs", MetricType::Counter, ValueType::Default, {{"count", 2}, {"rate", 340.68538062818635}}, true},
            {"checks", MetricType::Rate, ValueType::Default, {{"rate", 1}, {"passes", 2}, {"fails", 0}}, std::nullopt},
            {"my_gauge", MetricType::Gauge, ValueType::Default, {{"value", 3}, {"min", 3}, {"max", 5}}, std::nullopt},
            {"http_req_duration", MetricType::Trend, ValueType::Time,
             {{"avg", 0.168701}, {"min", 0.064467}, {"med", 0.168701}, {"max", 0.272935}, {"p(90)", 0.2520882},
              {"p(95)", 0.26251159999999996}}, std::nullopt},
        };
        r.data.rootGroup.id = QStringLiteral("d41d8cd98f00b204e9800998ecf8427e");
        GroupNode grp{QStringLiteral("grp"), QStringLiteral("::grp"), QStringLiteral("g1"), {}, {}};
        grp.checks.append(CheckNode{QStringLiteral("is ok"), QStringLiteral("::grp::is ok"), QStringLiteral("c1"), 2, 0});
        r.data.rootGroup.children.append(grp);
        r.thresholds[QStringLiteral("http_reqs")][QStringLiteral("count>=1")] = true;
        r.testRunDurationMs = 5.870651;
        r.setupData = QByteArray(R"({"a":1,"b":[],"c":{"d":"x"}})");
        return r;
    }

private slots:
    void exportLayoutIsExact()
    {
        const QByteArray expected = R"X({
    "root_group": {
        "name": "",
        "path": "",
        "id": "d41d8cd98f00b204e9800998ecf8427e",
        "groups": {
            "grp": {
                "name": "grp",
                "path": "::grp",
                "id": "g1",
                "groups": {},
                "checks": {
                    "is ok": {
                        "name": "is ok",
                        "path": "::grp::is ok",
                        "id": "c1",
                        "passes": 2,
                        "fails": 0
                    }
                }
            }
        },
        "checks": {}
    },
    "metrics": {
        "checks": {
            "passes": 2,
            "fails": 0,
            "value": 1
        },
        "http_req_duration": {
            "avg": 0.168701,
            "min": 0.064467,
            "med": 0.168701,
            "max": 0.272935,
            "p(90)": 0.2520882,
            "p(95)": 0.26251159999999996
        },
        "http_reqs": {
            "count": 2,
            "rate": 340.68538062818635,
            "thresholds": {
                "count>=1": false
            }
        },
        "my_gauge": {
            "value": 3,
            "min": 3,
            "max": 5
        }
    },
    "setup_data": {
        "a": 1,
        "b": [],
        "c": {
            "d": "x"
        }
    }
})X";
        QCOMPARE(SummaryExport::exportJson(fixedReport()), expected);
    }

    void handleSummaryDataShape()
    {
        SummaryReport r = fixedReport();
        r.stdoutTty = true;
        r.options.timeUnit = QStringLiteral("ms");
        const QByteArray json = SummaryExport::handleSummaryData(r);
        QVERIFY(!json.contains('\n'));
        QJsonParseError pe;
        const QJsonObject d = QJsonDocument::fromJson(json, &pe).object();
        QCOMPARE(pe.error, QJsonParseError::NoError);
        const QByteArray start = R"({"root_group":{"name":"","path":"","id":"d41d8cd98f00b204e9800998ecf8427e","groups":[{"name":"grp")";
        QVERIFY(json.startsWith(start));
        const QJsonObject root = d.value("root_group").toObject();
        QVERIFY(root.value("groups").isArray());
        QVERIFY(root.value("checks").isArray());
        QCOMPARE(root.value("groups")[0]["checks"][0]["passes"].toInt(), 2);
        QCOMPARE(d.value("options").toObject(),
                 (QJsonObject{{"summaryTrendStats", QJsonArray{"avg", "min", "med", "max", "p(90)", "p(95)"}},
                              {"summaryTimeUnit", "ms"}, {"noColor", false}}));
        QCOMPARE(d.value("state").toObject(),
                 (QJsonObject{{"isStdOutTTY", true}, {"isStdErrTTY", false}, {"testRunDurationMs", 5.870651}}));
        const QJsonObject metrics = d.value("metrics").toObject();
        QCOMPARE(metrics.value("checks").toObject(),
                 (QJsonObject{{"type", "rate"}, {"contains", "default"},
                              {"values", QJsonObject{{"rate", 1}, {"passes", 2}, {"fails", 0}}}}));
        QCOMPARE(metrics.value("http_reqs")["thresholds"].toObject(),
                 (QJsonObject{{"count>=1", QJsonObject{{"ok", true}}}}));
        QCOMPARE(metrics.value("http_req_duration")["contains"].toString(), QStringLiteral("time"));
        QCOMPARE(metrics.value("http_req_duration")["values"]["p(95)"].toDouble(), 0.26251159999999996);
        QCOMPARE(d.value("setup_data")["c"]["d"].toString(), QStringLiteral("x"));
        const QByteArray setup = R"("setup_data":{"a":1,"b":[],"c":{"d":"x"}})";   // untouched, key order kept
        QVERIFY(json.contains(setup));

        r.setupData.reset();
        QVERIFY(!QJsonDocument::fromJson(SummaryExport::handleSummaryData(r)).object().contains("setup_data"));
        QVERIFY(!SummaryExport::exportJson(r).contains("setup_data"));
    }

    void realThresholdVerdicts()
    {
        MetricsEngine engine;
        QString error;
        const QJsonObject thresholds{{"http_reqs", QJsonArray{"count>=1", "count>100"}},
                                     {"checks", QJsonArray{"rate>0.9"}}};
        auto set = ThresholdSet::parse(thresholds, engine, &error);
        QVERIFY2(set, qPrintable(error));
        engine.ingest({{builtin::HttpReqs, 0, 1, 1}, {builtin::HttpReqs, 0, 1, 2},
                       {builtin::Checks, 0, 1, 3}, {builtin::Checks, 0, 0, 4}});
        engine.collect();
        const MetricsSnapshot snap = engine.snapshot();
        SummaryOptions options;
        options.elapsedSec = 2.0;
        const SummaryReport r = SummaryReport::build(snap, set->evaluate(snap, 2.0, true), options, 2000.0,
                                                     std::nullopt);
        const QJsonObject m = QJsonDocument::fromJson(SummaryExport::exportJson(r)).object().value("metrics").toObject();
        QCOMPARE(m.value("http_reqs").toObject(),
                 (QJsonObject{{"count", 2}, {"rate", 1},
                              {"thresholds", QJsonObject{{"count>=1", false}, {"count>100", true}}}}));
        QCOMPARE(m.value("checks").toObject(),
                 (QJsonObject{{"passes", 1}, {"fails", 1}, {"value", 0.5},
                              {"thresholds", QJsonObject{{"rate>0.9", true}}}}));
        const QJsonObject data = QJsonDocument::fromJson(SummaryExport::handleSummaryData(r)).object();
        QCOMPARE(data["metrics"]["checks"]["thresholds"]["rate>0.9"]["ok"].toBool(), false);
        QCOMPARE(data["metrics"]["http_reqs"]["thresholds"]["count>=1"]["ok"].toBool(), true);
    }

    void writeFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("summary.json"));
        QString error;
        QVERIFY2(SummaryExport::write(path, fixedReport(), &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), SummaryExport::exportJson(fixedReport()));
        QVERIFY(!SummaryExport::write(QStringLiteral("/nonexistent-dir/s.json"), fixedReport(), &error));
        QVERIFY(error.startsWith(QStringLiteral("open /nonexistent-dir/s.json")));
    }
};

QTEST_GUILESS_MAIN(TstSummaryExport)
#include "tst_summaryexport.moc"
