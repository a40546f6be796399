#include "core/script/scenarioconfig.h"
#include "core/script/scenarioparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using throttle::ScenarioConfig;
using throttle::ScenarioParser;

// ScenarioConfig/ScenarioParser: strict parsing, k6's validation messages for all seven
// executors (script-api.md §3, control-api.md §3.1), descriptions and VU/duration needs.
class TestOptionsScenarios : public QObject
{
    Q_OBJECT

private slots:
    void validation_data();
    void validation();
    void scenarioName();
    void description_data();
    void description();
    void requirements_data();
    void requirements();
    void parseErrors_data();
    void parseErrors();
    void defaults();
    void executionOrder();
    void toJson();

private:
    static ScenarioConfig parsed(const QString &name, const QByteArray &json);
};

ScenarioConfig TestOptionsScenarios::parsed(const QString &name, const QByteArray &json)
{
    QString error;
    const auto config = ScenarioParser::parse(name, QJsonDocument::fromJson(json).object(), &error);
    if (!config)
        qFatal("parse failed for %s: %s", json.constData(), qPrintable(error));
    return *config;
}

void TestOptionsScenarios::validation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("errors");
    QTest::newRow("constant-vus valid") << QByteArray(R"({"executor":"constant-vus","vus":2,"duration":"1s"})")
                                        << QStringList();
    QTest::newRow("constant-vus no vus, no duration")
        << QByteArray(R"({"executor":"constant-vus","vus":0})")
        << QStringList{"the number of VUs must be more than 0", "the duration is unspecified"};
    QTest::newRow("constant-vus short")
        << QByteArray(R"({"executor":"constant-vus","duration":"500ms"})")
        << QStringList{"the duration must be at least 1s, but is 500ms"};
    QTest::newRow("ramping-vus empty")
        << QByteArray(R"({"executor":"ramping-vus","startVUs":-1,"stages":[]})")
        << QStringList{"the number of start VUs can't be negative",
                       "either startVUs or one of the stages' target values must be greater than 0",
                       "at least one stage has to be specified"};
    QTest::newRow("ramping-vus no stages key")
        << QByteArray(R"({"executor":"ramping-vus"})")
        << QStringList{"at least one stage has to be specified"};
    QTest::newRow("ramping-vus bad stages")
        << QByteArray(R"({"executor":"ramping-vus","stages":[{"target":5},{"duration":"10s"},)"
                      R"({"duration":"-1s","target":-2}]})")
        << QStringList{"stage 1 doesn't have a duration", "stage 2 doesn't have a target",
                       "the duration for stage 3 can't be negative", "the target for stage 3 can't be negative"};
    QTest::newRow("ramping-vus zero everywhere")
        << QByteArray(R"({"executor":"ramping-vus","startVUs":0,"stages":[{"duration":"10s","target":0}]})")
        << QStringList{"either startVUs or one of the stages' target values must be greater than 0"};
    QTest::newRow("shared-iterations")
        << QByteArray(R"({"executor":"shared-iterations","vus":10,"iterations":5,"maxDuration":"500ms"})")
        << QStringList{"the number of iterations (5) can't be less than the number of VUs (10)",
                       "the maxDuration must be at least 1s, but is 500ms"};
    QTest::newRow("shared-iterations zero vus")
        << QByteArray(R"({"executor":"shared-iterations","vus":0})")
        << QStringList{"the number of VUs must be more than 0"};
    QTest::newRow("per-vu-iterations")
        << QByteArray(R"({"executor":"per-vu-iterations","vus":0,"iterations":0,"maxDuration":"0s"})")
        << QStringList{"the number of VUs must be more than 0", "the number of iterations must be more than 0",
                       "the maxDuration must be at least 1s, but is 0s"};
    QTest::newRow("constant-arrival-rate missing")
        << QByteArray(R"({"executor":"constant-arrival-rate"})")
        << QStringList{"the iteration rate isn't specified", "the duration is unspecified",
                       "the number of preAllocatedVUs isn't specified"};
    QTest::newRow("constant-arrival-rate bad")
        << QByteArray(R"({"executor":"constant-arrival-rate","rate":0,"timeUnit":"0s","duration":"30s",)"
                      R"("preAllocatedVUs":-1,"maxVUs":-5})")
        << QStringList{"the iteration rate must be more than 0", "the timeUnit must be more than 0",
                       "the number of preAllocatedVUs can't be negative", "maxVUs can't be less than preAllocatedVUs"};
    QTest::newRow("ramping-arrival-rate bad")
        << QByteArray(R"({"executor":"ramping-arrival-rate","startRate":-1,"timeUnit":"-1s","stages":[],)"
                      R"("preAllocatedVUs":2,"maxVUs":1})")
        << QStringList{"the startRate value can't be negative", "the timeUnit must be more than 0",
                       "at least one stage has to be specified", "maxVUs can't be less than preAllocatedVUs"};
    QTest::newRow("ramping-arrival-rate zero timeUnit passes")
        << QByteArray(R"({"executor":"ramping-arrival-rate","timeUnit":"0s","stages":[{"duration":"1s","target":1}],)"
                      R"("preAllocatedVUs":1})")
        << QStringList();
    QTest::newRow("externally-controlled negative vus")
        << QByteArray(R"({"executor":"externally-controlled","vus":-1})")
        << QStringList{"the number of VUs can't be negative",
                       "the duration must be specified, for infinite duration use 0"};
    QTest::newRow("externally-controlled maxVUs, negative duration")
        << QByteArray(R"({"executor":"externally-controlled","vus":5,"maxVUs":2,"duration":"-1s"})")
        << QStringList{"the number of active VUs (5) must be less than or equal to the number of maxVUs (2)",
                       "the duration can't be negative, for infinite duration use 0"};
    QTest::newRow("externally-controlled gracefulStop")
        << QByteArray(R"({"executor":"externally-controlled","vus":1,"duration":"0","gracefulStop":"5s"})")
        << QStringList{"gracefulStop is not supported by the externally controlled executor"};
    QTest::newRow("externally-controlled infinite ok")
        << QByteArray(R"({"executor":"externally-controlled","vus":0,"duration":"0"})") << QStringList();
    QTest::newRow("base keys")
        << QByteArray(R"({"executor":"constant-vus","duration":"1s","exec":"","startTime":"-1s","gracefulStop":"-1s"})")
        << QStringList{"exec value cannot be empty", "the startTime can't be negative",
                       "the gracefulStop timeout can't be negative"};
}

