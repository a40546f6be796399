#include "core/script/optionsconsolidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using throttle::OptionsConsolidator;
using throttle::OptionsResult;
using throttle::ScenarioConfig;
using Env = QMap<QString, QString>;

// OptionsConsolidator: source precedence, the execution block rule, shortcuts, conflicts,
// collected validation problems and exit codes (script-api.md §2, §3.1, §12).
class TestOptions : public QObject
{
    Q_OBJECT

private slots:
    void precedence_data();
    void precedence();
    void executionBlock_data();
    void executionBlock();
    void shortcuts_data();
    void shortcuts();
    void warnings_data();
    void warnings();
    void failures_data();
    void failures();
    void collectedProblems();
    void exportsCheck();
    void environmentValues();
    void thresholdsAndConfigFile();
    void toJson();

private:
    static QJsonObject obj(const QByteArray &json) { return QJsonDocument::fromJson(json).object(); }
    static QString scenarioSummary(const OptionsResult &r);
};

QString TestOptions::scenarioSummary(const OptionsResult &r)
{
    QStringList parts;
    for (const ScenarioConfig &s : r.options.scenarios)
        parts << s.name + QLatin1Char('=') + s.executorName();
    return parts.join(QLatin1Char(','));
}

void TestOptions::precedence_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<Env>("env");
    QTest::addColumn<QByteArray>("cli");
    QTest::addColumn<QString>("userAgent");
    QTest::newRow("default") << QByteArray("{}") << QByteArray("{}") << Env{} << QByteArray("{}")
                             << "Grafana k6/1.3.0";
    QTest::newRow("config") << QByteArray(R"({"userAgent":"file"})") << QByteArray("{}") << Env{}
                            << QByteArray("{}") << "file";
    QTest::newRow("script beats config") << QByteArray(R"({"userAgent":"file"})")
                                         << QByteArray(R"({"userAgent":"script"})") << Env{} << QByteArray("{}")
                                         << "script";
    QTest::newRow("env beats script") << QByteArray("{}") << QByteArray(R"({"userAgent":"script"})")
                                      << Env{{"K6_USER_AGENT", "env"}} << QByteArray("{}") << "env";
    QTest::newRow("cli beats env") << QByteArray("{}") << QByteArray(R"({"userAgent":"script"})")
                                   << Env{{"K6_USER_AGENT", "env"}} << QByteArray(R"({"userAgent":"cli"})") << "cli";
    QTest::newRow("null does not override") << QByteArray("{}") << QByteArray(R"({"userAgent":"script"})") << Env{}
                                            << QByteArray(R"({"userAgent":null})") << "script";
    QTest::newRow("empty string is a value") << QByteArray("{}") << QByteArray(R"({"userAgent":"script"})") << Env{}
                                             << QByteArray(R"({"userAgent":""})") << "";
}

void TestOptions::precedence()
{
    QFETCH(QByteArray, config);
    QFETCH(QByteArray, script);
    QFETCH(Env, env);
    QFETCH(QByteArray, cli);
    QFETCH(QString, userAgent);
    const OptionsResult r = OptionsConsolidator::consolidate(obj(config), obj(script), env, obj(cli));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.options.userAgent, userAgent);
}