void TestOptionsScenarios::validation()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, errors);
    QCOMPARE(parsed(QStringLiteral("s1"), json).validate(), errors);
}

void TestOptionsScenarios::scenarioName()
{
    const QByteArray json = R"({"executor":"constant-vus","duration":"1s"})";
    QCOMPARE(parsed(QStringLiteral("bad name!"), json).validate(),
             QStringList{"the executor name should contain only numbers, latin letters, underscores, and dashes"});
    QCOMPARE(parsed(QString(), json).validate(),
             (QStringList{"executor name can't be empty",
                          "the executor name should contain only numbers, latin letters, underscores, and dashes"}));
    QVERIFY(parsed(QStringLiteral("ok_name-1"), json).validate().isEmpty());
}

void TestOptionsScenarios::description_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("description");
    QTest::newRow("externally-controlled")
        << QByteArray(R"({"executor":"externally-controlled","vus":10,"maxVUs":50,"duration":"10m"})")
        << "Externally controlled execution with 10 VUs, 50 max VUs, 10m0s duration";
    QTest::newRow("externally-controlled infinite")
        << QByteArray(R"({"executor":"externally-controlled","vus":2,"duration":"0","exec":"x"})")
        << "Externally controlled execution with 2 VUs, 2 max VUs, infinite duration";
    QTest::newRow("externally-controlled 1h30m")
        << QByteArray(R"({"executor":"externally-controlled","vus":1,"maxVUs":3,"duration":5400000})")
        << "Externally controlled execution with 1 VUs, 3 max VUs, 1h30m0s duration";
    QTest::newRow("constant-vus") << QByteArray(R"({"executor":"constant-vus","vus":10,"duration":"30s"})")
                                  << "10 looping VUs for 30s (gracefulStop: 30s)";
    QTest::newRow("constant-vus base info")
        << QByteArray(R"({"executor":"constant-vus","duration":"1m","exec":"fn","startTime":"10s","gracefulStop":"0s"})")
        << "1 looping VUs for 1m0s (exec: fn, startTime: 10s)";
    QTest::newRow("ramping-vus")
        << QByteArray(R"({"executor":"ramping-vus","startVUs":0,"stages":[{"duration":"30s","target":10},)"
                      R"({"duration":"1m","target":20},{"duration":"30s","target":0}]})")
        << "Up to 20 looping VUs for 2m0s over 3 stages (gracefulRampDown: 30s, gracefulStop: 30s)";
    QTest::newRow("shared-iterations")
        << QByteArray(R"({"executor":"shared-iterations","vus":10,"iterations":100})")
        << "100 iterations shared among 10 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("per-vu-iterations") << QByteArray(R"({"executor":"per-vu-iterations"})")
                                       << "1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("constant-arrival-rate")
        << QByteArray(R"({"executor":"constant-arrival-rate","rate":30,"timeUnit":"1m","duration":"5m",)"
                      R"("preAllocatedVUs":2,"maxVUs":10})")
        << "0.50 iterations/s for 5m0s (maxVUs: 2-10, gracefulStop: 30s)";
    QTest::newRow("constant-arrival-rate no max")
        << QByteArray(R"({"executor":"constant-arrival-rate","rate":10,"duration":"1m","preAllocatedVUs":5})")
        << "10.00 iterations/s for 1m0s (maxVUs: 5, gracefulStop: 30s)";
    QTest::newRow("ramping-arrival-rate")
        << QByteArray(R"({"executor":"ramping-arrival-rate","startRate":5,"stages":[{"duration":"1m","target":100},)"
                      R"({"duration":"2m","target":50}],"preAllocatedVUs":50})")
        << "Up to 100.00 iterations/s for 3m0s over 2 stages (maxVUs: 50, gracefulStop: 30s)";
}