void TestOptions::executionBlock_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<Env>("env");
    QTest::addColumn<QByteArray>("cli");
    QTest::addColumn<QString>("scenarios");
    QTest::addColumn<QString>("description");
    const QByteArray scenarios = R"({"scenarios":{"s1":{"executor":"constant-vus","duration":"1m"},
                                     "s2":{"executor":"per-vu-iterations","startTime":"5s"}}})";
    QTest::newRow("script scenarios kept") << QByteArray("{}") << scenarios << Env{} << QByteArray("{}")
                                           << "s1=constant-vus,s2=per-vu-iterations"
                                           << "1 looping VUs for 1m0s (gracefulStop: 30s)";
    QTest::newRow("-i 2 replaces script scenarios")
        << QByteArray("{}") << scenarios << Env{} << QByteArray(R"({"iterations":2})")
        << "default=shared-iterations" << "2 iterations shared among 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("env duration replaces script stages")
        << QByteArray("{}") << QByteArray(R"({"vus":3,"stages":[{"duration":"10s","target":5}]})")
        << Env{{"K6_DURATION", "10s"}} << QByteArray("{}")
        << "default=constant-vus" << "3 looping VUs for 10s (gracefulStop: 30s)";
    QTest::newRow("vus merges separately, script duration dropped")
        << QByteArray("{}") << QByteArray(R"({"vus":5,"duration":"10s"})") << Env{}
        << QByteArray(R"({"iterations":10})")
        << "default=shared-iterations" << "10 iterations shared among 5 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("cli vus on script duration")
        << QByteArray("{}") << QByteArray(R"({"vus":5,"duration":"10s"})") << Env{{"K6_VUS", "7"}}
        << QByteArray(R"({"vus":9})") << "default=constant-vus" << "9 looping VUs for 10s (gracefulStop: 30s)";
    QTest::newRow("script replaces config scenarios")
        << scenarios << QByteArray(R"({"duration":"20s"})") << Env{} << QByteArray("{}")
        << "default=constant-vus" << "1 looping VUs for 20s (gracefulStop: 30s)";
    QTest::newRow("config stages survive unrelated script keys")
        << QByteArray(R"({"stages":[{"duration":"1m","target":4}]})") << QByteArray(R"({"userAgent":"x"})")
        << Env{} << QByteArray("{}") << "default=ramping-vus"
        << "Up to 4 looping VUs for 1m0s over 1 stages (gracefulRampDown: 30s, gracefulStop: 30s)";
    QTest::newRow("env stages") << QByteArray("{}") << QByteArray("{}")
                                << Env{{"K6_STAGES", "30s:10,1m:0"}} << QByteArray("{}") << "default=ramping-vus"
                                << "Up to 10 looping VUs for 1m30s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)";
}

void TestOptions::executionBlock()
{
    QFETCH(QByteArray, config);
    QFETCH(QByteArray, script);
    QFETCH(Env, env);
    QFETCH(QByteArray, cli);
    QFETCH(QString, scenarios);
    QFETCH(QString, description);
    const OptionsResult r = OptionsConsolidator::consolidate(obj(config), obj(script), env, obj(cli));
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(scenarioSummary(r), scenarios);
    QCOMPARE(r.options.scenarios.first().description(), description);
}

void TestOptions::shortcuts_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("executor");
    QTest::addColumn<QString>("description");
    QTest::newRow("nothing") << QByteArray("{}") << "per-vu-iterations"
                             << "1 iterations for each of 1 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("iterations + vus") << QByteArray(R"({"iterations":10,"vus":2})") << "shared-iterations"
                                      << "10 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)";
    QTest::newRow("iterations + duration") << QByteArray(R"({"iterations":10,"duration":"1m"})")
                                           << "shared-iterations"
                                           << "10 iterations shared among 1 VUs (maxDuration: 1m0s, gracefulStop: 30s)";
    QTest::newRow("duration + vus") << QByteArray(R"({"duration":"30s","vus":10})") << "constant-vus"
                                    << "10 looping VUs for 30s (gracefulStop: 30s)";
    QTest::newRow("stages + vus")
        << QByteArray(R"({"vus":2,"stages":[{"duration":"30s","target":10},{"duration":"30s","target":0},{"target":3}]})")
        << "ramping-vus" << "Up to 10 looping VUs for 1m0s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)";
}

void TestOptions::shortcuts()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, executor);
    QFETCH(QString, description);
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(script), {}, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.options.scenarios.size(), 1);
    QCOMPARE(r.options.scenarios.first().name, QStringLiteral("default"));
    QCOMPARE(r.options.scenarios.first().executorName(), executor);
    QCOMPARE(r.options.scenarios.first().description(), description);
}

void TestOptions::warnings_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QStringList>("warnings");
    QTest::newRow("none") << QByteArray(R"({"vus":1})") << QStringList();
    QTest::newRow("vus alone")
        << QByteArray(R"({"vus":3})")
        << QStringList{"the `vus=3` option will be ignored, it only works in conjunction with `iterations`, "
                       "`duration`, or `stages`"};
    QTest::newRow("empty stages")
        << QByteArray(R"({"stages":[]})")
        << QStringList{"`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU"};
    QTest::newRow("empty scenarios")
        << QByteArray(R"({"scenarios":{}})")
        << QStringList{"`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU"};
    QTest::newRow("unknown key")
        << QByteArray(R"({"vus":1,"foo":1})")
        << QStringList{"There were unknown fields in the options exported in the script: json: unknown field \"foo\""};
}

void TestOptions::warnings()
{
    QFETCH(QByteArray, script);
    QFETCH(QStringList, warnings);
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(script), {}, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.warnings, warnings);
}

void TestOptions::failures_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<Env>("env");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    const QString multi = "using multiple execution config shortcuts (`%1` and `stages`) simultaneously is not allowed";
    const QString withScenarios =
        "using an execution configuration shortcut (`%1`) and `scenarios` simultaneously is not allowed";
    const QByteArray stages = R"("stages":[{"duration":"1s","target":1}])";
    const QByteArray scenarios = R"("scenarios":{"a":{"executor":"per-vu-iterations"}})";
    QTest::newRow("duration + stages") << "{\"duration\":\"10s\"," + stages + "}" << Env{} << 104
                                       << multi.arg("duration");
    QTest::newRow("iterations + stages") << "{\"iterations\":1," + stages + "}" << Env{} << 104
                                         << multi.arg("iterations");
    QTest::newRow("iterations + scenarios") << "{\"iterations\":1," + scenarios + "}" << Env{} << 104
                                            << withScenarios.arg("iterations");
    QTest::newRow("duration + scenarios") << "{\"duration\":\"5s\"," + scenarios + "}" << Env{} << 104
                                          << withScenarios.arg("duration");
    QTest::newRow("stages + scenarios") << "{" + stages + "," + scenarios + "}" << Env{} << 104
                                        << withScenarios.arg("stages");
    QTest::newRow("zero duration") << QByteArray(R"({"duration":"0s"})") << Env{} << 104
                                   << "`duration` should be more than 0, for infinite duration use the "
                                      "externally-controlled executor";
    QTest::newRow("unknown scenario field")
        << QByteArray(R"({"scenarios":{"a":{"executor":"constant-vus","duration":"1s","rate":1}}})") << Env{} << 255
        << "json: unknown field \"rate\"";
    QTest::newRow("missing executor") << QByteArray(R"({"scenarios":{"a":{"vus":1}}})") << Env{} << 255
                                      << "scenario 'a' doesn't have a specified executor type";
    QTest::newRow("unknown executor") << QByteArray(R"({"scenarios":{"a":{"executor":"nope"}}})") << Env{} << 255
                                      << "unknown executor type 'nope'";
    QTest::newRow("trend stat") << QByteArray(R"({"summaryTrendStats":["avg","foo"]})") << Env{} << 255
                                << "invalid trend stat 'foo', unknown format";
    QTest::newRow("tls version") << QByteArray(R"({"tlsVersion":"ssl3.0"})") << Env{} << 255
                                 << "unknown TLS version 'ssl3.0'";
    QTest::newRow("wrong type") << QByteArray(R"({"vus":true})") << Env{} << 255
                                << "json: cannot unmarshal bool into Go value of type null.Int";
    QTest::newRow("bad env int") << QByteArray("{}") << Env{{"K6_VUS", "abc"}} << 104
                                 << "envconfig.Process: assigning K6_VUS to vus: converting 'abc' to type null.Int. "
                                    "details: strconv.ParseInt: parsing \"abc\": invalid syntax";
    QTest::newRow("single validation")
        << QByteArray(R"({"scenarios":{"s1":{"executor":"constant-vus","vus":0}}})") << Env{} << 104
        << "There were problems with the specified script configuration:\n\t- scenario s1 has configuration "
           "errors: the number of VUs must be more than 0, the duration is unspecified";
    QTest::newRow("externally-controlled")
        << QByteArray(R"({"scenarios":{"ext":{"executor":"externally-controlled","vus":3,"maxVUs":1}}})") << Env{}
        << 104
        << "There were problems with the specified script configuration:\n\t- scenario ext has configuration "
           "errors: the number of active VUs (3) must be less than or equal to the number of maxVUs (1), "
           "the duration must be specified, for infinite duration use 0";
}

void TestOptions::failures()
{
    QFETCH(QByteArray, script);
    QFETCH(Env, env);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(script), env, {});
    QVERIFY(!r.ok);
    QCOMPARE(r.exitCode, exitCode);
    QCOMPARE(r.error, error);
}

void TestOptions::collectedProblems()
{
    // The spec's example: configuration errors and a missing export, reported together.
    const QByteArray script = R"({"scenarios":{
        "s1":{"executor":"constant-vus","vus":0},
        "s2":{"executor":"per-vu-iterations","exec":"nofn"}}})";
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(script), {}, {}, QStringList{"default"});
    QVERIFY(!r.ok);
    QCOMPARE(r.exitCode, 104);
    QCOMPARE(r.error, QStringLiteral("There were problems with the specified script configuration:\n"
                                     "\t- scenario s1 has configuration errors: the number of VUs must be more "
                                     "than 0, the duration is unspecified\n"
                                     "\t- executor s2: function 'nofn' not found in exports"));
}