void TestOptionsScenarios::description()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, description);
    QCOMPARE(parsed(QStringLiteral("s"), json).description(), description);
}

void TestOptionsScenarios::requirements_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("maxDurationMs");
    QTest::addColumn<qint64>("maxVUs");
    QTest::newRow("constant-vus") << QByteArray(R"({"executor":"constant-vus","vus":4,"duration":"30s"})")
                                  << qint64(60000) << qint64(4);
    QTest::newRow("ramping-vus") << QByteArray(R"({"executor":"ramping-vus","startVUs":3,"stages":[)"
                                               R"({"duration":"10s","target":7},{"duration":"5s","target":0}],)"
                                               R"("gracefulStop":"2s"})")
                                 << qint64(17000) << qint64(7);
    QTest::newRow("shared-iterations") << QByteArray(R"({"executor":"shared-iterations","vus":2,"iterations":9})")
                                       << qint64(630000) << qint64(2);
    QTest::newRow("per-vu-iterations")
        << QByteArray(R"({"executor":"per-vu-iterations","vus":3,"maxDuration":"1m","gracefulStop":0})")
        << qint64(60000) << qint64(3);
    QTest::newRow("constant-arrival-rate")
        << QByteArray(R"({"executor":"constant-arrival-rate","rate":1,"duration":"10s","preAllocatedVUs":2})")
        << qint64(40000) << qint64(2);
    QTest::newRow("ramping-arrival-rate")
        << QByteArray(R"({"executor":"ramping-arrival-rate","stages":[{"duration":"10s","target":5}],)"
                      R"("preAllocatedVUs":2,"maxVUs":8})")
        << qint64(40000) << qint64(8);
    QTest::newRow("externally-controlled")
        << QByteArray(R"({"executor":"externally-controlled","vus":2,"maxVUs":5,"duration":"20s"})")
        << qint64(20000) << qint64(5);
    QTest::newRow("externally-controlled infinite")
        << QByteArray(R"({"executor":"externally-controlled","vus":2,"duration":"0"})") << qint64(0) << qint64(2);
}

void TestOptionsScenarios::requirements()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, maxDurationMs);
    QFETCH(qint64, maxVUs);
    const ScenarioConfig config = parsed(QStringLiteral("s"), json);
    QCOMPARE(config.maxDurationMs(), maxDurationMs);
    QCOMPARE(config.maxVUs(), maxVUs);
}