void TestOptions::exportsCheck()
{
    const QByteArray script = R"({"scenarios":{
        "a":{"executor":"per-vu-iterations","exec":"named"},
        "b":{"executor":"per-vu-iterations"}}})";
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(script), {}, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(OptionsConsolidator::validateExports(r.options, {"named", "default"}).ok);
    const OptionsResult missing = OptionsConsolidator::validateExports(r.options, {"named"});
    QVERIFY(!missing.ok);
    QCOMPARE(missing.exitCode, 104);
    QCOMPARE(missing.error, QStringLiteral("There were problems with the specified script configuration:\n"
                                           "\t- executor b: function 'default' not found in exports"));
    QCOMPARE(OptionsConsolidator::exportErrors(r.options, {"named"}),
             QStringList{"executor b: function 'default' not found in exports"});
}

void TestOptions::environmentValues()
{
    const Env env = {{"K6_NO_SETUP", "true"}, {"K6_TAGS", "team=qa,env=ci"}, {"K6_MAX_REDIRECTS", "3"},
                     {"K6_SETUP_TIMEOUT", "2m"}, {"K6_SUMMARY_TREND_STATS", "avg,p(99)"},
                     {"K6_HOSTS", "a.test=127.0.0.1,b.test:443=10.0.0.1:8443"}, {"K6_DNS", "ttl=1m,select=first"},
                     {"K6_PAUSED", "true"}, {"K6_CONSOLE_OUTPUT", "out.log"}, {"K6_VUS", ""}};
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(R"({"maxRedirects":7,"noSetup":false})"), env, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.options.noSetup);
    QCOMPARE(r.options.maxRedirects, qint64(3));
    QCOMPARE(r.options.setupTimeoutMs, qint64(120000));
    QCOMPARE(r.options.tags.value("team"), QStringLiteral("qa"));
    QCOMPARE(r.options.tags.value("env"), QStringLiteral("ci"));
    QCOMPARE(r.options.summaryTrendStats, (QStringList{"avg", "p(99)"}));
    QCOMPARE(r.options.hosts.value("b.test:443"), QStringLiteral("10.0.0.1:8443"));
    QCOMPARE(r.options.dns.ttl, QStringLiteral("1m"));
    QCOMPARE(r.options.dns.select, QStringLiteral("first"));
    QCOMPARE(r.options.dns.policy, QStringLiteral("preferIPv4"));
    QVERIFY(r.options.paused);
    QCOMPARE(r.options.consoleOutput, QStringLiteral("out.log"));
    QVERIFY(!r.options.vusSet); // an empty variable is unset
}

void TestOptions::thresholdsAndConfigFile()
{
    const QJsonObject config = obj(R"({"out":["json=x"],"collectors":{},"batch":7,"noTeardown":true})");
    const QByteArray script = R"({"thresholds":{"http_req_duration":["p(95)<500"]},"summaryTimeUnit":"h"})";
    const OptionsResult r = OptionsConsolidator::consolidate(config, obj(script), {}, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.warnings.isEmpty()); // config keys such as `out` are not script warnings
    QCOMPARE(r.options.batch, qint64(7));
    QVERIFY(r.options.noTeardown);
    QCOMPARE(r.options.thresholds.value("http_req_duration").toArray().first().toString(),
             QStringLiteral("p(95)<500"));
    QCOMPARE(r.options.summaryTimeUnit, QString()); // the script key ignores unknown units
}

void TestOptions::toJson()
{
    const OptionsResult r = OptionsConsolidator::consolidate({}, obj(R"({"vus":2,"duration":"30s"})"), {}, {});
    QVERIFY2(r.ok, qPrintable(r.error));
    const QJsonObject json = r.options.toJson();
    for (const char *removed : {"vus", "iterations", "duration", "stages"})
        QVERIFY2(!json.contains(QLatin1String(removed)), removed);
    const QJsonObject scenario = json.value("scenarios").toObject().value("default").toObject();
    QCOMPARE(scenario.value("executor").toString(), QStringLiteral("constant-vus"));
    QCOMPARE(scenario.value("duration").toString(), QStringLiteral("30s"));
    QCOMPARE(scenario.value("vus").toInt(), 2);
    QCOMPARE(json.value("summaryTrendStats").toArray().size(), 6);
    QVERIFY(json.contains("consoleOutput") && json.value("consoleOutput").isNull());
    QVERIFY(json.value("thresholds").isNull());
    QCOMPARE(json.value("setupTimeout").toString(), QStringLiteral("1m0s"));
}

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"