void TestOptionsScenarios::parseErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown field") << QByteArray(R"({"executor":"constant-vus","duration":"1s","rate":5})")
                                   << "json: unknown field \"rate\"";
    QTest::newRow("field of another executor")
        << QByteArray(R"({"executor":"externally-controlled","duration":"0","gracefulRampDown":"1s"})")
        << "json: unknown field \"gracefulRampDown\"";
    QTest::newRow("unknown stage field")
        << QByteArray(R"({"executor":"ramping-vus","stages":[{"duration":"1s","target":1,"x":1}]})")
        << "json: unknown field \"x\"";
    QTest::newRow("missing executor") << QByteArray(R"({"vus":1})")
                                      << "scenario 'a' doesn't have a specified executor type";
    QTest::newRow("empty executor") << QByteArray(R"({"executor":""})")
                                    << "scenario 'a' doesn't have a specified executor type";
    QTest::newRow("unknown executor") << QByteArray(R"({"executor":"nope"})") << "unknown executor type 'nope'";
    QTest::newRow("vus string") << QByteArray(R"({"executor":"constant-vus","vus":"abc"})")
                                << "strconv.ParseInt: parsing \"abc\": invalid syntax";
    QTest::newRow("vus bool") << QByteArray(R"({"executor":"constant-vus","vus":true})")
                              << "json: cannot unmarshal bool into Go value of type null.Int";
    QTest::newRow("vus fraction") << QByteArray(R"({"executor":"constant-vus","vus":1.5})")
                                  << "json: cannot unmarshal number 1.5 into Go value of type int64";
    QTest::newRow("duration bool") << QByteArray(R"({"executor":"constant-vus","duration":true})")
                                   << "'true' is not a valid duration value";
    QTest::newRow("duration text") << QByteArray(R"({"executor":"constant-vus","duration":"abc"})")
                                   << "time: invalid duration \"abc\"";
    QTest::newRow("env number")
        << QByteArray(R"({"executor":"constant-vus","env":{"A":1}})")
        << "json: cannot unmarshal number into Go struct field ConstantVUsConfig.env of type string";
    QTest::newRow("exec number") << QByteArray(R"({"executor":"constant-vus","exec":5})")
                                 << "json: cannot unmarshal float64 into Go value of type null.String";
}

void TestOptionsScenarios::parseErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    const auto config = ScenarioParser::parse(QStringLiteral("a"), QJsonDocument::fromJson(json).object(), &actual);
    QVERIFY(!config.has_value());
    QCOMPARE(actual, error);
}

void TestOptionsScenarios::defaults()
{
    const ScenarioConfig c = parsed(QStringLiteral("s"), R"({"executor":"constant-vus","vus":"3"})");
    QCOMPARE(c.vusOrDefault(), qint64(3)); // null.Int accepts a decimal string
    QCOMPARE(c.execFunction(), QStringLiteral("default"));
    QCOMPARE(c.gracefulStop(), qint64(30000));
    QCOMPARE(c.startTime(), qint64(0));
    const ScenarioConfig e = parsed(QStringLiteral("e"), R"({"executor":"externally-controlled","duration":"1m"})");
    QCOMPARE(e.vusOrDefault(), qint64(0));
    QCOMPARE(e.maxVUsSetting(), qint64(0));
    const ScenarioConfig r = parsed(QStringLiteral("r"), R"({"executor":"ramping-vus","exec":"fn","env":{"K":"V"},)"
                                                         R"("tags":{"t":"1"},"stages":[{"duration":"1s","target":1}]})");
    QCOMPARE(r.execFunction(), QStringLiteral("fn"));
    QCOMPARE(r.env.value("K"), QStringLiteral("V"));
    QCOMPARE(r.tags.value("t"), QStringLiteral("1"));
    QCOMPARE(r.startVUsOrDefault(), qint64(1));
    QCOMPARE(r.gracefulRampDown(), qint64(30000));
}

void TestOptionsScenarios::executionOrder()
{
    const QByteArray json = R"({
        "zeta": {"executor":"constant-vus","duration":"1s"},
        "late": {"executor":"constant-vus","duration":"1s","startTime":"10s"},
        "alpha": {"executor":"constant-vus","duration":"1s"},
        "mid": {"executor":"constant-vus","duration":"1s","startTime":"5s"}})";
    const ScenarioParser::Result result = ScenarioParser::parseAll(QJsonDocument::fromJson(json).object());
    QVERIFY2(result.ok, qPrintable(result.error));
    QStringList names;
    for (const ScenarioConfig &s : result.scenarios)
        names << s.name;
    QCOMPARE(names, (QStringList{"alpha", "zeta", "mid", "late"}));
}

void TestOptionsScenarios::toJson()
{
    const ScenarioConfig c = parsed(QStringLiteral("s"), R"({"executor":"constant-vus","vus":2,"duration":"90s"})");
    const QJsonObject json = c.toJson();
    QCOMPARE(json.value("executor").toString(), QStringLiteral("constant-vus"));
    QCOMPARE(json.value("vus").toInt(), 2);
    QCOMPARE(json.value("duration").toString(), QStringLiteral("1m30s"));
    QVERIFY(json.value("gracefulStop").isNull());
    QVERIFY(!json.contains("rate"));
    // The JSON form parses back to the same configuration.
    QCOMPARE(parsed(QStringLiteral("s"), QJsonDocument(json).toJson()).description(), c.description());
}

QTEST_GUILESS_MAIN(TestOptionsScenarios)
#include "tst_optionsscenarios.moc"
